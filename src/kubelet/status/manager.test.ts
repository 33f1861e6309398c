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

test("the status manager PATCHes pods/status only when the status changed", async () => {
  const calls: unknown[][] = [];
  const client = {
    patch: (...a: unknown[]) => {
      calls.push(a);
      return Promise.resolve({});
    },
  } as unknown as ResourceClient<Pod>;
  const m = new StatusManager(client, silentLogger);
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
