import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule, parseGoDuration, type CronSchedule } from "./cron.js";
import { isKnownTimeZone, validateTimeZone } from "./timezone.js";
import { errorString } from "../../validation/field.js";

const fields = (spec: string) => {
  const r = parseCronSchedule(spec);
  assert.ok("schedule" in r, `${spec}: ${"error" in r ? r.error : ""}`);
  const s = r.schedule as CronSchedule;
  return [s.minute, s.hour, s.dayOfMonth, s.month, s.dayOfWeek].map((f) =>
    [...f.values].sort((a, b) => a - b),
  );
};

test("cron: fields, ranges, steps, names and descriptors", () => {
  assert.deepEqual(fields("*/15 2-4 1,15 jan-mar MON-FRI"), [
    [0, 15, 30, 45],
    [2, 3, 4],
    [1, 15],
    [1, 2, 3],
    [1, 2, 3, 4, 5],
  ]);
  assert.deepEqual(fields("5/20 * * * ?")[0], [5, 25, 45]);
  assert.deepEqual(fields("@hourly"), fields("0 * * * *"));
  assert.deepEqual(fields("@weekly")[4], [0]);
  const every = parseCronSchedule("@every 1h30m");
  assert.ok("schedule" in every && "everyMs" in every.schedule && every.schedule.everyMs === 5_400_000);
});

test("cron: errors read as robfig/cron's", () => {
  const cases: [string, string][] = [
    ["", "empty spec string"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["* * 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["* * * * 7", "end of range (7) above maximum (6): 7"],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["@every 5", 'failed to parse duration @every 5: time: missing unit in duration "5"'],
  ];
  for (const [spec, want] of cases) {
    const r = parseCronSchedule(spec);
    assert.ok("error" in r, spec);
    assert.equal(r.error, want);
  }
});

test("Go durations", () => {
  assert.equal(parseGoDuration("1.5h"), 5_400_000);
  assert.equal(parseGoDuration("300ms"), 300);
  assert.equal(parseGoDuration("xyz"), 'time: invalid duration "xyz"');
  assert.equal(parseGoDuration("5d"), 'time: unknown unit "d" in duration "5d"');
});

test("time zones: IANA names, case-sensitive, Local rejected", () => {
  assert.equal(isKnownTimeZone("Europe/Berlin"), true);
  assert.equal(isKnownTimeZone("Etc/UTC"), true);
  assert.equal(isKnownTimeZone("europe/berlin"), false);
  assert.equal(isKnownTimeZone("Mars/Olympus"), false);
  assert.deepEqual(validateTimeZone("Europe/Berlin", "spec.timeZone"), []);
  assert.deepEqual(validateTimeZone("Mars/Olympus", "spec.timeZone").map(errorString), [
    'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
  ]);
  assert.deepEqual(validateTimeZone("", "spec.timeZone").map(errorString), [
    'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string',
  ]);
  assert.deepEqual(validateTimeZone("Local", "spec.timeZone").map(errorString), [
    'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
  ]);
  assert.deepEqual(validateTimeZone("../etc/passwd", "spec.timeZone").map(errorString), [
    'spec.timeZone: Invalid value: "../etc/passwd": unknown time zone ../etc/passwd',
  ]);
});
