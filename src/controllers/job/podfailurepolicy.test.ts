import { test } from "node:test";
import assert from "node:assert/strict";
import { matchPodFailurePolicy, getFailJobMessage } from "./podfailurepolicy.js";

const failed = (exitCode: number, conditions: { type: string; status: string }[] = []) =>
  ({
    metadata: { namespace: "ns", name: "p" },
    status: {
      phase: "Failed",
      conditions,
      containerStatuses: [{ name: "main", state: { terminated: { exitCode } } }],
    },
  }) as any;

const policy = {
  rules: [
    { action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } },
    { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
    { action: "Count", onExitCodes: { operator: "NotIn", values: [1] } },
  ],
};

test("the first matching rule decides", () => {
  assert.deepEqual(matchPodFailurePolicy(policy, failed(42)), {
    failJobMessage: "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 0",
    countFailed: true,
    action: "FailJob",
  });
  assert.deepEqual(matchPodFailurePolicy(policy, failed(1, [{ type: "DisruptionTarget", status: "True" }])), {
    countFailed: false,
    action: "Ignore",
  });
  assert.deepEqual(matchPodFailurePolicy(policy, failed(2)), { countFailed: true, action: "Count" });
  // No rule matches: a plain failure.
  assert.deepEqual(matchPodFailurePolicy(policy, failed(1)), { countFailed: true });
  assert.deepEqual(matchPodFailurePolicy(undefined, failed(42)), { countFailed: true });
  assert.deepEqual(
    matchPodFailurePolicy(
      { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [3] } }] },
      failed(3),
    ),
    { countFailed: true, action: "FailIndex" },
  );
});

test("pod-condition FailJob message", () => {
  const p = {
    rules: [{ action: "FailJob", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }],
  };
  assert.equal(
    getFailJobMessage(p, [failed(0), failed(137, [{ type: "DisruptionTarget", status: "True" }])]),
    "Pod ns/p has condition DisruptionTarget matching FailJob rule at index 0",
  );
  assert.equal(getFailJobMessage(p, [failed(1)]), undefined);
});
