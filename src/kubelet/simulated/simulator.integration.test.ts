// The simulator against a real API server: nodes register Ready with leases, pods bound to them run and
// get addresses from the node's podCIDR, deleted pods go away, a stopped kubelet stops renewing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { leases as leaseResource } from "../../api/coordination/v1/lease.js";
import type { Lease } from "../../api/coordination/v1/types.js";
import { isNotFound } from "../../client/rest/errors.js";
import { createSimulatedNodes } from "./simulator.js";
import { startTestCluster, eventually } from "./testing.js";

test("simulated nodes register, heartbeat, and run pods as a kubelet reports them", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const sim = createSimulatedNodes(c, {
    count: 3,
    heartbeatMs: 500,
    capacity: { cpu: "4", memory: "8Gi", pods: "20" },
  });
  const running = sim.run(c.signal);
  await sim.registered();
  const nodes = clientFor<Node>(c.client, nodeResource);
  const pods = clientFor<Pod>(c.client, podResource);
  const leases = clientFor<Lease>(c.client, leaseResource);

  const list = await nodes.list();
  assert.deepEqual(list.items.map((n) => n.metadata?.name).sort(), ["sim-0", "sim-1", "sim-2"]);
  const n0 = list.items.find((n) => n.metadata?.name === "sim-0")!;
  assert.equal(n0.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");
  assert.equal(n0.status?.capacity?.cpu, "4");
  assert.equal(n0.metadata?.labels?.["kubernetes.io/hostname"], "sim-0");

  // The lease is renewed on the heartbeat interval.
  const l1 = await eventually(() => leases.get("kube-node-lease", "sim-1"));
  assert.equal(l1.spec?.holderIdentity, "sim-1");
  await eventually(
    async () => (await leases.get("kube-node-lease", "sim-1")).spec?.renewTime !== l1.spec?.renewTime,
  );

  // No podCIDR yet: a bound pod waits; once the node has one, the pod runs with an address from it.
  await pods.create("default", {
    metadata: { name: "web" },
    spec: { nodeName: "sim-0", containers: [{ name: "web", image: "nginx:1.27" }] },
  });
  await nodes.patch("", "sim-0", "merge", { spec: { podCIDR: "10.42.7.0/24", podCIDRs: ["10.42.7.0/24"] } });
  const p = await eventually(async () => {
    const x = await pods.get("default", "web");
    return x.status?.phase === "Running" ? x : undefined;
  });
  assert.equal(p.status?.podIP, "10.42.7.2");
  assert.equal(p.status?.hostIP, "198.18.0.1");
  assert.equal(p.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");
  assert.equal(p.status?.containerStatuses?.[0].image, "docker.io/library/nginx:1.27");
  assert.ok(p.status?.containerStatuses?.[0].state?.running?.startedAt);

  // kubectl delete pod completes: the kubelet sees the deletion and removes the pod.
  const del = await c.server.kubectl(["delete", "pod", "web", "--wait=true", "--timeout=20s"]);
  assert.equal(del.code, 0, del.stderr);
  await eventually(async () => {
    try {
      await pods.get("default", "web");
      return false;
    } catch (e) {
      return isNotFound(e);
    }
  });

  // A stopped kubelet renews nothing.
  sim.stopHeartbeat("sim-2");
  await new Promise((r) => setTimeout(r, 800));
  const frozen = (await leases.get("kube-node-lease", "sim-2")).spec?.renewTime;
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await leases.get("kube-node-lease", "sim-2")).spec?.renewTime, frozen);
  sim.resumeHeartbeat("sim-2");
  await eventually(async () => (await leases.get("kube-node-lease", "sim-2")).spec?.renewTime !== frozen);

  // The same from outside the process: an annotation stops and restarts a node's kubelet.
  assert.equal(
    (await c.server.kubectl(["annotate", "node", "sim-1", "k8ts.io/simulated-kubelet=stopped"])).code,
    0,
  );
  await eventually(() => !sim.isAlive("sim-1"));
  assert.equal((await c.server.kubectl(["annotate", "node", "sim-1", "k8ts.io/simulated-kubelet-"])).code, 0);
  await eventually(() => sim.isAlive("sim-1"));

  const get = await c.server.kubectl(["get", "nodes"]);
  assert.match(get.stdout, /sim-0\s+Ready\s+<none>\s+\S+\s+v1\.32\.0-k8ts-sim/);
  void running;
});

test("run-to-completion pods finish when podCompletionMs is set; pod events on request", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const sim = createSimulatedNodes(c, { count: 1, podCompletionMs: 300, podEvents: true });
  const run = sim.run(c.signal);
  t.after(() => run);
  await sim.registered();
  const nodes = clientFor<Node>(c.client, nodeResource);
  const pods = clientFor<Pod>(c.client, podResource);
  await nodes.patch("", "sim-0", "merge", { spec: { podCIDR: "10.42.0.0/24", podCIDRs: ["10.42.0.0/24"] } });
  for (const [name, restartPolicy] of [
    ["job", "Never"],
    ["server", "Always"],
  ])
    await pods.create("default", {
      metadata: { name },
      spec: { nodeName: "sim-0", restartPolicy, containers: [{ name: "main", image: "busybox" }] },
    });
  const done = await eventually(async () => {
    const p = await pods.get("default", "job");
    return p.status?.phase === "Succeeded" ? p : undefined;
  });
  assert.equal(done.status?.containerStatuses?.[0].state?.terminated?.exitCode, 0);
  assert.equal(done.status?.containerStatuses?.[0].state?.terminated?.reason, "Completed");
  assert.equal(done.status?.conditions?.find((x) => x.type === "Ready")?.reason, "PodCompleted");
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await pods.get("default", "server")).status?.phase, "Running");
  const ev = await eventually(async () => {
    const out = await c.server.kubectl(["get", "events", "--field-selector", "involvedObject.name=server"]);
    return /Started container main/.test(out.stdout) ? out.stdout : undefined;
  });
  assert.match(ev, /Pulled\s+pod\/server\s+Container image "busybox" already present on machine/);
});
