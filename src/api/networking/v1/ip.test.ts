import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import {
  cidrContainsNetwork,
  isIPv4String,
  isIPv6String,
  parseCIDR,
  parseIP,
  validateEndpointIP,
} from "./ip.js";

test("parseIP is sloppy like Go's ParseIPSloppy", () => {
  assert.ok(parseIP("10.0.0.1"));
  assert.ok(parseIP("010.001.002.003"), "leading zeros are accepted");
  assert.equal(parseIP("256.0.0.1"), null);
  assert.equal(parseIP("1.2.3"), null);
  assert.ok(parseIP("2001:db8::1"));
  assert.ok(parseIP("::ffff:1.2.3.4"));
  assert.equal(parseIP("fe80::1%eth0"), null);
  assert.equal(parseIP("example.com"), null);
});

test("IPv4-mapped IPv6 counts as IPv4", () => {
  assert.equal(isIPv4String("::ffff:1.2.3.4"), true);
  assert.equal(isIPv4String("2001:db8::1"), false);
  assert.equal(isIPv6String("2001:db8::1"), true);
  assert.equal(isIPv6String("1.2.3.4"), false);
});

test("CIDR containment", () => {
  const outer = parseCIDR("10.0.0.0/16")!;
  assert.equal(cidrContainsNetwork(outer, parseCIDR("10.0.5.0/24")!), true);
  assert.equal(cidrContainsNetwork(outer, parseCIDR("10.1.0.0/24")!), false);
  assert.equal(cidrContainsNetwork(parseCIDR("2001:db8::/32")!, parseCIDR("2001:db8:1::/48")!), true);
  assert.equal(parseCIDR("10.0.0.0/33"), null);
});

test("special endpoint addresses", () => {
  assert.deepEqual(validateEndpointIP("a", "10.1.2.3"), []);
  assert.deepEqual(validateEndpointIP("a", "127.0.0.1").map(errorString), [
    'a: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
  ]);
  assert.deepEqual(validateEndpointIP("a", "0.0.0.0").map(errorString), [
    'a: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
  ]);
  assert.equal(validateEndpointIP("a", "169.254.169.254").length, 1);
  assert.equal(validateEndpointIP("a", "224.0.0.1").length, 1);
  assert.equal(validateEndpointIP("a", "fe80::1").length, 1);
  assert.equal(validateEndpointIP("a", "::1").length, 1);
});
