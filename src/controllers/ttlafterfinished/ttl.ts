// When a finished Job expires (pkg/controller/ttlafterfinished): finish time is the lastTransitionTime of
// its Complete or Failed condition; it expires ttlSecondsAfterFinished later. No clock of its own.
import type { Job } from "../../api/batch/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { parseTime } from "../util/metatime.js";
import { isJobFinished } from "../job/conditions.js";

type ReadonlyJob = DeepReadonly<Job> & {
  metadata?: { readonly namespace?: string; readonly name?: string; readonly deletionTimestamp?: string };
};

/** needsCleanup: a finished Job with ttlSecondsAfterFinished set. */
export function needsCleanup(job: ReadonlyJob): boolean {
  return job.spec?.ttlSecondsAfterFinished !== undefined && isJobFinished(job);
}

/** jobFinishTime: the Complete/Failed condition's transition time, or a reason it has none. */
export function jobFinishTime(job: ReadonlyJob): number | string {
  const what = `Job ${job.metadata?.namespace ?? ""}/${job.metadata?.name ?? ""}`;
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") {
      const t = parseTime(c.lastTransitionTime);
      return t ?? `unable to find the time when the ${what} finished`;
    }
  }
  return `unable to find the status of the finished ${what}`;
}

export interface TimeLeft {
  /** Milliseconds until the Job expires (<= 0: expired). */
  leftMs: number;
  expireAt: number;
  /** The Job finished in the future: clocks are skewed (cleanup is deferred, not skipped). */
  skewed: boolean;
}

/** timeLeft */
export function timeLeft(job: ReadonlyJob, now: number): TimeLeft | string {
  const finishAt = jobFinishTime(job);
  if (typeof finishAt === "string") return finishAt;
  const expireAt = finishAt + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000;
  return { leftMs: expireAt - now, expireAt, skewed: finishAt > now };
}
