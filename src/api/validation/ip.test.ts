import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "./field.js";
import {
  cidrContainsNetwork,
  ipString,
  isIPv4String,
  isIPv6String,
  isValidCIDR,
  isValidCIDRForLegacyField,
  isValidIP,
  isValidIPForLegacyField,
  parseCIDR,
  parseIP,
  validateEndpointIP,
  validateNonSpecialIP,
} from "./ip.js";

const details = (errs: { detail?: string }[]) => errs.map((e) => e.detail);

test("parse and print as Go's net package", () => {
  const cases: [string, string | undefined][] = [
    ["10.0.0.1", "10.0.0.1"],
    ["2001:db8::1", "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"],
    ["1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"],
    ["::ffff:192.0.2.1", "192.0.2.1"],
    ["64:ff9b::192.0.2.1", "64:ff9b::c000:201"],
    ["1.2.3", undefined],
    ["1.2.3.256", undefined],
    ["1::2::3", undefined],
    ["1:2:3:4:5:6:7:8:9", undefined],
    ["fe80::1%eth0", undefined],
    ["", undefined],
  ];
  for (const [input, want] of cases) {
    const ip = parseIP(input);
    assert.equal(ip && ipString(ip.bytes), want, input);
  }
  assert.equal(isIPv6String("fd00::1"), true);
  assert.equal(isIPv6String("::ffff:1.2.3.4"), false);
  assert.equal(isIPv6String("10.0.0.1"), false);
});

test("IsValidIP / IsValidCIDR messages", () => {
  assert.deepEqual(details(isValidIP("f", "10.0.0.1")), []);
  assert.deepEqual(details(isValidIP("f", "010.0.0.1")), ["must not have leading 0s"]);
  assert.deepEqual(details(isValidIP("f", "::ffff:1.2.3.4")), ["must not be an IPv4-mapped IPv6 address"]);
  assert.deepEqual(details(isValidIP("f", "2001:db8:0::1")), ['must be in canonical form ("2001:db8::1")']);
  assert.deepEqual(details(isValidIP("f", "nope")), [
    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
  ]);
  assert.deepEqual(details(isValidCIDR("f", "10.0.0.0/8")), []);
  assert.deepEqual(details(isValidCIDR("f", "2001:db8::/32")), []);
  assert.deepEqual(details(isValidCIDR("f", "10.0.0.0/33")), [
    "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
  ]);
  assert.deepEqual(details(isValidCIDR("f", "10.1.0.0/8")), [
    "must not have bits set beyond the prefix length",
  ]);
  assert.deepEqual(details(isValidCIDR("f", "10.0.0.0/008")), [
    "must not have leading 0s in IP or prefix length",
  ]);
  assert.deepEqual(details(isValidCIDR("f", "2001:DB8::/32")), [
    'must be in canonical form ("2001:db8::/32")',
  ]);
});

test("ValidateNonSpecialIP", () => {
  assert.deepEqual(details(validateNonSpecialIP("10.42.0.7", "f")), []);
  assert.deepEqual(details(validateNonSpecialIP("0.0.0.0", "f")), ["may not be unspecified (0.0.0.0)"]);
  assert.deepEqual(details(validateNonSpecialIP("::", "f")), ["may not be unspecified (::)"]);
  assert.deepEqual(details(validateNonSpecialIP("127.0.0.53", "f")), [
    "may not be in the loopback range (127.0.0.0/8, ::1/128)",
  ]);
  assert.deepEqual(details(validateNonSpecialIP("fe80::1", "f")), [
    "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
  ]);
  assert.deepEqual(details(validateNonSpecialIP("224.0.0.251", "f")), [
    "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
  ]);
  // IPv4-mapped addresses are judged as IPv4.
  assert.deepEqual(details(validateNonSpecialIP("::ffff:127.0.0.1", "f")), [
    "may not be in the loopback range (127.0.0.0/8, ::1/128)",
  ]);
});

test("legacy fields take what ParseIPSloppy / ParseCIDRSloppy take", () => {
  assert.deepEqual(isValidIPForLegacyField("f", "010.001.002.003"), [], "leading zeros are accepted");
  assert.deepEqual(isValidIPForLegacyField("f", "2001:db8:0::1"), [], "non-canonical IPv6 is accepted");
  assert.deepEqual(isValidIPForLegacyField("f", "1.2.3.4.5", ["1.2.3.4.5"]), [], "an old value is kept");
  assert.deepEqual(isValidIPForLegacyField("f", "256.0.0.1").map(errorString), [
    'f: Invalid value: "256.0.0.1": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
  ]);
  assert.deepEqual(isValidCIDRForLegacyField("f", "10.1.0.0/8"), [], "host bits may be set");
  assert.deepEqual(isValidCIDRForLegacyField("f", "10.0.0.0/33").map(errorString), [
    'f: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
});

test("IPv4-mapped IPv6 counts as IPv4", () => {
  assert.equal(isIPv4String("::ffff:1.2.3.4"), true);
  assert.equal(isIPv4String("10.0.0.1"), true);
  assert.equal(isIPv4String("2001:db8::1"), false);
  assert.equal(isIPv4String("nope"), false);
});

test("CIDR containment", () => {
  const outer = parseCIDR("10.0.0.0/16")!;
  assert.equal(cidrContainsNetwork(outer, parseCIDR("10.0.5.0/24")!), true);
  assert.equal(cidrContainsNetwork(outer, parseCIDR("10.1.0.0/24")!), false);
  assert.equal(cidrContainsNetwork(parseCIDR("2001:db8::/32")!, parseCIDR("2001:db8:1::/48")!), true);
  assert.equal(parseCIDR("10.0.0.0/33"), null);
  assert.equal(parseCIDR("10.0.0.0"), null);
  assert.deepEqual({ ...parseCIDR("10.0.0.0/8")!, ip: undefined }, { ip: undefined, bits: 104, v4: true });
});

test("endpoint addresses: special ranges are rejected, unparsable ones are left to the caller", () => {
  assert.deepEqual(validateEndpointIP("a", "10.1.2.3"), []);
  assert.deepEqual(validateEndpointIP("a", "not-an-ip"), []);
  assert.deepEqual(validateEndpointIP("a", "127.0.0.1").map(errorString), [
    'a: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
  ]);
  assert.deepEqual(validateEndpointIP("a", "0.0.0.0").map(errorString), [
    'a: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
  ]);
  for (const special of ["169.254.169.254", "224.0.0.1", "fe80::1", "::1"])
    assert.equal(validateEndpointIP("a", special).length, 1, special);
});
