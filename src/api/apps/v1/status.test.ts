import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import { validateDeploymentStatus } from "./deployment.js";
import { validateReplicaSetStatus } from "./replicaset.js";
import { validateStatefulSetStatus } from "./statefulset.js";

test("workload status counters: non-negative, bounded by replicas, available ≤ ready", () => {
  assert.deepEqual(validateDeploymentStatus({ replicas: 3, readyReplicas: 3, availableReplicas: 2 }), []);
  assert.deepEqual(
    validateDeploymentStatus({ replicas: 2, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 2 }).map(
      errorString,
    ),
    [
      "status.updatedReplicas: Invalid value: 3: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas",
    ],
  );
  assert.deepEqual(validateReplicaSetStatus({ replicas: -1 }).map(errorString), [
    "status.replicas: Invalid value: -1: must be greater than or equal to 0",
    // Absent counters are Go's zero, which is above -1.
    "status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas",
    "status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas",
    "status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas",
  ]);
  assert.deepEqual(validateReplicaSetStatus({ replicas: 1, fullyLabeledReplicas: 2 }).map(errorString), [
    "status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas",
  ]);
  // StatefulSets word the last rule with the status. prefix, as upstream.
  assert.deepEqual(
    validateStatefulSetStatus({
      replicas: 2,
      currentReplicas: 3,
      readyReplicas: 1,
      availableReplicas: 2,
    }).map(errorString),
    [
      "status.currentReplicas: Invalid value: 3: cannot be greater than status.replicas",
      "status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas",
    ],
  );
});
