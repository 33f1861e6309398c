import { test } from "node:test";
import assert from "node:assert/strict";
import { calculateStatus, rolloutStatus, progressCheckAfterMs, sameStatus } from "./status.js";
import { deploymentTimedOut, setDeploymentCondition, newDeploymentCondition } from "./conditions.js";
import { deployment } from "./world.test-support.js";
import type { RS } from "./types.js";

const now = Date.parse("2025-01-01T00:10:00Z");
const rs = (name: string, replicas: number, available: number, conditions: any[] = []): RS => ({
  metadata: { name },
  spec: { replicas, selector: {} },
  status: { replicas, readyReplicas: available, availableReplicas: available, conditions },
});

test("calculateStatus sums the ReplicaSets and sets Available with upstream's messages", () => {
  const d = deployment({ replicas: 10, surge: 3, unavailable: 2 });
  const s = calculateStatus([rs("old", 5, 5), rs("new", 6, 3)], rs("new", 6, 3), d, now);
  assert.equal(s.replicas, 11);
  assert.equal(s.updatedReplicas, 6);
  assert.equal(s.availableReplicas, 8);
  assert.equal(s.unavailableReplicas, 3);
  assert.equal(s.observedGeneration, 1);
  const avail = s.conditions!.find((c) => c.type === "Available")!;
  assert.deepEqual(
    [avail.status, avail.reason, avail.message],
    ["True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
  );
  const low = calculateStatus([rs("new", 10, 7)], rs("new", 10, 7), d, now);
  const c = low.conditions!.find((c) => c.type === "Available")!;
  assert.deepEqual(
    [c.status, c.reason, c.message],
    ["False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."],
  );
  // More available than desired while scaling down is not negative unavailability.
  assert.equal(calculateStatus([rs("a", 2, 5)], undefined, d, now).unavailableReplicas, 0);
});

test("Progressing: updated while progress is made, available when complete, timed out after the deadline", () => {
  const d = deployment({ replicas: 3 });
  d.status = { replicas: 3, updatedReplicas: 1, availableReplicas: 2 };
  setDeploymentCondition(
    d.status,
    newDeploymentCondition(
      "Progressing",
      "True",
      "NewReplicaSetCreated",
      'Created new replica set "web-abc"',
      now - 60_000,
    ),
  );
  const newRS = rs("web-abc", 2, 1);
  const progressing = rolloutStatus([rs("web-old", 1, 1), newRS], newRS, d, now);
  const p = progressing.conditions!.find((c) => c.type === "Progressing")!;
  assert.deepEqual([p.reason, p.message], ["ReplicaSetUpdated", 'ReplicaSet "web-abc" is progressing.']);
  assert.equal(p.lastTransitionTime, "2025-01-01T00:09:00Z", "still True: transition time kept");
  assert.equal(p.lastUpdateTime, "2025-01-01T00:10:00Z");

  const done = rs("web-abc", 3, 3);
  const complete = rolloutStatus([done], done, d, now).conditions!.find((c) => c.type === "Progressing")!;
  assert.deepEqual(
    [complete.status, complete.reason, complete.message],
    ["True", "NewReplicaSetAvailable", 'ReplicaSet "web-abc" has successfully progressed.'],
  );

  // No progress since the last status and the deadline passed.
  const stuck = structuredClone(d);
  stuck.status = {
    replicas: 3,
    updatedReplicas: 1,
    readyReplicas: 1,
    availableReplicas: 1,
    conditions: [newDeploymentCondition("Progressing", "True", "ReplicaSetUpdated", "x", now - 601_000)],
  };
  const stuckRS = rs("web-abc", 1, 0);
  const out = rolloutStatus([rs("web-old", 2, 1), stuckRS], stuckRS, stuck, now).conditions!.find(
    (c) => c.type === "Progressing",
  )!;
  assert.deepEqual(
    [out.status, out.reason, out.message],
    ["False", "ProgressDeadlineExceeded", 'ReplicaSet "web-abc" has timed out progressing.'],
  );
  // Before the deadline: no change, and a re-check is scheduled for when it expires.
  stuck.status.conditions![0].lastUpdateTime = "2025-01-01T00:09:00Z";
  const pending = rolloutStatus([rs("web-old", 2, 1), stuckRS], stuckRS, stuck, now);
  assert.equal(pending.conditions!.find((c) => c.type === "Progressing")!.reason, "ReplicaSetUpdated");
  assert.equal(progressCheckAfterMs(stuck, pending, now), 541_000);
});

test("a ReplicaFailure on the new ReplicaSet is promoted to the Deployment", () => {
  const d = deployment({ replicas: 3 });
  const failing = rs("web-abc", 3, 0, [
    {
      type: "ReplicaFailure",
      status: "True",
      reason: "FailedCreate",
      message: "quota",
      lastTransitionTime: "2025-01-01T00:00:00Z",
    },
  ]);
  const c = rolloutStatus([failing], failing, d, now).conditions!.find((c) => c.type === "ReplicaFailure")!;
  assert.deepEqual([c.status, c.reason, c.message], ["True", "FailedCreate", "quota"]);
});

test("a paused-then-resumed or finished rollout never counts as timed out", () => {
  const d = deployment();
  const s = { conditions: [newDeploymentCondition("Progressing", "True", "NewReplicaSetAvailable", "", 0)] };
  assert.equal(deploymentTimedOut(d, s, now), false);
  d.spec!.progressDeadlineSeconds = 2147483647;
  assert.equal(
    deploymentTimedOut(
      d,
      { conditions: [newDeploymentCondition("Progressing", "True", "ReplicaSetUpdated", "", 0)] },
      now,
    ),
    false,
  );
});

test("sameStatus treats zero values and absent fields alike", () => {
  assert.equal(sameStatus({ replicas: 0, conditions: [] }, {}), true);
  assert.equal(sameStatus({ replicas: 1 }, {}), false);
});
