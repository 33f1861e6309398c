// PodGC against a real API server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { createRunningPod } from "../util/testpods.js";
import { newPodGCController } from "./controller.js";

const gone = (pods: ReturnType<typeof clientFor<Pod>>, name: string) => async () => {
  try {
    await pods.get("default", name);
    return false;
  } catch (e) {
    return isNotFound(e);
  }
};

test("orphaned pods and terminated pods beyond the threshold are collected", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const pods = clientFor<Pod>(c.ctx.client, podResource);
  await clientFor<Node>(c.ctx.client, nodeResource).create("", { metadata: { name: "here" } });
  await createRunningPod(pods, "default", { name: "orphan", node: "nowhere", ip: "10.42.0.2" });
  await createRunningPod(pods, "default", { name: "homed", node: "here", ip: "10.42.0.3" });
  for (const i of [1, 2, 3]) {
    await createRunningPod(pods, "default", { name: `done-${i}`, node: "here", phase: "Succeeded" });
    await new Promise((r) => setTimeout(r, 1100)); // distinct creation times (whole seconds)
  }
  const gc = newPodGCController(c.ctx, {
    gcCheckPeriodMs: 200,
    quarantineMs: 500,
    terminatedPodThreshold: 1,
  });
  c.start();
  const run = gc.run(c.signal);
  t.after(() => run);

  await eventually(gone(pods, "orphan"));
  await eventually(gone(pods, "done-1"));
  await eventually(gone(pods, "done-2"));
  await new Promise((r) => setTimeout(r, 600));
  assert.equal((await pods.get("default", "done-3")).status?.phase, "Succeeded");
  assert.equal((await pods.get("default", "homed")).status?.phase, "Running");
});
