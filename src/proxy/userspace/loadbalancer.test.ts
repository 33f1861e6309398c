import { test } from "node:test";
import assert from "node:assert/strict";
import { RoundRobin } from "./loadbalancer.js";

const a = { ip: "10.0.0.1", port: 80 };
const b = { ip: "10.0.0.2", port: 80 };
const c = { ip: "10.0.0.3", port: 80 };

test("round robin over the endpoints; excluded ones are skipped; none gives undefined", () => {
  const lb = new RoundRobin();
  assert.equal(lb.pick("1.1.1.1"), undefined);
  lb.update([a, b, c]);
  assert.deepEqual([lb.pick("x"), lb.pick("x"), lb.pick("x"), lb.pick("x")], [a, b, c, a]);
  assert.deepEqual(lb.pick("x", new Set(["10.0.0.2:80"])), c);
  assert.equal(lb.pick("x", new Set(["10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"])), undefined);
});

test("ClientIP affinity holds until idle for the timeout, and ends when the endpoint goes", () => {
  let now = 0;
  const lb = new RoundRobin(10, () => now);
  lb.update([a, b]);
  assert.deepEqual(lb.pick("client-1"), a);
  assert.deepEqual(lb.pick("client-2"), b);
  now = 9_000;
  assert.deepEqual(lb.pick("client-1"), a);
  now = 18_000; // 9 s after the last use: still held
  assert.deepEqual(lb.pick("client-1"), a);
  now = 29_000; // 11 s idle: a new choice
  assert.deepEqual(lb.pick("client-1"), a, "round robin continues where it was: a");
  lb.update([b]);
  assert.deepEqual(lb.pick("client-1"), b);
});
