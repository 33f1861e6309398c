import { test } from "node:test";
import assert from "node:assert/strict";
import { humanDuration, age } from "./age.js";

test("humanDuration matches upstream's buckets", () => {
  const s = 1000,
    m = 60 * s,
    h = 60 * m,
    d = 24 * h;
  const cases: [number, string][] = [
    [-5 * s, "<invalid>"],
    [-1 * s, "0s"],
    [0, "0s"],
    [119 * s, "119s"],
    [2 * m, "2m"],
    [5 * m + 7 * s, "5m7s"],
    [10 * m + 30 * s, "10m"],
    [179 * m, "179m"],
    [3 * h, "3h"],
    [7 * h + 59 * m, "7h59m"],
    [8 * h + 5 * m, "8h"],
    [47 * h, "47h"],
    [2 * d, "2d"],
    [3 * d + 4 * h, "3d4h"],
    [8 * d + 5 * h, "8d"],
    [800 * d, "2y70d"],
    [365 * 9 * d, "9y"],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test("age handles missing and bad timestamps", () => {
  assert.equal(age(undefined, Date.now()), "<unknown>");
  assert.equal(age("garbage", Date.now()), "<unknown>");
  assert.equal(age("2026-01-01T00:00:00Z", Date.parse("2026-01-01T00:00:30Z")), "30s");
});
