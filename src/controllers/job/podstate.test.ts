// The counting rules of pod tracking (pkg/controller/job/job_controller.go): which pods count as failed,
// and how uncounted UIDs move into the counters once their finalizer is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cleanUncountedPodsWithoutFinalizers, isPodFailed, pastBackoffLimitOnFailure } from "./podstate.js";

const pod = (phase: string, deleting = false, restarts = 0) =>
  ({
    metadata: { name: "p", deletionTimestamp: deleting ? "2026-01-01T00:00:00Z" : undefined },
    status: { phase, containerStatuses: [{ name: "c", restartCount: restarts }] },
  }) as any;
const job = (spec: object = {}) => ({ metadata: {}, spec: { backoffLimit: 6, ...spec } }) as any;

test("a deleted pod counts as failed unless only Failed pods are replaced", () => {
  assert.equal(isPodFailed(pod("Failed"), job()), true);
  assert.equal(isPodFailed(pod("Running", true), job()), true);
  assert.equal(isPodFailed(pod("Succeeded", true), job()), false);
  assert.equal(isPodFailed(pod("Running", true), job({ podReplacementPolicy: "Failed" })), false);
  assert.equal(isPodFailed(pod("Running", true), job({ podFailurePolicy: { rules: [] } })), false);
});

test("OnFailure: restarts of running and pending pods reach backoffLimit", () => {
  const onFailure = (limit: number) =>
    job({ backoffLimit: limit, template: { spec: { restartPolicy: "OnFailure", containers: [] } } });
  assert.equal(
    pastBackoffLimitOnFailure(onFailure(3), [pod("Running", false, 2), pod("Pending", false, 1)]),
    true,
  );
  assert.equal(
    pastBackoffLimitOnFailure(onFailure(3), [pod("Running", false, 2), pod("Failed", false, 5)]),
    false,
  );
  assert.equal(pastBackoffLimitOnFailure(onFailure(0), [pod("Running", false, 1)]), true);
  assert.equal(pastBackoffLimitOnFailure(job({ backoffLimit: 0 }), [pod("Running", false, 1)]), false);
});

test("uncounted UIDs without a finalizer move into the counters", () => {
  const status = {
    succeeded: 2,
    failed: 1,
    uncountedTerminatedPods: { succeeded: ["a", "b"], failed: ["c"] },
  };
  assert.equal(cleanUncountedPodsWithoutFinalizers(status, new Set(["b"])), true);
  assert.deepEqual(status, { succeeded: 3, failed: 2, uncountedTerminatedPods: { succeeded: ["b"] } });
  assert.equal(cleanUncountedPodsWithoutFinalizers(status, new Set(["b"])), false);
});
