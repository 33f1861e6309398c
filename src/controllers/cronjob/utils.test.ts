import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCronSchedule } from "../../api/batch/v1/cron.js";
import {
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  getJobFromTemplate2,
  rfc1123ZUTC,
  rfc3339In,
  byJobStartTime,
  type CronJobObject,
  type JobObject,
  type Schedule,
} from "./utils.js";

const T = (s: string) => Date.parse(s);
const sched = (spec: string): Schedule => {
  const r = parseCronSchedule(spec);
  assert.ok("schedule" in r);
  return r.schedule;
};
const cronJob = (o: { created: string; last?: string; deadline?: number; tz?: string }): CronJobObject => ({
  apiVersion: "batch/v1",
  kind: "CronJob",
  metadata: { name: "c", namespace: "ns", uid: "u1", creationTimestamp: o.created },
  spec: {
    schedule: "*/1 * * * *",
    startingDeadlineSeconds: o.deadline,
    timeZone: o.tz,
    jobTemplate: { metadata: { labels: { a: "b" } }, spec: { template: { spec: { containers: [] } } } },
  },
  status: o.last ? { lastScheduleTime: o.last } : {},
});

test("mostRecentScheduleTime: due, missed and not yet due", () => {
  const every = sched("*/1 * * * *");
  const cj = cronJob({ created: "2026-01-01T10:00:30Z" });
  assert.deepEqual(mostRecentScheduleTime(cj, T("2026-01-01T10:00:50Z"), every, true), {
    earliestTime: T("2026-01-01T10:00:30Z"),
    missed: "none",
  });
  assert.equal(
    mostRecentScheduleTime(cj, T("2026-01-01T10:01:10Z"), every, true).mostRecentTime,
    T("2026-01-01T10:01:00Z"),
  );
  const few = mostRecentScheduleTime(cj, T("2026-01-01T10:05:10Z"), every, true);
  assert.equal(few.mostRecentTime, T("2026-01-01T10:05:00Z"));
  assert.equal(few.missed, "few");
  const many = nextScheduleTime(cj, T("2026-01-01T12:05:10Z"), every);
  assert.equal(many.scheduledTime, T("2026-01-01T12:05:00Z"));
  assert.equal(many.tooManyMissed, true);
  // A starting deadline hides times older than it.
  const late = cronJob({ created: "2026-01-01T10:00:30Z", deadline: 10 });
  assert.equal(nextScheduleTime(late, T("2026-01-01T10:01:30Z"), every).scheduledTime, undefined);
  assert.equal(
    nextScheduleTime(late, T("2026-01-01T10:02:05Z"), every).scheduledTime,
    T("2026-01-01T10:02:00Z"),
  );
  assert.match(
    mostRecentScheduleTime(cj, T("2026-05-01T00:00:00Z"), sched("59 23 31 2 *"), true).error ?? "",
    /less than 1 second/,
  );
});

test("nextScheduleTimeDuration: the next activation plus 100ms", () => {
  const cj = cronJob({ created: "2026-01-01T10:00:30Z", last: "2026-01-01T10:01:00Z" });
  assert.equal(nextScheduleTimeDuration(cj, T("2026-01-01T10:01:20Z"), sched("*/1 * * * *")), 40_100);
});

test("getJobFromTemplate2: name in minutes, scheduled-timestamp annotation in the zone, controller reference", () => {
  const job: JobObject = getJobFromTemplate2(
    cronJob({ created: "2026-01-01T00:00:00Z", tz: "Asia/Kolkata" }),
    T("2026-01-01T10:02:00Z"),
  );
  assert.equal(job.metadata.name, `c-${T("2026-01-01T10:02:00Z") / 60000}`);
  assert.equal(
    job.metadata.annotations?.["batch.kubernetes.io/cronjob-scheduled-timestamp"],
    "2026-01-01T15:32:00+05:30",
  );
  assert.deepEqual(job.metadata.labels, { a: "b" });
  assert.deepEqual(job.metadata.ownerReferences, [
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      name: "c",
      uid: "u1",
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(rfc3339In(T("2026-01-01T10:02:00Z"), "UTC"), "2026-01-01T10:02:00Z");
  assert.equal(rfc3339In(T("2026-07-01T10:02:00Z"), "America/New_York"), "2026-07-01T06:02:00-04:00");
  assert.equal(rfc1123ZUTC(T("2026-01-02T03:04:05Z")), "Fri, 02 Jan 2026 03:04:05 +0000");
});

test("byJobStartTime: started first, oldest first, then by name", () => {
  const j = (name: string, startTime?: string) =>
    ({ metadata: { name }, status: { startTime } }) as JobObject;
  const sorted = [
    j("d"),
    j("c", "2026-01-02T00:00:00Z"),
    j("b", "2026-01-01T00:00:00Z"),
    j("a", "2026-01-02T00:00:00Z"),
  ].sort(byJobStartTime);
  assert.deepEqual(
    sorted.map((x) => x.metadata.name),
    ["b", "a", "c", "d"],
  );
});
