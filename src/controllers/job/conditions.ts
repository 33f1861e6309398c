// Job conditions as the job controller writes them (pkg/controller/job/job_controller.go): the interim
// SuccessCriteriaMet/FailureTarget come first, and Complete/Failed follow once no pod is left uncounted
// or terminating (upstream 1.32 with JobPodReplacementPolicy on: delayTerminalCondition()).
import type { JobCondition } from "../../api/batch/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { rfc3339 } from "../util/metatime.js";

export const jobComplete = "Complete";
export const jobFailed = "Failed";
export const jobSuspended = "Suspended";
export const jobFailureTarget = "FailureTarget";
export const jobSuccessCriteriaMet = "SuccessCriteriaMet";

export const reasonBackoffLimitExceeded = "BackoffLimitExceeded";
export const reasonDeadlineExceeded = "DeadlineExceeded";
export const reasonCompletionsReached = "CompletionsReached";
export const messageBackoffLimitExceeded = "Job has reached the specified backoff limit";
export const messageDeadlineExceeded = "Job was active longer than specified deadline";
export const messageCompletionsReached = "Reached expected number of succeeded pods";

export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const t = rfc3339(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

export function findCondition<C extends DeepReadonly<JobCondition>>(
  list: readonly C[] | undefined,
  type: string,
): C | undefined {
  return list?.find((c) => c.type === type);
}

/** IsJobFinished: Complete or Failed is True. */
export function isJobFinished(job: {
  status?: { readonly conditions?: readonly DeepReadonly<JobCondition>[] };
}): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === jobComplete || c.type === jobFailed) && c.status === "True",
  );
}

/**
 * ensureJobConditionStatus: sets the condition (replacing one of the same type whose status, reason or
 * message differ); a False condition is not added when absent. Returns whether the list changed.
 */
export function ensureJobConditionStatus(
  list: JobCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = list[i];
    if (c.status === status && c.reason === reason && c.message === message) return false;
    list[i] = newCondition(type, status, reason, message, now);
    return true;
  }
  if (status === "False") return false;
  list.push(newCondition(type, status, reason, message, now));
  return true;
}
