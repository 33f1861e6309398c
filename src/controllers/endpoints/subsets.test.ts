import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Service } from "../../api/core/v1/service.js";
import { endpointSubsetsFor, repackSubsets, truncateSubsets } from "./subsets.js";

const svc = (over: Partial<Service["spec"]> = {}): Service => ({
  metadata: { name: "web", namespace: "default" },
  spec: {
    selector: { app: "web" },
    clusterIP: "10.43.0.10",
    ipFamilies: ["IPv4"],
    ports: [
      { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
      { name: "metrics", port: 9090, targetPort: 9090, protocol: "TCP" },
    ],
    ...over,
  },
});

const pod = (
  name: string,
  ip: string,
  ready: boolean,
  containerPort = 8080,
  over: Partial<Pod> = {},
): Pod => ({
  metadata: { name, namespace: "default", uid: `uid-${name}`, labels: { app: "web" } },
  spec: {
    nodeName: "sim-0",
    containers: [{ name: "c", image: "x", ports: [{ name: "http", containerPort, protocol: "TCP" }] }],
  },
  status: {
    phase: "Running",
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
  ...over,
});

test("ready and not-ready pods, named target ports resolved per pod, repacked by address set", () => {
  const subsets = repackSubsets(
    endpointSubsetsFor(svc(), [
      pod("a", "10.42.0.3", true),
      pod("b", "10.42.0.2", true),
      pod("c", "10.42.1.2", false, 8081),
    ]),
  );
  // Upstream's grouping: one subset per distinct set of addresses (with readiness) behind the same ports.
  const byPorts = (ports: string) =>
    subsets.find((s) => (s.ports ?? []).map((p) => `${p.name}:${p.port}`).join(",") === ports);
  assert.equal(subsets.length, 3);
  const http = byPorts("http:8080");
  assert.deepEqual(
    http?.addresses?.map((a) => a.ip),
    ["10.42.0.2", "10.42.0.3"],
  );
  assert.deepEqual(http?.addresses?.[0].targetRef, {
    kind: "Pod",
    namespace: "default",
    name: "b",
    uid: "uid-b",
  });
  assert.equal(http?.addresses?.[0].nodeName, "sim-0");
  assert.equal(http?.notReadyAddresses, undefined);
  const metrics = byPorts("metrics:9090");
  assert.deepEqual(
    metrics?.addresses?.map((a) => a.ip),
    ["10.42.0.2", "10.42.0.3"],
  );
  assert.deepEqual(
    metrics?.notReadyAddresses?.map((a) => a.ip),
    ["10.42.1.2"],
  );
  // c's http port is 8081 (its container names it differently).
  assert.deepEqual(
    byPorts("http:8081")?.notReadyAddresses?.map((a) => a.ip),
    ["10.42.1.2"],
  );
  // Two pods offering the same ports share one subset.
  const same = repackSubsets(
    endpointSubsetsFor(svc(), [pod("a", "10.42.0.3", true), pod("b", "10.42.0.2", true)]),
  );
  assert.equal(same.length, 1);
  assert.deepEqual(same[0].ports, [
    { name: "http", port: 8080, protocol: "TCP" },
    { name: "metrics", port: 9090, protocol: "TCP" },
  ]);
});

test("pods without IP, terminal or terminating pods are left out (unless publishNotReadyAddresses)", () => {
  const noIP = pod("n", "", true);
  noIP.status!.podIPs = [];
  const done = pod("d", "10.42.0.9", false);
  done.status!.phase = "Succeeded";
  const going = pod("g", "10.42.0.8", true, 8080, {
    metadata: {
      name: "g",
      namespace: "default",
      uid: "g",
      labels: {},
      deletionTimestamp: "2025-01-01T00:00:00Z",
    },
  });
  assert.deepEqual(endpointSubsetsFor(svc(), [noIP, done, going]), []);
  const pub = repackSubsets(
    endpointSubsetsFor(svc({ publishNotReadyAddresses: true }), [going, pod("u", "10.42.0.7", false)]),
  );
  assert.deepEqual(
    pub[0].addresses?.map((a) => a.ip),
    ["10.42.0.7", "10.42.0.8"],
  );
});

test("a pod without the named port is skipped for that port only; headless without ports keeps addresses", () => {
  const p = pod("x", "10.42.0.5", true);
  p.spec!.containers[0].ports = [];
  assert.deepEqual(repackSubsets(endpointSubsetsFor(svc(), [p]))[0].ports, [
    { name: "metrics", port: 9090, protocol: "TCP" },
  ]);
  const headless = repackSubsets(endpointSubsetsFor(svc({ clusterIP: "None", ports: [] }), [p]));
  assert.deepEqual(headless, [{ addresses: [headless[0].addresses![0]] }]);
  assert.equal(headless[0].addresses?.[0].ip, "10.42.0.5");
});

test("hostname is set for pods whose subdomain is the service", () => {
  const p = pod("h", "10.42.0.4", true);
  p.spec!.hostname = "h0";
  p.spec!.subdomain = "web";
  assert.equal(repackSubsets(endpointSubsetsFor(svc(), [p]))[0].addresses?.[0].hostname, "h0");
});

test("an address ready on one port and not another splits subsets; ready wins for the same port", () => {
  const a = { ip: "10.0.0.1", targetRef: { uid: "1" } };
  const out = repackSubsets([
    { addresses: [a], ports: [{ port: 80 }] },
    { notReadyAddresses: [a], ports: [{ port: 80 }] },
  ]);
  assert.deepEqual(out, [{ addresses: [a], ports: [{ port: 80 }] }]);
});

test("over 1000 addresses are truncated proportionally, ready first", () => {
  const mk = (n: number, base: string) => Array.from({ length: n }, (_, i) => ({ ip: `${base}.${i}` }));
  const s = [
    { addresses: mk(600, "10.0.1"), notReadyAddresses: mk(100, "10.0.9"), ports: [{ port: 1 }] },
    { addresses: mk(300, "10.0.2"), notReadyAddresses: mk(100, "10.0.8"), ports: [{ port: 2 }] },
  ];
  assert.equal(truncateSubsets(s), true);
  assert.equal(s[0].addresses.length, 600);
  assert.equal(s[1].addresses.length, 300);
  assert.equal(s[0].notReadyAddresses.length + s[1].notReadyAddresses.length, 100);
  assert.equal(truncateSubsets([{ addresses: mk(10, "1.1.1") }]), false);
});
