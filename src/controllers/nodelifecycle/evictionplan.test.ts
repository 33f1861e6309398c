import { test } from "node:test";
import assert from "node:assert/strict";
import { minTolerationMs, planEviction } from "./evictionplan.js";

const unreachable = [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }];
const tol = (seconds?: number) => ({
  key: "node.kubernetes.io/unreachable",
  operator: "Exists",
  effect: "NoExecute",
  ...(seconds === undefined ? {} : { tolerationSeconds: seconds }),
});

test("min toleration time", () => {
  assert.equal(minTolerationMs([]), 0);
  assert.equal(minTolerationMs([tol()]), -1);
  assert.equal(minTolerationMs([tol(300), tol(60)]), 60_000);
  assert.equal(minTolerationMs([tol(300), tol(0)]), 0);
  assert.equal(minTolerationMs([tol(-5)]), 0);
});

test("an untolerated taint evicts now; no taint cancels", () => {
  assert.deepEqual(planEviction([], unreachable, 1000, undefined), {
    cancel: true,
    schedule: { createdAt: 1000, fireAt: 1000 },
  });
  assert.deepEqual(planEviction([tol(30)], [], 1000, { createdAt: 0, fireAt: 30_000 }), { cancel: true });
  // A toleration for a different taint does not help.
  assert.equal(
    planEviction([{ key: "other", operator: "Exists" }], unreachable, 5, undefined).schedule?.fireAt,
    5,
  );
});

test("tolerationSeconds delays the eviction; forever cancels it", () => {
  assert.deepEqual(planEviction([tol(30)], unreachable, 1000, undefined), {
    cancel: false,
    schedule: { createdAt: 1000, fireAt: 31_000 },
  });
  assert.deepEqual(planEviction([tol()], unreachable, 1000, { createdAt: 0, fireAt: 30_000 }), {
    cancel: true,
  });
  // Re-planning later keeps the original schedule.
  assert.deepEqual(planEviction([tol(30)], unreachable, 20_000, { createdAt: 1000, fireAt: 31_000 }), {
    cancel: false,
  });
});

test("an operator-less toleration matches the value exactly", () => {
  const taints = [{ key: "dedicated", value: "gpu", effect: "NoExecute" }];
  assert.equal(planEviction([{ key: "dedicated", value: "gpu" }], taints, 0, undefined).schedule, undefined);
  assert.equal(planEviction([{ key: "dedicated", value: "cpu" }], taints, 0, undefined).schedule?.fireAt, 0);
});
