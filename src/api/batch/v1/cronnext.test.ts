import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule } from "./cron.js";
import { nextActivation, dateIn } from "./cronnext.js";

const next = (spec: string, from: string) => {
  const r = parseCronSchedule(spec);
  assert.ok("schedule" in r, spec);
  const t = nextActivation(r.schedule, Date.parse(from));
  return t === undefined ? undefined : new Date(t).toISOString();
};

test("nextActivation: strictly after t, robfig/cron's search", () => {
  const cases: [string, string, string | undefined][] = [
    ["*/1 * * * *", "2026-01-01T00:00:30.500Z", "2026-01-01T00:01:00.000Z"],
    ["*/1 * * * *", "2026-01-01T00:01:00.000Z", "2026-01-01T00:02:00.000Z"],
    ["0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00.000Z"],
    ["@monthly", "2026-12-15T10:00:00Z", "2027-01-01T00:00:00.000Z"],
    // Both day fields restricted: either may match (Friday 2 January comes before the 13th).
    ["0 0 13 * 5", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00.000Z"],
    // One day field is "*": both must match.
    ["0 0 13 * *", "2026-01-01T00:00:00Z", "2026-01-13T00:00:00.000Z"],
    ["TZ=Asia/Tokyo 0 9 * * *", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00.000Z"],
    ["CRON_TZ=America/New_York 0 9 * * *", "2026-07-01T00:00:00Z", "2026-07-01T13:00:00.000Z"],
    ["TZ=Asia/Kolkata 0 * * * *", "2026-07-01T00:10:00Z", "2026-07-01T00:30:00.000Z"],
    // 02:30 does not exist on the spring-forward day in New York: that day is skipped.
    ["TZ=America/New_York 30 2 * * *", "2026-03-08T05:00:00Z", "2026-03-09T06:30:00.000Z"],
    ["@every 90m", "2026-01-01T00:00:00.250Z", "2026-01-01T01:30:00.000Z"],
    ["59 23 31 2 *", "2026-01-01T00:00:00Z", undefined],
  ];
  for (const [spec, from, want] of cases) assert.equal(next(spec, from), want, `${spec} after ${from}`);
});

test("dateIn: Go's time.Date normalisation in a zone", () => {
  assert.equal(new Date(dateIn("UTC", 2026, 13, 1)).toISOString(), "2027-01-01T00:00:00.000Z");
  assert.equal(new Date(dateIn("Asia/Kolkata", 2026, 1, 1, 5, 30)).toISOString(), "2026-01-01T00:00:00.000Z");
});
