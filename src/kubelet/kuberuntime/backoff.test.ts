import { test } from "node:test";
import assert from "node:assert/strict";
import { Backoff, formatDuration } from "./backoff.js";

test("crash back-off: 10 s doubling to 5 min, measured from the event time", () => {
  let now = 0;
  const b = new Backoff(10_000, 300_000, () => now);
  assert.equal(b.isInBackOffSince("k", 0), false);
  b.next("k", 0);
  assert.equal(b.get("k"), 10_000);
  now = 9_000;
  assert.equal(b.isInBackOffSince("k", 0), true);
  assert.equal(b.remaining("k", 0), 1_000);
  now = 10_000;
  assert.equal(b.isInBackOffSince("k", 0), false);
  const seen: number[] = [];
  for (let i = 0; i < 7; i++) {
    b.next("k", now);
    seen.push(b.get("k"));
  }
  assert.deepEqual(seen, [20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

test("back-off starts over after twice the maximum without failures", () => {
  let now = 0;
  const b = new Backoff(10_000, 300_000, () => now);
  b.next("k", 0);
  b.next("k", 1);
  assert.equal(b.get("k"), 20_000);
  now = 700_000;
  b.next("k", now);
  assert.equal(b.get("k"), 10_000);
  now = 2_000_000;
  b.gc();
  assert.equal(b.get("k"), 0);
});

test("durations print as Go prints them", () => {
  assert.equal(formatDuration(10_000), "10s");
  assert.equal(formatDuration(80_000), "1m20s");
  assert.equal(formatDuration(300_000), "5m0s");
});
