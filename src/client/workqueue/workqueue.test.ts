import { test } from "node:test";
import assert from "node:assert/strict";
import { WorkQueue, ItemExponentialFailureRateLimiter, BucketRateLimiter, type Clock } from "./workqueue.js";

/** A manual clock: timers fire only when advance() passes them. */
class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }
  advance(ms: number) {
    this.t += ms;
    for (const tm of this.timers.filter((x) => x.live && x.at <= this.t).sort((a, b) => a.at - b.at)) {
      tm.live = false;
      tm.fn();
    }
  }
}

test("re-adds coalesce while queued", async () => {
  const q = new WorkQueue<string>();
  q.add("a");
  q.add("b");
  q.add("a");
  assert.equal(q.length, 2);
  assert.equal(await q.get(), "a");
  assert.equal(await q.get(), "b");
});

test("a key being processed is not handed out again until done, then it is re-queued once", async () => {
  const q = new WorkQueue<string>();
  q.add("a");
  const k = await q.get();
  q.add("a");
  q.add("a");
  assert.equal(q.length, 0, "not queued while processing");
  q.done(k!);
  assert.equal(q.length, 1);
  assert.equal(await q.get(), "a");
  q.done("a");
  assert.equal(q.length, 0);
});

test("get waits for an add and shutDown releases waiters", async () => {
  const q = new WorkQueue<string>();
  const p = q.get();
  q.add("x");
  assert.equal(await p, "x");
  const p2 = q.get();
  q.shutDown();
  assert.equal(await p2, undefined);
  q.add("y");
  assert.equal(await q.get(), undefined, "adds after shutdown are dropped");
});

test("addAfter honours the delay and keeps the soonest", async () => {
  const clock = new FakeClock();
  const q = new WorkQueue<string>(new ItemExponentialFailureRateLimiter(), clock);
  q.addAfter("a", 100);
  q.addAfter("a", 50);
  q.addAfter("a", 500);
  clock.advance(49);
  assert.equal(q.length, 0);
  clock.advance(1);
  assert.equal(q.length, 1);
  clock.advance(1000);
  assert.equal(q.length, 1, "the cancelled later timer does not add again");
});

test("item exponential back-off doubles per failure and forget resets it", () => {
  const l = new ItemExponentialFailureRateLimiter<string>(5, 60);
  assert.deepEqual([l.when("a"), l.when("a"), l.when("a"), l.when("a"), l.when("a")], [5, 10, 20, 40, 60]);
  assert.equal(l.retries("a"), 5);
  l.forget("a");
  assert.equal(l.when("a"), 5);
});

test("bucket limiter allows a burst then spaces keys by 1/qps", () => {
  const clock = new FakeClock();
  const l = new BucketRateLimiter<string>(10, 2, clock);
  assert.equal(l.when("a"), 0);
  assert.equal(l.when("b"), 0);
  assert.equal(Math.round(l.when("c")), 100);
  clock.advance(1000);
  assert.equal(l.when("d"), 0);
});
