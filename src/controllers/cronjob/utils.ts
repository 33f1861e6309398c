// The CronJob controller's pure helpers (pkg/controller/cronjob/utils.go): which scheduled time is due, when
// to look again, the Job a schedule creates, and the active list. No I/O, no clock: `now` is passed in.
import type { Job, CronJob } from "../../api/batch/v1/types.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ObjectReference } from "../../api/core/v1/reference.js";
import type { CronEvery, CronSchedule } from "../../api/batch/v1/cron.js";
import { nextActivation, wallClock } from "../../api/batch/v1/cronnext.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { newControllerRef, type GroupVersionKind } from "../util/controllerref.js";
import { parseTime } from "../util/metatime.js";

export type CronJobObject = CronJob & KubeObject;
export type JobObject = Job & KubeObject;
export type Schedule = CronSchedule | CronEvery;

export const cronJobKind: GroupVersionKind = { group: "batch", version: "v1", kind: "CronJob" };
/** batchv1.CronJobScheduledTimestampAnnotation */
export const cronJobScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/** Requeues land this much after the scheduled time, against small clock skews. */
export const nextScheduleDeltaMs = 100;
/** More missed times than this since the last schedule: warn (TooManyMissedTimes). */
export const manyMissedThreshold = 100;

export type MissedSchedules = "none" | "few" | "many";

type ReadonlyCronJob = DeepReadonly<CronJobObject>;
type ReadonlyJob = DeepReadonly<JobObject>;

export function inActiveList(cj: ReadonlyCronJob, uid: string | undefined): boolean {
  return (cj.status?.active ?? []).some((r) => r.uid === uid);
}

export function inActiveListByName(cj: ReadonlyCronJob, namespace: string, name: string): boolean {
  return (cj.status?.active ?? []).some((r) => r.name === name && r.namespace === namespace);
}

export function deleteFromActiveList(cj: CronJobObject, uid: string | undefined): void {
  (cj.status ??= {}).active = (cj.status.active ?? []).filter((r) => r.uid !== uid);
}

/** jobutil.FinishedCondition: Complete or Failed with status True (SuccessCriteriaMet/FailureTarget are not). */
export function finishedCondition(j: ReadonlyJob): "Complete" | "Failed" | undefined {
  for (const c of j.status?.conditions ?? [])
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  return undefined;
}

export const isJobFinished = (j: ReadonlyJob): boolean => finishedCondition(j) !== undefined;

export const isJobSucceeded = (j: ReadonlyJob): boolean =>
  (j.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True");

export interface MostRecent {
  /** The last schedule time, or the CronJob's creation time. */
  earliestTime: number;
  /** The most recent time a Job should have been created, if any is due by now. */
  mostRecentTime?: number;
  missed: MissedSchedules;
  error?: string;
}

/** mostRecentScheduleTime */
export function mostRecentScheduleTime(
  cj: ReadonlyCronJob,
  now: number,
  schedule: Schedule,
  includeStartingDeadlineSeconds: boolean,
): MostRecent {
  let earliestTime =
    parseTime(cj.status?.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && deadline !== undefined && deadline !== null) {
    // Nothing before this point will be scheduled.
    earliestTime = Math.max(earliestTime, now - deadline * 1000);
  }
  const t1 = nextActivation(schedule, earliestTime);
  const t2 = t1 === undefined ? undefined : nextActivation(schedule, t1);
  if (t1 !== undefined && now < t1) return { earliestTime, missed: "none" };
  if (t1 !== undefined && t2 !== undefined && now < t2)
    return { earliestTime, mostRecentTime: t1, missed: "none" };
  // A schedule that parses but never fires ("59 23 31 2 *") has no second activation.
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1)
    return {
      earliestTime,
      missed: "none",
      error: "time difference between two schedules is less than 1 second",
    };
  // Estimate the number missed from the interval, then walk the schedule from just before the estimate.
  const elapsed = Math.trunc((now - t1!) / 1000);
  const numberMissed = Math.trunc(elapsed / between) + 1;
  const potentialEarliest = t1! + (numberMissed - 2) * between * 1000;
  let mostRecentTime: number | undefined;
  for (
    let t = nextActivation(schedule, potentialEarliest);
    t !== undefined && t <= now;
    t = nextActivation(schedule, t)
  )
    mostRecentTime = t;
  const missed: MissedSchedules =
    numberMissed > manyMissedThreshold ? "many" : numberMissed > 0 ? "few" : "none";
  return { earliestTime, mostRecentTime, missed };
}

/** nextScheduleTimeDuration: how long until the next activation (plus a small delta), from now. */
export function nextScheduleTimeDuration(cj: ReadonlyCronJob, now: number, schedule: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let from: number;
  if (r.error !== undefined) from = now;
  else if (r.mostRecentTime === undefined) from = r.missed === "none" ? r.earliestTime : now;
  else from = r.mostRecentTime;
  const next = nextActivation(schedule, from);
  return (next ?? now) + nextScheduleDeltaMs - now;
}

/** nextScheduleTime: the unmet scheduled time due now, if any; `tooManyMissed` asks for the warning. */
export function nextScheduleTime(
  cj: ReadonlyCronJob,
  now: number,
  schedule: Schedule,
): { scheduledTime?: number; tooManyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  if (r.mostRecentTime === undefined || r.mostRecentTime > now)
    return { tooManyMissed: false, error: r.error };
  return { scheduledTime: r.mostRecentTime, tooManyMissed: r.missed === "many", error: r.error };
}

/** formatSchedule: spec.timeZone becomes a TZ= prefix unless the schedule carries its own. */
export function formatSchedule(cj: ReadonlyCronJob, isKnownZone: (tz: string) => boolean): string {
  const schedule = cj.spec?.schedule ?? "";
  if (schedule.includes("TZ")) return schedule;
  const tz = cj.spec?.timeZone;
  if (tz !== undefined && tz !== null && isKnownZone(tz)) return `TZ=${tz} ${schedule}`;
  return schedule;
}

/** getTimeHashInMinutes */
export const getTimeHashInMinutes = (scheduledTime: number): number => Math.trunc(scheduledTime / 60_000);

/** getJobName: deterministic per scheduled time, so one time never makes two Jobs. */
export const getJobName = (cj: ReadonlyCronJob, scheduledTime: number): string =>
  `${cj.metadata.name ?? ""}-${getTimeHashInMinutes(scheduledTime)}`;

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** Go's time.RFC3339 of an instant in a zone: "2006-01-02T15:04:05Z07:00". */
export function rfc3339In(ms: number, tz: string): string {
  const w = wallClock(ms, tz);
  const offMin = Math.round(
    (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
      (ms - (((ms % 1000) + 1000) % 1000))) /
      60_000,
  );
  const zone =
    offMin === 0 ? "Z" : `${offMin < 0 ? "-" : "+"}${pad(Math.trunc(offMin / 60))}:${pad(offMin % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Go's time.RFC1123Z in UTC: "Mon, 02 Jan 2006 15:04:05 +0000" (the MissSchedule event). */
export function rfc1123ZUTC(ms: number): string {
  const d = new Date(ms);
  return (
    `${days[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** getJobFromTemplate2: the Job for one scheduled time, owned by the CronJob. */
export function getJobFromTemplate2(cj: ReadonlyCronJob, scheduledTime: number): JobObject {
  const template = structuredClone(cj.spec?.jobTemplate ?? {}) as NonNullable<
    CronJobObject["spec"]
  >["jobTemplate"];
  const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
  // The scheduled time in the CronJob's zone (UTC when it names none).
  annotations[cronJobScheduledTimestampAnnotation] = rfc3339In(scheduledTime, cj.spec?.timeZone ?? "UTC");
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: getJobName(cj, scheduledTime),
      namespace: cj.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(cj, cronJobKind)],
    },
    spec: template.spec,
  };
}

/** getRef: the active-list entry for a Job. */
export function jobReference(j: ReadonlyJob): ObjectReference {
  return {
    kind: "Job",
    namespace: j.metadata.namespace,
    name: j.metadata.name,
    uid: j.metadata.uid,
    apiVersion: "batch/v1",
    resourceVersion: j.metadata.resourceVersion,
  };
}

/** byJobStartTime: started before unstarted, earlier first, names breaking ties. */
export function byJobStartTime(a: ReadonlyJob, b: ReadonlyJob): number {
  const sa = parseTime(a.status?.startTime);
  const sb = parseTime(b.status?.startTime);
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb)
    return (a.metadata.name ?? "") < (b.metadata.name ?? "")
      ? -1
      : (a.metadata.name ?? "") > (b.metadata.name ?? "")
        ? 1
        : 0;
  return sa! - sb!;
}
