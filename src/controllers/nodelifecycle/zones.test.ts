import { test } from "node:test";
import assert from "node:assert/strict";
import { computeZoneState, zoneTaintRate } from "./zones.js";

const o = {
  evictionRate: 0.1,
  secondaryEvictionRate: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
};

test("zone states: no Ready node is a full disruption; most of 3+ down is partial", () => {
  assert.deepEqual(computeZoneState(["True", "True"], 0.55), { unhealthy: 0, state: "Normal" });
  assert.deepEqual(computeZoneState(["Unknown"], 0.55), { unhealthy: 1, state: "FullDisruption" });
  assert.deepEqual(computeZoneState(["True", "False", "Unknown"], 0.55), { unhealthy: 2, state: "Normal" });
  assert.deepEqual(computeZoneState(["True", "False", "Unknown", undefined], 0.55), {
    unhealthy: 3,
    state: "PartialDisruption",
  });
  assert.deepEqual(computeZoneState([], 0.55), { unhealthy: 0, state: "Normal" });
});

test("tainting rate per zone state", () => {
  assert.equal(zoneTaintRate("Normal", 10, o), 0.1);
  assert.equal(zoneTaintRate("FullDisruption", 10, o), 0.1);
  assert.equal(zoneTaintRate("PartialDisruption", 10, o), 0);
  assert.equal(zoneTaintRate("PartialDisruption", 51, o), 0.01);
});
