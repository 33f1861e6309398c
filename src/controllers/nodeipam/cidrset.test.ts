import { test } from "node:test";
import assert from "node:assert/strict";
import { CidrSet, errNoCIDRsRemaining } from "./cidrset.js";

test("blocks are handed out in order and the range runs out", () => {
  const s = new CidrSet("10.42.0.0/22", 24);
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.0.0/24" });
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.1.0/24" });
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.2.0/24" });
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.3.0/24" });
  assert.deepEqual(s.allocateNext(), { error: errNoCIDRsRemaining });
});

test("occupied blocks are skipped; a released block is reused only after wrapping", () => {
  const s = new CidrSet("10.42.0.0/16", 24);
  assert.equal(s.occupy("10.42.0.0/24"), undefined);
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.1.0/24" });
  assert.equal(s.release("10.42.0.0/24"), undefined);
  assert.deepEqual(s.allocateNext(), { cidr: "10.42.2.0/24" });
  assert.equal(s.free, 254);
  assert.match(s.occupy("10.99.0.0/24")?.error ?? "", /is out the range of cluster cidr 10\.42\.0\.0\/16/);
});

test("a larger CIDR occupies every block it covers; smaller masks fit more nodes", () => {
  const s = new CidrSet("10.42.0.0/16", 24);
  s.occupy("10.42.4.0/23");
  assert.equal(s.free, 254);
  const small = new CidrSet("10.128.0.0/9", 24);
  assert.equal(small.free, 32768);
  assert.throws(() => new CidrSet("10.42.0.0/16", 8), /does not fit/);
  assert.throws(() => new CidrSet("fd00::/48", 64), /only IPv4/);
});
