import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDuration } from "./duration.js";

test("parseDuration reads Go-style durations and rejects the rest", () => {
  assert.equal(parseDuration("40s", "f"), 40_000);
  assert.equal(parseDuration("1h30m", "f"), 5_400_000);
  assert.equal(parseDuration("250ms", "f"), 250);
  assert.equal(parseDuration("1.5s", "f"), 1500);
  for (const bad of ["", "40", "s", "5x", "1h 2m", "-1s"])
    assert.throws(() => parseDuration(bad, "--f"), /invalid --f/);
});
