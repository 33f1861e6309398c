import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, formatMicroTime, formatTime, parseDuration, parseTime } from "./wellknown.js";

test("formatDuration prints Go's time.Duration.String()", () => {
  const ns = 1n,
    us = 1000n * ns,
    ms = 1000n * us,
    s = 1000n * ms,
    m = 60n * s,
    h = 60n * m;
  const cases: [bigint, string][] = [
    [0n, "0s"],
    [1n, "1ns"],
    [999n, "999ns"],
    [1500n, "1.5µs"],
    [2n * us, "2µs"],
    [500n * ms, "500ms"],
    [1n * ms + 500n * ns, "1.0005ms"],
    [s, "1s"],
    [s + 500n * ms, "1.5s"],
    [90n * s, "1m30s"],
    [h, "1h0m0s"],
    [26n * h + 3n * m + 4n * s + 5n * ms, "26h3m4.005s"],
    [-(90n * s), "-1m30s"],
    [8760n * h, "8760h0m0s"],
    // int64 nanoseconds beyond 2^53 stay exact.
    [9223372036854775807n, "2562047h47m16.854775807s"],
  ];
  for (const [d, want] of cases) {
    assert.equal(formatDuration(d), want, `${d}ns`);
    assert.equal(parseDuration(want), d, `parse ${want}`);
  }
  assert.equal(parseDuration("1.5h"), 90n * m);
  assert.equal(parseDuration("300us"), 300n * us);
  assert.equal(parseDuration("0"), 0n);
  assert.equal(parseDuration("ten minutes"), undefined);
});

test("Time prints whole seconds, MicroTime six fraction digits, both in UTC", () => {
  const seconds = BigInt(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000);
  assert.equal(formatTime(seconds), "2026-01-02T03:04:05Z");
  assert.equal(formatMicroTime(seconds, 123456789), "2026-01-02T03:04:05.123456Z");
  assert.equal(formatMicroTime(seconds, 0), "2026-01-02T03:04:05.000000Z");
  assert.deepEqual(parseTime("2026-01-02T05:04:05.5+02:00"), { seconds, nanos: 500000000 });
  assert.deepEqual(parseTime("1969-12-31T23:59:59Z"), { seconds: -1n, nanos: 0 });
  assert.equal(formatTime(-1n), "1969-12-31T23:59:59Z");
  assert.equal(parseTime("yesterday"), undefined);
});
