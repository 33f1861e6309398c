import { test } from "node:test";
import assert from "node:assert/strict";
import { PodIPAllocator, ipv4Nth, parseIPv4CIDR } from "./podips.js";

test("CIDR parsing masks host bits and rejects non-IPv4", () => {
  assert.deepEqual(parseIPv4CIDR("10.42.3.7/24"), { base: (10 << 24) + (42 << 16) + (3 << 8), bits: 24 });
  assert.equal(parseIPv4CIDR("fd00::/64"), undefined);
  assert.equal(parseIPv4CIDR("300.1.1.1/8"), undefined);
});

test("n-th address of a range", () => {
  assert.equal(ipv4Nth("198.18.0.0/15", 1), "198.18.0.1");
  assert.equal(ipv4Nth("198.18.0.0/15", 256), "198.18.1.0");
  assert.equal(ipv4Nth("198.18.0.0/15", 70000), "198.19.17.112");
  assert.throws(() => ipv4Nth("10.0.0.0/30", 3), /outside/);
});

test("pod IPs start after the gateway, never repeat while held, and run out", () => {
  const a = new PodIPAllocator("10.42.7.0/29"); // .2 .. .6 usable
  const got = [a.allocate(), a.allocate(), a.allocate(), a.allocate(), a.allocate()];
  assert.deepEqual(got, ["10.42.7.2", "10.42.7.3", "10.42.7.4", "10.42.7.5", "10.42.7.6"]);
  assert.equal(a.allocate(), undefined);
  a.release("10.42.7.4");
  assert.equal(a.allocate(), "10.42.7.4");
  assert.equal(a.allocated, 5);
});

test("reserved addresses (pods found after a restart) are skipped", () => {
  const a = new PodIPAllocator("10.42.0.0/24");
  assert.equal(a.reserve("10.42.0.2"), true);
  assert.equal(a.reserve("10.42.1.2"), false); // another node's range
  assert.equal(a.reserve("10.42.0.1"), false); // the gateway
  assert.equal(a.allocate(), "10.42.0.3");
});
