import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Service } from "../../api/core/v1/service.js";
import { reconcileSlices, podToEndpoint, type Slice } from "./reconciler.js";
import { SliceTracker } from "./tracker.js";

const svc: Service = {
  metadata: { name: "web", namespace: "default", uid: "svc-uid", labels: { team: "a" } },
  spec: {
    selector: { app: "web" },
    clusterIP: "10.43.0.10",
    ipFamilies: ["IPv4"],
    ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
  },
};

const pod = (i: number, ready = true, port = 8080): Pod => ({
  metadata: { name: `p${i}`, namespace: "default", uid: `u${i}`, labels: { app: "web" } },
  spec: {
    nodeName: "sim-0",
    containers: [{ name: "c", image: "x", ports: [{ name: "http", containerPort: port }] }],
  },
  status: {
    phase: "Running",
    podIP: `10.42.${Math.floor(i / 250)}.${(i % 250) + 2}`,
    podIPs: [{ ip: `10.42.${Math.floor(i / 250)}.${(i % 250) + 2}` }],
    conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
  },
});

const node = () => ({ metadata: { name: "sim-0", labels: { "topology.kubernetes.io/zone": "zone-a" } } });

let n = 0;
/** Pretends the server created the slices (names, uids, generation). */
const persist = (slices: Slice[]): Slice[] =>
  slices.map((s) => ({
    ...s,
    metadata: { ...s.metadata, name: s.metadata.name ?? `web-${++n}`, uid: `s${n}`, generation: 1 },
  }));

test("endpoints carry conditions, zone, node and target", () => {
  const ep = podToEndpoint(pod(0), node(), svc, "IPv4");
  assert.deepEqual(ep, {
    addresses: ["10.42.0.2"],
    conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: "Pod", namespace: "default", name: "p0", uid: "u0" },
    nodeName: "sim-0",
    zone: "zone-a",
  });
  const terminating = pod(1);
  terminating.metadata!.deletionTimestamp = "2025-01-01T00:00:00Z";
  assert.deepEqual(podToEndpoint(terminating, node(), svc, "IPv4").conditions, {
    ready: false,
    serving: true,
    terminating: true,
  });
});

test("250 pods make three slices of at most 100, labelled and owned by the service", () => {
  const pods = Array.from({ length: 250 }, (_, i) => pod(i));
  const r = reconcileSlices({ service: svc, pods, node, existing: [] });
  assert.equal(r.create.length, 3);
  assert.deepEqual(r.create.map((s) => s.endpoints.length).sort(), [100, 100, 50]);
  const s = r.create[0];
  assert.equal(s.metadata.generateName, "web-");
  assert.equal(s.addressType, "IPv4");
  assert.deepEqual(s.ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
  assert.deepEqual(s.metadata.labels, {
    team: "a",
    "kubernetes.io/service-name": "web",
    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
  });
  assert.deepEqual(s.metadata.ownerReferences, [
    {
      apiVersion: "v1",
      kind: "Service",
      name: "web",
      uid: "svc-uid",
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
});

test("a steady state writes nothing; one pod turning unready updates only its slice", () => {
  const pods = Array.from({ length: 150 }, (_, i) => pod(i));
  const existing = persist(reconcileSlices({ service: svc, pods, node, existing: [] }).create);
  const again = reconcileSlices({ service: svc, pods, node, existing });
  assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0]);
  pods[3] = pod(3, false);
  const r = reconcileSlices({ service: svc, pods, node, existing });
  assert.equal(r.create.length + r.delete.length, 0);
  assert.equal(r.update.length, 1);
  const ep = r.update[0].endpoints.find((e) => e.targetRef?.name === "p3");
  assert.deepEqual(ep?.conditions, { ready: false, serving: false, terminating: false });
});

test("pods with different resolved ports go to different slices", () => {
  const r = reconcileSlices({ service: svc, pods: [pod(0), pod(1, true, 9000)], node, existing: [] });
  assert.deepEqual(r.create.map((s) => s.ports?.[0].port).sort(), [8080, 9000]);
});

test("no endpoints: one placeholder slice, kept as it is", () => {
  const r = reconcileSlices({ service: svc, pods: [], node, existing: [] });
  assert.equal(r.create.length, 1);
  assert.deepEqual(r.create[0].endpoints, []);
  assert.deepEqual(r.create[0].ports, []);
  const existing = persist(r.create);
  const again = reconcileSlices({ service: svc, pods: [], node, existing });
  assert.deepEqual([again.create.length, again.update.length, again.delete.length], [0, 0, 0]);
  // Pods arrive: the placeholder is reused rather than deleted and re-created.
  const filled = reconcileSlices({ service: svc, pods: [pod(0)], node, existing });
  assert.equal(filled.create.length, 0);
  assert.equal(filled.delete.length, 0);
  assert.equal(filled.update.length, 1);
  assert.equal(filled.update[0].metadata.name, existing[0].metadata.name);
  assert.equal(filled.update[0].endpoints.length, 1);
});

test("a pod on a missing node is skipped and reported", () => {
  const r = reconcileSlices({ service: svc, pods: [pod(0)], node: () => undefined, existing: [] });
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /Node sim-0 Not Found/);
});

test("the tracker holds syncs back until the cache has the controller's writes", () => {
  const t = new SliceTracker();
  const s = {
    metadata: {
      name: "web-1",
      namespace: "default",
      uid: "s1",
      generation: 2,
      labels: { "kubernetes.io/service-name": "web" },
    },
    addressType: "IPv4",
    endpoints: [],
  };
  t.update("default", "web", s);
  assert.equal(t.staleSlices("default", "web", []), true); // created, not yet in the cache
  assert.equal(t.staleSlices("default", "web", [{ ...s, metadata: { ...s.metadata, generation: 1 } }]), true);
  assert.equal(t.staleSlices("default", "web", [s]), false);
  assert.equal(t.shouldSync(s), false);
  assert.equal(t.shouldSync({ ...s, metadata: { ...s.metadata, generation: 3 } }), true);
  t.expectDeletion("default", "web", s);
  assert.equal(t.staleSlices("default", "web", [s]), true);
  assert.equal(t.handleDeletion(s), false); // expected
  assert.equal(t.staleSlices("default", "web", []), false);
});
