import { test } from "node:test";
import assert from "node:assert/strict";
import { BackoffStore, remainingBackoffMs, getFinishedTime } from "./backoff.js";

const at = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const finished = (s: number) =>
  ({
    metadata: { creationTimestamp: at(0) },
    status: { containerStatuses: [{ name: "c", state: { terminated: { exitCode: 1, finishedAt: at(s) } } }] },
  }) as any;

test("back-off doubles from 10 s per failure since the last success, capped at 6 min", () => {
  const store = new BackoffStore();
  let r = store.newBackoffRecord("ns/j", [], [finished(100)]);
  assert.deepEqual(r, { key: "ns/j", failuresAfterLastSuccess: 1, lastFailureTime: 100_000 });
  assert.equal(remainingBackoffMs(r, 104_000), 6_000);
  store.update(r);
  r = store.newBackoffRecord("ns/j", [], [finished(110), finished(120)]);
  assert.equal(r.failuresAfterLastSuccess, 3);
  assert.equal(remainingBackoffMs(r, 120_000), 40_000);
  assert.equal(remainingBackoffMs({ ...r, failuresAfterLastSuccess: 20 }, 120_000), 360_000);
  assert.equal(remainingBackoffMs(r, 200_000), 0);
  // A success resets; failures after it count again.
  r = store.newBackoffRecord("ns/j", [finished(130)], [finished(125), finished(140)]);
  assert.deepEqual(r, { key: "ns/j", failuresAfterLastSuccess: 1, lastFailureTime: 140_000 });
});

test("finished time falls back to the creation time", () => {
  assert.equal(getFinishedTime({ metadata: { creationTimestamp: at(5) } } as any), 5000);
  assert.equal(getFinishedTime(finished(9)), 9000);
  // Deleted without a kubelet: the deletion time less the grace period.
  assert.equal(
    getFinishedTime({
      metadata: { creationTimestamp: at(0), deletionTimestamp: at(40), deletionGracePeriodSeconds: 30 },
    } as any),
    10_000,
  );
});
