// Pod-recreation back-off (pkg/controller/job/backoff_utils.go): after failures with no success since, a
// Job waits 10 s, doubling per further failure up to 6 min, counted from the last failure's finish time,
// before it creates pods again. Records live in memory, keyed by Job; time is injected.
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";
import { parseTime } from "../util/metatime.js";

/** DefaultJobPodFailureBackOff */
export const defaultJobPodFailureBackOffMs = 10_000;
/** MaxJobPodFailureBackOff */
export const maxJobPodFailureBackOffMs = 360_000;

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

type ReadonlyPod = DeepReadonly<PodObject>;

/**
 * getFinishedTime: when the last container terminated (all of them must have), else when the pod became
 * not Ready, else when it was deleted (deletionTimestamp less the grace period), else its creation time.
 */
export function getFinishedTime(p: ReadonlyPod): number {
  let fromContainers: number | undefined;
  for (const s of p.status?.containerStatuses ?? []) {
    const t = parseTime(s.state?.terminated?.finishedAt);
    if (t === undefined) {
      fromContainers = undefined;
      break;
    }
    if (fromContainers === undefined || t > fromContainers) fromContainers = t;
  }
  if (fromContainers !== undefined) return fromContainers;
  const ready = p.status?.conditions?.find((c) => c.type === "Ready");
  const readyFalse = ready?.status === "False" ? parseTime(ready.lastTransitionTime) : undefined;
  if (readyFalse !== undefined) return readyFalse;
  const deleted = parseTime(p.metadata?.deletionTimestamp);
  if (deleted !== undefined) return deleted - (p.metadata?.deletionGracePeriodSeconds ?? 0) * 1000;
  return parseTime(p.metadata?.creationTimestamp) ?? 0;
}

export class BackoffStore {
  private records = new Map<string, BackoffRecord>();

  /** newBackoffRecord: the record after counting this sync's newly finished pods (not yet stored). */
  newBackoffRecord(key: string, newSucceeded: readonly ReadonlyPod[], newFailed: readonly ReadonlyPod[]) {
    const old = this.records.get(key);
    const rec: BackoffRecord = old ? { ...old } : { key, failuresAfterLastSuccess: 0 };
    const failedTimes = newFailed.map(getFinishedTime).sort((a, b) => a - b);
    if (newSucceeded.length === 0) {
      if (failedTimes.length === 0) return rec;
      rec.failuresAfterLastSuccess += failedTimes.length;
      rec.lastFailureTime = failedTimes[failedTimes.length - 1];
      return rec;
    }
    rec.failuresAfterLastSuccess = 0;
    rec.lastFailureTime = undefined;
    const lastSuccess = Math.max(...newSucceeded.map(getFinishedTime));
    // Only failures after the last success count.
    for (let i = failedTimes.length - 1; i >= 0 && failedTimes[i] > lastSuccess; i--) {
      rec.lastFailureTime ??= failedTimes[i];
      rec.failuresAfterLastSuccess++;
    }
    return rec;
  }

  update(rec: BackoffRecord): void {
    this.records.set(rec.key, rec);
  }

  remove(key: string): void {
    this.records.delete(key);
  }
}

/**
 * getRemainingTimePerIndex (backoffLimitPerIndex): the back-off of one index, from the failure count and
 * finish time of its last failed pod.
 */
export function remainingBackoffPerIndexMs(
  lastFailedPod: ReadonlyPod | undefined,
  failureCount: number,
  now: number,
  defaultBackoffMs = defaultJobPodFailureBackOffMs,
  maxBackoffMs = maxJobPodFailureBackOffMs,
): number {
  if (!lastFailedPod) return 0;
  return remainingBackoffMs(
    { key: "", failuresAfterLastSuccess: failureCount, lastFailureTime: getFinishedTime(lastFailedPod) },
    now,
    defaultBackoffMs,
    maxBackoffMs,
  );
}

/** getRemainingTimeForFailuresCount: how long pod creation must still wait (0 when it need not). */
export function remainingBackoffMs(
  rec: BackoffRecord,
  now: number,
  defaultBackoffMs = defaultJobPodFailureBackOffMs,
  maxBackoffMs = maxJobPodFailureBackOffMs,
): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  let backoff = defaultBackoffMs;
  for (let i = 1; i < rec.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= maxBackoffMs) {
      backoff = maxBackoffMs;
      break;
    }
  }
  const elapsed = now - rec.lastFailureTime;
  return backoff < elapsed ? 0 : backoff - elapsed;
}
