import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import { networkPolicies } from "./networkpolicy.js";

function np(spec: any): any {
  return { metadata: { name: "np", namespace: "default" }, spec };
}

test("defaults: policyTypes from the rules present, port protocol TCP", () => {
  const cases: [any, string[]][] = [
    [{ podSelector: {} }, ["Ingress"]],
    [{ podSelector: {}, ingress: [{}] }, ["Ingress"]],
    [{ podSelector: {}, egress: [{}] }, ["Ingress", "Egress"]],
    [{ podSelector: {}, egress: [{}], policyTypes: ["Egress"] }, ["Egress"]],
  ];
  for (const [spec, want] of cases) {
    const obj = np(structuredClone(spec));
    networkPolicies.defaults!(obj);
    assert.deepEqual(obj.spec.policyTypes, want);
  }
  const obj = np({
    podSelector: {},
    ingress: [{ ports: [{ port: 80 }, { port: 53, protocol: "UDP" }] }],
    egress: [{ ports: [{}] }],
  });
  networkPolicies.defaults!(obj);
  assert.deepEqual(obj.spec.ingress[0].ports, [
    { port: 80, protocol: "TCP" },
    { port: 53, protocol: "UDP" },
  ]);
  assert.deepEqual(obj.spec.egress[0].ports, [{ protocol: "TCP" }]);
});

test("validation: upstream fields and messages", () => {
  const cases: [string, any, string[]][] = [
    [
      "valid",
      { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [{ podSelector: {} }] }] },
      [],
    ],
    [
      "empty peer",
      { podSelector: {}, ingress: [{ from: [{}] }] },
      ["spec.ingress[0].from[0]: Required value: must specify a peer"],
    ],
    [
      "ipBlock with another peer",
      { podSelector: {}, egress: [{ to: [{ podSelector: {}, ipBlock: { cidr: "10.0.0.0/8" } }] }] },
      ["spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer"],
    ],
    [
      "except must be a strict subset",
      {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.1.0.0/24", "10.0.0.0/16"] } }] }],
      },
      [
        'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
        'spec.ingress[0].from[0].ipBlock.except[1]: Invalid value: "10.0.0.0/16": must be a strict subset of `cidr`',
      ],
    ],
    [
      "bad cidr",
      { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0" } }] }] },
      [
        'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
      ],
    ],
    [
      "endPort below port",
      { podSelector: {}, ingress: [{ ports: [{ protocol: "TCP", port: 100, endPort: 90 }] }] },
      ["spec.ingress[0].ports[0].endPort: Invalid value: 90: must be greater than or equal to `port`"],
    ],
    [
      "endPort with named port",
      { podSelector: {}, ingress: [{ ports: [{ protocol: "TCP", port: "http", endPort: 90 }] }] },
      [
        "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric",
      ],
    ],
    [
      "protocol enum",
      { podSelector: {}, ingress: [{ ports: [{ protocol: "ICMP" }] }] },
      [
        'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      ],
    ],
    [
      "policyTypes enum",
      { podSelector: {}, policyTypes: ["Ingress", "Both"] },
      ['spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"'],
    ],
    [
      "selector operator",
      { podSelector: { matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] } },
      [
        "spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
    ],
  ];
  for (const [name, spec, want] of cases)
    assert.deepEqual(networkPolicies.validate!(np(spec)).map(errorString), want, name);
});

test("update keeps accepting a CIDR that is already stored", () => {
  const old = np({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.1" } }] }] });
  assert.equal(networkPolicies.validate!(old).length, 1);
  assert.deepEqual(networkPolicies.validateUpdate!(old, old), []);
});

test("columns: NAME POD-SELECTOR AGE", () => {
  const cols = networkPolicies.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "POD-SELECTOR", "AGE"],
  );
  const now = Date.parse("2024-01-02T00:00:00Z");
  const obj = np({
    podSelector: {
      matchLabels: { role: "db" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["b", "a"] },
        { key: "canary", operator: "DoesNotExist" },
      ],
    },
  });
  obj.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  assert.deepEqual(
    cols.map((c) => c.cell(obj, now)),
    ["np", "!canary,role=db,tier in (a,b)", "24h"],
  );
  assert.equal(cols[1].cell(np({ podSelector: {} }), now), "<none>");
});
