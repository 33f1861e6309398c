import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveUpstreams, RoundRobin, type RService, type RSlice } from "./backends.js";

const svc: RService = {
  metadata: { name: "web", namespace: "default" },
  spec: {
    ports: [
      { name: "http", port: 80, targetPort: 8080 },
      { name: "admin", port: 9000 },
    ],
  },
};
const slice = (endpoints: unknown[]): RSlice =>
  ({
    metadata: { name: "web-1", namespace: "default", labels: { "kubernetes.io/service-name": "web" } },
    addressType: "IPv4",
    endpoints,
    ports: [
      { name: "http", port: 8080, protocol: "TCP" },
      { name: "admin", port: 9900, protocol: "TCP" },
    ],
  }) as RSlice;

test("the Service port is found by number or name; endpoints use the slice's port of the same name", () => {
  const sl = [slice([{ addresses: ["10.42.0.2"], conditions: { ready: true } }])];
  assert.deepEqual(resolveUpstreams(svc, sl, 80), {
    kind: "ok",
    upstreams: [{ host: "10.42.0.2", port: 8080 }],
  });
  assert.deepEqual(resolveUpstreams(svc, sl, "admin"), {
    kind: "ok",
    upstreams: [{ host: "10.42.0.2", port: 9900 }],
  });
  assert.deepEqual(resolveUpstreams(svc, sl, 81), { kind: "no-port" });
  assert.deepEqual(resolveUpstreams(undefined, sl, 80), { kind: "no-service" });
});

test("only ready endpoints; serving terminating ones only when none is ready; none gives no-endpoints", () => {
  const mixed = [
    slice([
      { addresses: ["10.42.0.3"], conditions: { ready: true } },
      { addresses: ["10.42.0.4"], conditions: { ready: false, serving: true, terminating: true } },
      { addresses: ["10.42.0.5"], conditions: { ready: false } },
    ]),
  ];
  assert.deepEqual(resolveUpstreams(svc, mixed, 80), {
    kind: "ok",
    upstreams: [{ host: "10.42.0.3", port: 8080 }],
  });
  const draining = [
    slice([{ addresses: ["10.42.0.4"], conditions: { ready: false, serving: true, terminating: true } }]),
  ];
  assert.deepEqual(resolveUpstreams(svc, draining, 80), {
    kind: "ok",
    upstreams: [{ host: "10.42.0.4", port: 8080 }],
  });
  assert.deepEqual(
    resolveUpstreams(svc, [slice([{ addresses: ["10.42.0.5"], conditions: { ready: false } }])], 80),
    {
      kind: "no-endpoints",
    },
  );
  assert.deepEqual(resolveUpstreams(svc, [], 80), { kind: "no-endpoints" });
});

test("round robin starts at the next endpoint each time and lists the rest for retries", () => {
  const rr = new RoundRobin();
  const ups = [
    { host: "a", port: 1 },
    { host: "b", port: 1 },
    { host: "c", port: 1 },
  ];
  assert.deepEqual(
    [rr.order("k", ups), rr.order("k", ups), rr.order("k", ups), rr.order("k", ups)].map((o) =>
      o.map((u) => u.host).join(""),
    ),
    ["abc", "bca", "cab", "abc"],
  );
});
