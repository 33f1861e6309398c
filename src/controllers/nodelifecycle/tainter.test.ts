import { test } from "node:test";
import assert from "node:assert/strict";
import { RateLimitedTimedQueue, TokenBucket } from "./tainter.js";

test("token bucket: burst, then qps", () => {
  let t = 0;
  const b = new TokenBucket(0.1, 1, () => t);
  assert.equal(b.tryAccept(), true);
  assert.equal(b.tryAccept(), false);
  t = 9_999;
  assert.equal(b.tryAccept(), false);
  t = 10_000;
  assert.equal(b.tryAccept(), true);
  assert.equal(new TokenBucket(0, 1, () => t).tryAccept(), false);
});

test("the tainting queue takes one node per token, in order, and retries failures later", async () => {
  let t = 0;
  const q = new RateLimitedTimedQueue(1, () => t);
  assert.equal(q.add("a", "ua"), true);
  assert.equal(q.add("b", "ub"), true);
  assert.equal(q.add("a", "ua"), false);
  const seen: string[] = [];
  await q.try(async (v) => (seen.push(v.value), { done: true }));
  assert.deepEqual(seen, ["a"]);
  t = 1000;
  await q.try(async (v) => (seen.push(v.value), { done: false, retryAfterMs: 500 }));
  assert.deepEqual(seen, ["a", "b"]);
  assert.equal(q.length, 1);
  t = 2000; // token available, but b is not due until 1501 ... it is; a failure waits retry+1 ms
  await q.try(async (v) => (seen.push(v.value), { done: true }));
  assert.deepEqual(seen, ["a", "b", "b"]);
  assert.equal(q.length, 0);
});

test("a stopped limiter (qps 0) taints nothing; swapping back resumes", async () => {
  let t = 0;
  const q = new RateLimitedTimedQueue(0.1, () => t);
  q.swapLimiter(0);
  q.add("a", "u");
  let calls = 0;
  await q.try(async () => (calls++, { done: true }));
  assert.equal(calls, 0);
  q.swapLimiter(0.1);
  t = 10_000;
  await q.try(async () => (calls++, { done: true }));
  assert.equal(calls, 1);
});
