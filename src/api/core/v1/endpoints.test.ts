import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { endpoints, type Endpoints, formatEndpoints } from "./endpoints.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const ep = (subsets: Endpoints["subsets"]): Endpoints => ({
  apiVersion: "v1",
  kind: "Endpoints",
  metadata: { name: "web", namespace: "default" },
  subsets,
});

test("ports default to TCP", () => {
  const e = ep([{ addresses: [{ ip: "10.42.0.5" }], ports: [{ port: 80 }, { port: 53, protocol: "UDP" }] }]);
  endpoints.defaults!(e);
  assert.deepEqual(e.subsets![0].ports, [
    { port: 80, protocol: "TCP" },
    { port: 53, protocol: "UDP" },
  ]);
});

test("validation as ValidateEndpoints", () => {
  const cases: { name: string; subsets: Endpoints["subsets"]; want: string[] }[] = [
    {
      name: "valid with target ref and not-ready address",
      subsets: [
        {
          addresses: [
            {
              ip: "10.42.0.5",
              nodeName: "node-1",
              targetRef: { kind: "Pod", name: "web-1", namespace: "default" },
            },
          ],
          notReadyAddresses: [{ ip: "fd00::5", hostname: "web-2" }],
          ports: [{ name: "http", port: 8080, protocol: "TCP" }],
        },
      ],
      want: [],
    },
    {
      name: "no addresses",
      subsets: [{ ports: [{ port: 80, protocol: "TCP" }] }],
      want: ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"],
    },
    {
      name: "special and malformed IPs",
      subsets: [{ addresses: [{ ip: "127.0.0.1" }, { ip: "10.0.0.300" }] }],
      want: [
        'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'subsets[0].addresses[1].ip: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
        'subsets[0].addresses[1].ip: Invalid value: "10.0.0.300": must be a valid IP address',
      ],
    },
    {
      name: "ports need names when several, a protocol and a range",
      subsets: [
        {
          addresses: [{ ip: "10.42.0.5" }],
          ports: [
            { name: "a", port: 80, protocol: "TCP" },
            { port: 0, protocol: "ICMP" },
          ],
        },
      ],
      want: [
        "subsets[0].ports[1].name: Required value",
        "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        'subsets[0].ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
  ];
  for (const c of cases)
    assert.deepEqual(endpoints.validate!(ep(c.subsets)).map(errorString), c.want, c.name);
});

test("ENDPOINTS column as formatEndpoints", () => {
  const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));
  assert.equal(formatEndpoints(ep(undefined)), "<none>");
  assert.equal(
    formatEndpoints(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 80 }] }])),
    "10.0.0.1:80,10.0.0.2:80",
  );
  assert.equal(
    formatEndpoints(
      ep([{ addresses: addrs("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), ports: [{ port: 80 }] }]),
    ),
    "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...",
  );
  assert.equal(
    formatEndpoints(ep([{ addresses: addrs("10.0.0.1", "10.0.0.2"), ports: [{ port: 80 }, { port: 443 }] }])),
    "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...",
  );
  // Headless services without ports list bare IPs; IPv6 hosts are bracketed.
  assert.equal(formatEndpoints(ep([{ addresses: addrs("10.0.0.9") }])), "10.0.0.9");
  assert.equal(formatEndpoints(ep([{ addresses: addrs("fd00::1"), ports: [{ port: 80 }] }])), "[fd00::1]:80");
  // Not-ready addresses are not shown.
  assert.equal(formatEndpoints(ep([{ notReadyAddresses: addrs("10.0.0.1"), ports: [{ port: 80 }] }])), "");
  const now = Date.parse("2026-01-01T00:00:30Z");
  const e = ep([{ addresses: addrs("10.0.0.1"), ports: [{ port: 80 }] }]);
  e.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  assert.deepEqual(
    endpoints.printerColumns!.map((c) => c.cell(e, now)),
    ["web", "10.0.0.1:80", "30s"],
  );
});

test("schema accepts a controller-written object and rejects unknown fields", () => {
  const e = ep([
    {
      addresses: [
        {
          ip: "10.42.0.5",
          nodeName: "node-1",
          targetRef: { kind: "Pod", namespace: "default", name: "web-1", uid: "u1", resourceVersion: "7" },
        },
      ],
      ports: [{ name: "http", port: 8080, protocol: "TCP", appProtocol: "http" }],
    },
  ]);
  e.metadata.labels = { "endpointslice.kubernetes.io/skip-mirror": "true" };
  assert.ok(Value.Check(endpoints.schema, e));
  const bad = structuredClone(e) as unknown as { subsets: { addresses: Record<string, unknown>[] }[] };
  bad.subsets[0].addresses[0].podIP = "10.42.0.5";
  assert.equal(Value.Check(endpoints.schema, bad), false);
});
