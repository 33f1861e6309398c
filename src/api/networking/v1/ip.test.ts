import { test } from "node:test";
import assert from "node:assert/strict";
import { isIPv4, parseIP } from "./ip.js";

test("this path's parseIP gives Go's 16-byte form, sloppy like ParseIPSloppy", () => {
  assert.deepEqual([...parseIP("10.0.0.1")!], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1]);
  assert.ok(parseIP("010.001.002.003"), "leading zeros are accepted");
  assert.equal(parseIP("256.0.0.1"), null);
  assert.equal(parseIP("fe80::1%eth0"), null);
  assert.equal(parseIP("example.com"), null);
  assert.equal(parseIP("2001:db8::1")!.length, 16);
  assert.equal(isIPv4(parseIP("::ffff:1.2.3.4")!), true);
  assert.equal(isIPv4(parseIP("2001:db8::1")!), false);
});
