// What a Job's pods say (pkg/controller/job): whether a pod is still tracked by the job-tracking
// finalizer, whether it counts as failed, whether its index has failed, and how uncounted pods move into
// the status counters. Pure functions of the Job and its pods.
import type { Job, JobStatus } from "../../api/batch/v1/types.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { PodTemplateSpec } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";
import { matchPodFailurePolicy } from "./podfailurepolicy.js";
import {
  jobCompletionIndexAnnotation,
  jobCompletionIndexEnvName,
  unknownCompletionIndex,
  getCompletionIndex,
  getIndexFailureCount,
  parseIndexes,
  withOrderedIndexes,
  type OrderedIntervals,
} from "./indexes.js";

export const jobTrackingFinalizer = "batch.kubernetes.io/job-tracking";

type ReadonlyJob = DeepReadonly<Job & KubeObject>;
type ReadonlyPod = DeepReadonly<PodObject>;

export const hasJobTrackingFinalizer = (p: ReadonlyPod): boolean =>
  (p.metadata?.finalizers ?? []).includes(jobTrackingFinalizer);

export const isIndexedJob = (job: ReadonlyJob): boolean => job.spec?.completionMode === "Indexed";
export const isSuspended = (job: ReadonlyJob): boolean => job.spec?.suspend === true;
/** onlyReplaceFailedPods: podReplacementPolicy Failed (always so with a podFailurePolicy). */
export const onlyReplaceFailedPods = (job: ReadonlyJob): boolean =>
  job.spec?.podReplacementPolicy === "Failed" || job.spec?.podFailurePolicy !== undefined;

/** isPodFailed: Failed, or (unless only failed pods are replaced) deleted before it succeeded. */
export function isPodFailed(p: ReadonlyPod, job: ReadonlyJob): boolean {
  if (p.status?.phase === "Failed") return true;
  if (onlyReplaceFailedPods(job)) return false;
  // Deleted pods count as failures: orphans never get the chance to reach the Failed phase.
  return p.metadata?.deletionTimestamp !== undefined && p.status?.phase !== "Succeeded";
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, container restarts count against the limit. */
export function pastBackoffLimitOnFailure(job: ReadonlyJob, pods: readonly ReadonlyPod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== "OnFailure") return false;
  let restarts = 0;
  for (const p of pods) {
    if (p.status?.phase !== "Running" && p.status?.phase !== "Pending") continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])])
      restarts += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

export const hasBackoffLimitPerIndex = (job: ReadonlyJob): boolean =>
  job.spec?.backoffLimitPerIndex !== undefined;

/** isIndexFailed: a FailIndex rule matched, or the index used up backoffLimitPerIndex with this failure. */
export function isIndexFailed(job: ReadonlyJob, pod: ReadonlyPod): boolean {
  if (!isPodFailed(pod, job)) return false;
  const m = matchPodFailurePolicy(job.spec?.podFailurePolicy, pod);
  if (m.action === "FailIndex") return true;
  return m.countFailed && getIndexFailureCount(pod) >= (job.spec?.backoffLimitPerIndex ?? 0);
}

/** calculateFailedIndexes: status.failedIndexes plus the indexes failed since. */
export function calculateFailedIndexes(job: ReadonlyJob, pods: readonly ReadonlyPod[]): OrderedIntervals {
  const completions = job.spec?.completions ?? 0;
  const prev =
    job.status?.failedIndexes !== undefined ? parseIndexes(job.status.failedIndexes, completions) : [];
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (
      ix !== unknownCompletionIndex &&
      ix < completions &&
      hasJobTrackingFinalizer(p) &&
      isIndexFailed(job, p)
    )
      fresh.add(ix);
  }
  return withOrderedIndexes(
    prev,
    [...fresh].sort((a, b) => a - b),
  );
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's annotation, in every container. */
export function addCompletionIndexEnvVariables(template: PodTemplateSpec): void {
  const spec = template.spec;
  if (!spec) return;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    if ((c.env ?? []).some((e) => e.name === jobCompletionIndexEnvName)) continue;
    (c.env ??= []).push({
      name: jobCompletionIndexEnvName,
      // From the label (PodIndexLabel, on since 1.28), which equals the annotation.
      valueFrom: { fieldRef: { fieldPath: `metadata.labels['${jobCompletionIndexAnnotation}']` } },
    });
  }
}

/**
 * cleanUncountedPodsWithoutFinalizers: UIDs in uncountedTerminatedPods whose pod no longer has the
 * finalizer move into succeeded/failed.
 */
export function cleanUncountedPodsWithoutFinalizers(status: JobStatus, withFinalizer: Set<string>): boolean {
  const u = status.uncountedTerminatedPods;
  if (!u) return false;
  let updated = false;
  const keptSucceeded = (u.succeeded ?? []).filter((uid) => withFinalizer.has(uid));
  if (keptSucceeded.length !== (u.succeeded ?? []).length) {
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - keptSucceeded.length;
    u.succeeded = keptSucceeded;
    updated = true;
  }
  const keptFailed = (u.failed ?? []).filter((uid) => withFinalizer.has(uid));
  if (keptFailed.length !== (u.failed ?? []).length) {
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - keptFailed.length;
    u.failed = keptFailed;
    updated = true;
  }
  if (u.succeeded?.length === 0) delete u.succeeded;
  if (u.failed?.length === 0) delete u.failed;
  return updated;
}
