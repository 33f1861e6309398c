import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "./field.js";
import { isValidPortName, isValidPortNum, validatePortNumOrName } from "./ports.js";

test("port numbers are 1-65535", () => {
  for (const ok of [1, 80, 65535]) assert.deepEqual(isValidPortNum(ok), [], String(ok));
  for (const bad of [0, -1, 65536])
    assert.deepEqual(isValidPortNum(bad), ["must be between 1 and 65535, inclusive"], String(bad));
});

test("port names follow IANA_SVC_NAME with upstream's messages", () => {
  for (const ok of ["http", "h2c", "a-b", "metrics-port-99"]) assert.deepEqual(isValidPortName(ok), [], ok);
  assert.deepEqual(isValidPortName("1234"), ["must contain at least one letter (a-z)"]);
  assert.deepEqual(isValidPortName("a--b"), ["must not contain consecutive hyphens"]);
  assert.deepEqual(isValidPortName("-ab"), ["must not begin or end with a hyphen"]);
  assert.deepEqual(isValidPortName("HTTP"), [
    "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
    "must contain at least one letter (a-z)",
  ]);
  assert.deepEqual(isValidPortName("abcdefghijklmnop"), ["must be no more than 15 characters"]);
});

test("validatePortNumOrName: a number or a name at the field", () => {
  assert.deepEqual(validatePortNumOrName(8080, "p"), []);
  assert.deepEqual(validatePortNumOrName("http", "p"), []);
  assert.deepEqual(validatePortNumOrName(undefined, "spec.port").map(errorString), [
    "spec.port: Invalid value: 0: must be between 1 and 65535, inclusive",
  ]);
  assert.deepEqual(validatePortNumOrName("Web", "spec.port").map(errorString), [
    'spec.port: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  ]);
});
