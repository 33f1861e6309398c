// Node lifecycle and taint eviction against a real API server. The test plays two kubelets (node status and
// a Lease renewed every 200 ms); one goes silent: its node turns Unknown, is tainted, its pods are marked not
// Ready and evicted according to their tolerations; when it comes back the taints go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { events as eventResource, type Event } from "../../api/core/v1/event.js";
import { leases as leaseResource } from "../../api/coordination/v1/lease.js";
import type { Lease } from "../../api/coordination/v1/types.js";
import { namespaces as namespaceResource } from "../../api/core/v1/namespace.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { rfc3339 } from "../util/metatime.js";
import { newNodeLifecycleController } from "./controller.js";
import { newTaintEvictionController } from "./tainteviction.js";

const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, "000Z");

function kubeletConditions(now: number) {
  const t = rfc3339(now);
  const c = (type: string, status: string, reason: string) => ({
    type,
    status,
    reason,
    message: reason,
    lastHeartbeatTime: t,
    lastTransitionTime: t,
  });
  return [
    c("MemoryPressure", "False", "KubeletHasSufficientMemory"),
    c("DiskPressure", "False", "KubeletHasNoDiskPressure"),
    c("PIDPressure", "False", "KubeletHasSufficientPID"),
    c("Ready", "True", "KubeletReady"),
  ];
}

test("a silent node goes Unknown, is tainted, and its pods are evicted per their tolerations", async (t) => {
  // Without DefaultTolerationSeconds: the test needs a pod that tolerates nothing (the plugin would add 300 s).
  const c = await startTestCluster({}, ["--disable-admission-plugins", "DefaultTolerationSeconds"]);
  t.after(() => c.stop());
  const nodes = clientFor<Node>(c.ctx.client, nodeResource);
  const pods = clientFor<Pod>(c.ctx.client, podResource);
  const leases = clientFor<Lease>(c.ctx.client, leaseResource);
  const events = clientFor<Event>(c.ctx.client, eventResource);
  try {
    await clientFor(c.ctx.client, namespaceResource).create("", { metadata: { name: "kube-node-lease" } });
  } catch {
    // exists already
  }

  // Two kubelets in two zones.
  const alive = new Map([
    ["n1", true],
    ["n2", true],
  ]);
  for (const [name, zone] of [
    ["n1", "zone-a"],
    ["n2", "zone-b"],
  ]) {
    await nodes.create("", {
      metadata: { name, labels: { "topology.kubernetes.io/zone": zone, "kubernetes.io/hostname": name } },
      status: { conditions: kubeletConditions(Date.now()) },
    });
    await nodes.patch(
      "",
      name,
      "merge",
      { status: { conditions: kubeletConditions(Date.now()) } },
      { subresource: "status" },
    );
    await leases.create("kube-node-lease", {
      metadata: { name },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(Date.now()) },
    });
  }
  const heartbeat = setInterval(() => {
    for (const [name, on] of alive)
      if (on)
        void leases
          .get("kube-node-lease", name)
          .then((l) =>
            leases.update("kube-node-lease", name, {
              ...l,
              spec: { ...l.spec, renewTime: micro(Date.now()) },
            }),
          )
          .catch(() => undefined);
  }, 200);
  t.after(() => clearInterval(heartbeat));

  const pod = (name: string, node: string, tolerationSeconds?: number | "forever"): Pod => ({
    metadata: { name, namespace: "default" },
    spec: {
      nodeName: node,
      containers: [{ name: "c", image: "busybox" }],
      tolerations:
        tolerationSeconds === undefined
          ? []
          : [
              {
                key: "node.kubernetes.io/unreachable",
                operator: "Exists",
                effect: "NoExecute",
                ...(tolerationSeconds === "forever" ? {} : { tolerationSeconds }),
              },
            ],
    },
  });
  for (const p of [
    pod("safe", "n1"),
    pod("doomed", "n2"),
    pod("patient", "n2", 3),
    pod("stubborn", "n2", "forever"),
  ]) {
    await pods.create("default", p);
    const now = rfc3339(Date.now());
    await pods.patch(
      "default",
      p.metadata!.name!,
      "merge",
      {
        status: {
          phase: "Running",
          podIP: "10.42.0.9",
          conditions: [
            { type: "Ready", status: "True", lastTransitionTime: now },
            { type: "ContainersReady", status: "True", lastTransitionTime: now },
          ],
        },
      },
      { subresource: "status" },
    );
  }

  const lifecycle = newNodeLifecycleController(c.ctx, {
    nodeMonitorPeriodMs: 200,
    nodeMonitorGracePeriodMs: 1500,
    evictionRate: 10,
  });
  const eviction = newTaintEvictionController(c.ctx);
  c.start();
  const runs = [lifecycle.run(c.signal), eviction.run(c.signal)];
  t.after(() => Promise.all(runs));

  // Healthy nodes stay Ready and untainted.
  await new Promise((r) => setTimeout(r, 2000));
  assert.equal((await nodes.get("", "n1")).spec?.taints, undefined);
  assert.equal((await nodes.get("", "n2")).spec?.taints, undefined);

  // n2's kubelet goes silent.
  alive.set("n2", false);
  const n2 = await eventually(async () => {
    const n = await nodes.get("", "n2");
    const keys = (n.spec?.taints ?? []).map((x) => `${x.key}:${x.effect}`);
    return keys.includes("node.kubernetes.io/unreachable:NoExecute") ? n : undefined;
  });
  const ready = n2.status?.conditions?.find((x) => x.type === "Ready");
  assert.equal(ready?.status, "Unknown");
  assert.equal(ready?.reason, "NodeStatusUnknown");
  assert.equal(ready?.message, "Kubelet stopped posting node status.");
  for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"])
    assert.equal(n2.status?.conditions?.find((x) => x.type === type)?.status, "Unknown");
  await eventually(async () =>
    (await nodes.get("", "n2")).spec?.taints?.some(
      (x) => x.key === "node.kubernetes.io/unreachable" && x.effect === "NoSchedule",
    ),
  );

  // The untolerating pod goes at once, with the DisruptionTarget condition; its Ready went False first.
  const doomed = await eventually(async () => {
    const p = await pods.get("default", "doomed");
    return p.metadata?.deletionTimestamp ? p : undefined;
  });
  const dt = doomed.status?.conditions?.find((x) => x.type === "DisruptionTarget");
  assert.equal(dt?.reason, "DeletionByTaintManager");
  assert.equal(dt?.message, "Taint manager: deleting due to NoExecute taint");
  assert.equal(doomed.status?.conditions?.find((x) => x.type === "Ready")?.status, "False");

  // tolerationSeconds: 3 delays the eviction; a toleration without seconds keeps the pod.
  const patientAt = Date.now();
  assert.equal((await pods.get("default", "patient")).metadata?.deletionTimestamp, undefined);
  await eventually(async () => (await pods.get("default", "patient")).metadata?.deletionTimestamp);
  assert.ok(Date.now() - patientAt > 500, "the tolerating pod was not evicted at once");
  const stubborn = await pods.get("default", "stubborn");
  assert.equal(stubborn.metadata?.deletionTimestamp, undefined);
  assert.equal(stubborn.status?.conditions?.find((x) => x.type === "Ready")?.status, "False");
  const safe = await pods.get("default", "safe");
  assert.equal(safe.metadata?.deletionTimestamp, undefined);
  assert.equal(safe.status?.conditions?.find((x) => x.type === "Ready")?.status, "True");

  const evs = (await events.list("")).items;
  assert.ok(
    evs.some((e) => e.reason === "NodeNotReady" && e.message === "Node n2 status is now: NodeNotReady"),
  );
  assert.ok(
    evs.some(
      (e) => e.reason === "RegisteredNode" && e.message === "Node n1 event: Registered Node n1 in Controller",
    ),
  );
  assert.ok(
    evs.some(
      (e) => e.reason === "TaintManagerEviction" && e.message === "Marking for deletion Pod default/doomed",
    ),
  );
  assert.ok(evs.some((e) => e.reason === "NodeNotReady" && e.involvedObject?.name === "stubborn"));

  // The kubelet comes back: Ready again, the taints go.
  alive.set("n2", true);
  await nodes.patch(
    "",
    "n2",
    "merge",
    {
      status: {
        conditions: kubeletConditions(Date.now()).map((x) => ({
          ...x,
          lastTransitionTime: rfc3339(Date.now()),
        })),
      },
    },
    { subresource: "status" },
  );
  await eventually(async () => ((await nodes.get("", "n2")).spec?.taints ?? []).length === 0);
});
