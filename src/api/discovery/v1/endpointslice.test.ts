import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { endpointSlices } from "./endpointslice.js";
import { EndpointSlice } from "./types.js";

// An EndpointSlice as the endpointslice controller writes it.
const slice = {
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: {
    name: "web-abc12",
    namespace: "default",
    labels: {
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    },
    generateName: "web-",
    creationTimestamp: "2024-01-01T00:00:00Z",
  },
  addressType: "IPv4",
  endpoints: [
    {
      addresses: ["10.42.0.5"],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: "node-1",
      targetRef: {
        kind: "Pod",
        namespace: "default",
        name: "web-0",
        uid: "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
      },
    },
    { addresses: ["10.42.0.6"], conditions: { ready: false } },
  ],
  ports: [{ name: "http", protocol: "TCP", port: 80, appProtocol: "http" }],
};

// TypeBox rejects unknown string formats; the API server registers these (timestamps are RFC 3339).
FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const msgs = (o: any) => endpointSlices.validate!(o).map(errorString);

test("schema accepts a controller-written slice, rejects unknown fields", () => {
  assert.deepEqual(
    [...Value.Errors(EndpointSlice, slice)].map((e) => e.path),
    [],
  );
  const bad = structuredClone(slice) as any;
  bad.endpoints[0].topology = { zone: "a" }; // the v1beta1 name
  assert.equal(Value.Check(EndpointSlice, bad), false);
});

test("defaults: port name empty, protocol TCP", () => {
  const o: any = {
    metadata: { name: "s" },
    addressType: "IPv4",
    endpoints: [],
    ports: [{ port: 53 }, { name: "dns", protocol: "UDP" }],
  };
  endpointSlices.defaults!(o);
  assert.deepEqual(o.ports, [
    { port: 53, name: "", protocol: "TCP" },
    { name: "dns", protocol: "UDP" },
  ]);
});

test("valid slice", () => {
  assert.deepEqual(msgs(structuredClone(slice)), []);
});

test("validation: address types and formats", () => {
  const base = (addressType: string, addresses: string[]): any => ({
    metadata: { name: "s" },
    addressType,
    endpoints: [{ addresses }],
  });
  const cases: [any, string[]][] = [
    [base("", ["10.0.0.1"]), ["addressType: Required value"]],
    [
      base("IP", ["10.0.0.1"]),
      ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'],
    ],
    [base("IPv4", []), ["endpoints[0].addresses: Required value: must contain at least 1 address"]],
    [
      base("IPv4", ["foo"]),
      [
        'endpoints[0].addresses[0]: Invalid value: "foo": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    ],
    [
      base("IPv4", ["2001:db8::1"]),
      ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be an IPv4 address'],
    ],
    [
      base("IPv6", ["10.0.0.1"]),
      ['endpoints[0].addresses[0]: Invalid value: "10.0.0.1": must be an IPv6 address'],
    ],
    [
      base("IPv4", ["127.0.0.1"]),
      [
        'endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    ],
    [base("FQDN", ["example.com"]), []],
    [
      base("FQDN", ["localhost"]),
      [
        'endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
      ],
    ],
  ];
  for (const [o, want] of cases) assert.deepEqual(msgs(o), want, JSON.stringify(o));
});

test("validation: ports", () => {
  const o: any = {
    metadata: { name: "s" },
    addressType: "IPv4",
    endpoints: [],
    ports: [
      { name: "http", protocol: "TCP", port: 80 },
      { name: "http", protocol: "ICMP", port: 81 },
      { name: "Bad_Name", protocol: "TCP" },
    ],
  };
  const errs = endpointSlices.validate!(o);
  assert.deepEqual(
    errs.map((e) => [e.type, e.field]),
    [
      ["FieldValueDuplicate", "ports[1].name"],
      ["FieldValueNotSupported", "ports[1].protocol"],
      ["FieldValueInvalid", "ports[2].name"],
    ],
  );
  assert.equal(
    errorString(errs[1]),
    'ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
  );
});

test("update: addressType immutable; IP still accepted", () => {
  const old: any = { metadata: { name: "s" }, addressType: "IP", endpoints: [] };
  assert.deepEqual(endpointSlices.validateUpdate!(structuredClone(old), old), []);
  const changed = { ...structuredClone(old), addressType: "IPv4" };
  assert.deepEqual(endpointSlices.validateUpdate!(changed, old).map(errorString), [
    'addressType: Invalid value: "IPv4": field is immutable',
  ]);
});

test("prepare: deprecatedTopology dropped when endpoints change; label change bumps generation", () => {
  const o: any = structuredClone(slice);
  o.endpoints[0].deprecatedTopology = { "topology.kubernetes.io/zone": "a" };
  endpointSlices.prepareForCreate!(o);
  assert.equal(o.endpoints[0].deprecatedTopology, undefined);

  const old: any = structuredClone(slice);
  old.metadata.generation = 3;
  old.endpoints[0].deprecatedTopology = { zone: "a" };
  const same: any = structuredClone(old);
  same.metadata.labels.extra = "x";
  endpointSlices.prepareForUpdate!(same, old);
  assert.equal(same.metadata.generation, 4);
  assert.deepEqual(same.endpoints[0].deprecatedTopology, { zone: "a" }, "unchanged endpoints keep topology");
});

test("columns: NAME ADDRESSTYPE PORTS ENDPOINTS AGE", () => {
  const cols = endpointSlices.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"],
  );
  const now = Date.parse("2024-01-01T01:00:00Z");
  assert.deepEqual(
    cols.map((c) => c.cell(slice, now)),
    ["web-abc12", "IPv4", "80", "10.42.0.5,10.42.0.6", "60m"],
  );
  const many: any = {
    ...slice,
    ports: [{ port: 1 }, { name: "x" }, {}, { port: 4 }, { port: 5 }],
    endpoints: [{ addresses: ["a", "b"] }, { addresses: ["c", "d", "e"] }],
  };
  assert.equal(cols[2].cell(many, now), "1,x,* + 2 more...");
  assert.equal(cols[3].cell(many, now), "a,b,c + 2 more...");
  assert.equal(cols[2].cell({ ...slice, ports: [] }, now), "<unset>");
});
