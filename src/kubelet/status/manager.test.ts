import { test } from "node:test";
import assert from "node:assert/strict";
import { StatusManager, statusMergePatch } from "./manager.js";
import { silentLogger } from "../../client/log.js";
import type { ResourceClient } from "../../client/rest/client.js";
import type { Pod } from "../../api/core/v1/pod.js";

test("the merge patch nulls fields the new status dropped", () => {
  assert.deepEqual(
    statusMergePatch(
      { phase: "Pending", reason: "X", podIP: "1.2.3.4" },
      { phase: "Running", podIP: "1.2.3.4" },
    ),
    {
      phase: "Running",
      podIP: "1.2.3.4",
      reason: null,
    },
  );
});

/** A status manager whose client records its PATCH calls. */
function recordingManager(): { m: StatusManager; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const client = {
    patch: (...a: unknown[]) => {
      calls.push(a);
      return Promise.resolve({});
    },
  } as unknown as ResourceClient<Pod>;
  return { m: new StatusManager(client, silentLogger), calls };
}

test("the status manager PATCHes pods/status only when the status changed", async () => {
  const { m, calls } = recordingManager();
  const pod: Pod = { metadata: { name: "web", namespace: "default", uid: "u1" }, spec: { containers: [] } };
  assert.equal(await m.setPodStatus(pod, { phase: "Pending" }), true);
  assert.equal(await m.setPodStatus(pod, { phase: "Pending" }), false);
  assert.equal(await m.setPodStatus(pod, { phase: "Running" }), true);
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1], [
    "default",
    "web",
    "merge",
    { metadata: { uid: "u1" }, status: { phase: "Running" } },
    { subresource: "status" },
  ]);
  assert.equal(m.lastWritten("u1")?.phase, "Running");
});

test("the status manager writes its status again when the API's copy moved away from it (pods marked not Ready)", async () => {
  const { m, calls } = recordingManager();
  const ready = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
  const pod = (rv: string, status?: Pod["status"]): Pod => ({
    metadata: { name: "web", namespace: "default", uid: "u1", resourceVersion: rv },
    spec: { containers: [] },
    ...(status ? { status } : {}),
  });
  assert.equal(await m.setPodStatus(pod("1"), ready), true);
  // the cache has not seen our write yet: no second write
  assert.equal(await m.setPodStatus(pod("1"), ready), false);
  // the cache shows our write
  assert.equal(await m.setPodStatus(pod("2", ready), ready), false);
  // the node lifecycle controller marked the pod not Ready: ours is written again
  const marked = { phase: "Running", conditions: [{ type: "Ready", status: "False" }] };
  assert.equal(await m.setPodStatus(pod("3", marked), ready), true);
  assert.equal(calls.length, 2);
  assert.deepEqual((calls[1] as [string, string, string, { status: unknown }])[3].status, ready);
  // and once the cache shows it, nothing more
  assert.equal(await m.setPodStatus(pod("4", ready), ready), false);
});

test("showsWritten: whether the API's copy still shows the phase and conditions the kubelet wrote", async () => {
  const { m } = recordingManager();
  const ready = { phase: "Running", conditions: [{ type: "Ready", status: "True" }] };
  const pod = (status?: Pod["status"]): Pod => ({
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: { containers: [] },
    ...(status ? { status } : {}),
  });
  assert.equal(m.showsWritten(pod(ready)), false, "nothing written yet");
  await m.setPodStatus(pod(), ready);
  assert.equal(m.showsWritten(pod(ready)), true);
  assert.equal(
    m.showsWritten(pod({ ...ready, podIP: "10.0.0.1" })),
    true,
    "other fields are not the kubelet's test",
  );
  assert.equal(
    m.showsWritten(pod({ phase: "Running", conditions: [{ type: "Ready", status: "False" }] })),
    false,
  );
  assert.equal(m.showsWritten(pod({ phase: "Pending", conditions: ready.conditions })), false);
});
