import { test } from "node:test";
import assert from "node:assert/strict";
import { needsCleanup, timeLeft } from "./ttl.js";

const job = (ttl: number | undefined, cond?: { type: string; status: string; at?: string }) =>
  ({
    spec: { ttlSecondsAfterFinished: ttl },
    status: cond
      ? { conditions: [{ type: cond.type, status: cond.status, lastTransitionTime: cond.at }] }
      : {},
  }) as any;

test("only finished Jobs with a TTL need cleanup", () => {
  assert.equal(needsCleanup(job(10)), false);
  assert.equal(needsCleanup(job(undefined, { type: "Complete", status: "True" })), false);
  assert.equal(needsCleanup(job(0, { type: "Failed", status: "True" })), true);
  assert.equal(needsCleanup(job(0, { type: "SuccessCriteriaMet", status: "True" })), false);
});

test("time left counts from the finishing condition's transition", () => {
  const at = "2026-01-01T00:00:00Z";
  const t0 = Date.parse(at);
  assert.deepEqual(timeLeft(job(30, { type: "Complete", status: "True", at }), t0 + 10_000), {
    leftMs: 20_000,
    expireAt: t0 + 30_000,
    skewed: false,
  });
  const skewed = timeLeft(job(0, { type: "Failed", status: "True", at }), t0 - 5000);
  assert.equal(typeof skewed !== "string" && skewed.skewed && skewed.leftMs, 5000);
  assert.equal(
    timeLeft(
      { ...job(1, { type: "Complete", status: "True" }), metadata: { namespace: "ns", name: "j" } },
      t0,
    ),
    "unable to find the time when the Job ns/j finished",
  );
});
