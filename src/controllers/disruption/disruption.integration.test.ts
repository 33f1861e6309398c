// The disruption controller against a real API server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { replicasets as rsResource } from "../../api/apps/v1/replicaset.js";
import { poddisruptionbudgets as pdbResource } from "../../api/policy/v1/poddisruptionbudget.js";
import type { PodDisruptionBudget } from "../../api/policy/v1/types.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { createRunningPod, setPodStatus } from "../util/testpods.js";
import { newDisruptionController } from "./controller.js";

test("PDB status follows pod readiness and the owners' scale", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const pods = clientFor<Pod>(c.ctx.client, podResource);
  const pdbs = clientFor<PodDisruptionBudget>(c.ctx.client, pdbResource);
  const rs = await clientFor(c.ctx.client, rsResource).create("default", {
    metadata: { name: "web-rs" },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "busybox" }] },
      },
    },
  });
  const owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-rs", uid: rs.metadata.uid ?? "" };
  for (const i of [0, 1, 2])
    await createRunningPod(pods, "default", {
      name: `web-${i}`,
      node: "n",
      ip: `10.42.0.${i + 2}`,
      labels: { app: "web" },
      owner,
    });
  const ctrl = newDisruptionController(c.ctx);
  c.start();
  const run = ctrl.run(c.signal);
  t.after(() => run);

  await pdbs.create("default", {
    metadata: { name: "min2" },
    spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } },
  });
  const s1 = await eventually(async () => {
    const p = await pdbs.get("default", "min2");
    return p.status?.observedGeneration === 1 ? p.status : undefined;
  });
  assert.equal(s1.expectedPods, 3);
  assert.equal(s1.currentHealthy, 3);
  assert.equal(s1.desiredHealthy, 2);
  assert.equal(s1.disruptionsAllowed, 1);
  const cond = s1.conditions?.find((x) => x.type === "DisruptionAllowed");
  assert.equal(cond?.status, "True");
  assert.equal(cond?.reason, "SufficientPods");

  // One pod not Ready: no disruption allowed.
  await setPodStatus(pods, "default", { name: "web-1", ip: "10.42.0.3", ready: false });
  const s2 = await eventually(async () => {
    const p = await pdbs.get("default", "min2");
    return p.status?.currentHealthy === 2 ? p.status : undefined;
  });
  assert.equal(s2.disruptionsAllowed, 0);
  assert.equal(s2.conditions?.find((x) => x.type === "DisruptionAllowed")?.reason, "InsufficientPods");

  // A percentage counts the owner's replicas (4), not the pods (3).
  await pdbs.create("default", {
    metadata: { name: "pct" },
    spec: { maxUnavailable: "50%", selector: { matchLabels: { app: "web" } } },
  });
  const s3 = await eventually(async () => {
    const p = await pdbs.get("default", "pct");
    return p.status?.expectedPods === 4 ? p.status : undefined;
  });
  assert.equal(s3.desiredHealthy, 2);
  assert.equal(s3.disruptionsAllowed, 0); // 2 healthy, 2 desired

  const out = await c.server.kubectl(["get", "pdb", "min2"]);
  assert.match(out.stdout, /min2\s+2\s+N\/A\s+0\s/);
});
