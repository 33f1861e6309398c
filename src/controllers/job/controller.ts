// The Job controller (pkg/controller/job/job_controller.go, v1.32): runs a Job's pods to completion.
// Level-triggered: syncJob(key) reads the Job and its pods from the listers, claims pods by selector,
// decides whether the Job has finished (completions reached, backoffLimit or activeDeadlineSeconds
// passed), creates or deletes pods to reach min(parallelism, remaining completions) (none while
// suspended, and not before the failure back-off), then counts finished pods through the
// batch.kubernetes.io/job-tracking finalizer: a finished pod's UID goes to
// status.uncountedTerminatedPods, its finalizer is removed, then it moves into succeeded/failed — so a
// pod deleted by podgc is still counted exactly once.
import type { ControllerContext, Controller } from "../controller.js";
import { jobs } from "../../api/batch/v1/job.js";
import type { Job, JobCondition } from "../../api/batch/v1/types.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { PodTemplateSpec } from "../../api/core/v1/pod.js";
import { pods } from "../../api/core/v1/pod.js";
import { clientFor } from "../../client/index.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import { splitKey, keyOf, type DeepReadonly, type Lister } from "../../client/informer/cache.js";
import type { Informer } from "../../client/informer/informer.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import {
  getControllerOf,
  newControllerRef,
  sameControllerRef,
  isControlledBy,
  apiVersionOf,
  type GroupVersionKind,
} from "../util/controllerref.js";
import { UIDTrackingControllerExpectations } from "../util/expectations.js";
import { PodControl, type PodObject } from "../util/podcontrol.js";
import { isPodActive, isPodReady, isPodTerminal, podKey } from "../util/pod.js";
import { ControllerRefManager, recheckDeletionTimestamp } from "../util/refmanager.js";
import { slowStartBatch, slowStartInitialBatchSize } from "../util/slowstart.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage, asError } from "../util/errors.js";
import { referenceTo, type Recorder } from "../util/recorder.js";
import { selectorFor, matches, isEverything } from "../util/selector.js";
import { sortForDeletion } from "../util/ranking.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { parseTime, rfc3339 } from "../util/metatime.js";
import {
  jobTrackingFinalizer,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isSuspended,
  onlyReplaceFailedPods,
  isPodFailed,
  pastBackoffLimitOnFailure,
  hasBackoffLimitPerIndex,
  calculateFailedIndexes,
  addCompletionIndexEnvVariables,
  cleanUncountedPodsWithoutFinalizers,
} from "./podstate.js";
import { getFailJobMessage, matchPodFailurePolicy, reasonPodFailurePolicy } from "./podfailurepolicy.js";
import { matchSuccessPolicy, reasonSuccessPolicy } from "./successpolicy.js";
import {
  BackoffStore,
  remainingBackoffMs,
  remainingBackoffPerIndexMs,
  getFinishedTime,
  type BackoffRecord,
} from "./backoff.js";
import {
  jobCompletionIndexAnnotation,
  unknownCompletionIndex,
  getCompletionIndex,
  parseIndexes,
  withOrderedIndexes,
  intervalsTotal,
  intervalsHas,
  intervalsString,
  firstPendingIndexes,
  splitDuplicatedIndexPods,
  podGenerateNameWithIndex,
  mergeIntervals,
  getIndexFailureCount,
  getIndexAbsoluteFailureCount,
  jobIndexFailureCountAnnotation,
  jobIndexIgnoredFailureCountAnnotation,
  type OrderedIntervals,
} from "./indexes.js";
import {
  jobComplete,
  jobFailed,
  jobSuspended,
  jobFailureTarget,
  jobSuccessCriteriaMet,
  reasonBackoffLimitExceeded,
  reasonDeadlineExceeded,
  reasonCompletionsReached,
  messageBackoffLimitExceeded,
  messageDeadlineExceeded,
  messageCompletionsReached,
  newCondition,
  findCondition,
  isJobFinished,
  ensureJobConditionStatus,
} from "./conditions.js";

export const jobKind: GroupVersionKind = { group: "batch", version: "v1", kind: "Job" };
/** The value of spec.managedBy meaning this controller (any other value: an external one). */
export const jobControllerName = "kubernetes.io/job-controller";
/** MaxUncountedPods: caps status.uncountedTerminatedPods (and finalizer removals) per sync. */
export const maxUncountedPods = 500;
/** MaxPodCreateDeletePerSync */
export const maxPodCreateDeletePerSync = 500;
/** ConcurrentJobSyncs, upstream's default. */
export const defaultJobWorkers = 5;
/** syncJobBatchPeriod: pod events within this period cause one sync. */
export const syncJobBatchPeriodMs = 1000;

export type JobObject = Job & KubeObject;
type ReadonlyJob = DeepReadonly<JobObject>;
type ReadonlyPod = DeepReadonly<PodObject>;

export interface JobControllerOptions {
  now?: () => number;
  /** Tests shorten the batching of pod events and the failure back-off. */
  syncJobBatchPeriodMs?: number;
  podFailureBackOffMs?: number;
  maxPodFailureBackOffMs?: number;
}

/** syncJobCtx: what one sync learned about a Job. */
interface SyncJobCtx {
  job: JobObject;
  pods: ReadonlyPod[];
  activePods: ReadonlyPod[];
  succeeded: number;
  failed: number;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  /** With backoffLimitPerIndex: the failed indexes, and per index the failed pod kept until replaced. */
  failedIndexes?: OrderedIntervals;
  podsWithDelayedDeletionPerIndex: Map<number, ReadonlyPod>;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  finishedCondition?: JobCondition;
  ready: number;
  terminating: number;
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index that is neither done nor running, its latest failed pod,
 * kept (finalizer and all) until a replacement carries the index's failure count on.
 */
function getPodsWithDelayedDeletionPerIndex(jc: SyncJobCtx): Map<number, ReadonlyPod> {
  const completions = jc.job.spec?.completions ?? 0;
  const active = new Set(jc.activePods.map((p) => getCompletionIndex(p.metadata?.annotations)));
  const out = new Map<number, ReadonlyPod>();
  for (const p of jc.pods) {
    if (!hasJobTrackingFinalizer(p) || jc.expectedRmFinalizers.has(p.metadata?.uid ?? "")) continue;
    if (!isPodFailed(p, jc.job)) continue;
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === unknownCompletionIndex || ix >= completions) continue;
    if (intervalsHas(jc.succeededIndexes, ix) || intervalsHas(jc.failedIndexes ?? [], ix) || active.has(ix))
      continue;
    const last = out.get(ix);
    if (
      !last ||
      (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) &&
        getFinishedTime(p) >= getFinishedTime(last))
    )
      out.set(ix, p);
  }
  return out;
}

export class JobController implements Controller {
  readonly name = "job";
  private readonly queue = new WorkQueue<string>();
  /** Pods whose tracking finalizer may have to go because their Job is gone or finished. */
  private readonly orphanQueue = new WorkQueue<string>();
  private readonly now: () => number;
  private readonly batchPeriodMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  readonly expectations: UIDTrackingControllerExpectations;
  /** finalizerExpectations: per Job, the pod UIDs whose finalizer removal has not been observed yet. */
  private readonly finalizerExpectations = new Map<string, Set<string>>();
  private readonly backoff = new BackoffStore();
  private readonly log: Logger;
  private readonly recorder: Recorder;
  private readonly jobClient: ResourceClient<JobObject>;
  private readonly podControl: PodControl;
  private jobLister!: Lister<JobObject>;
  private podLister!: Lister<PodObject>;

  constructor(
    private readonly ctx: ControllerContext,
    o: JobControllerOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.batchPeriodMs = o.syncJobBatchPeriodMs ?? syncJobBatchPeriodMs;
    this.backoffMs = o.podFailureBackOffMs ?? 10_000;
    this.maxBackoffMs = o.maxPodFailureBackOffMs ?? 360_000;
    this.expectations = new UIDTrackingControllerExpectations(this.now);
    this.log = ctx.log.child({ controller: "job" });
    this.recorder = ctx.recorder("job-controller");
    this.jobClient = clientFor<JobObject>(ctx.client, jobs);
    this.podControl = new PodControl(clientFor<PodObject>(ctx.client, pods), this.recorder);
  }

  async run(signal: AbortSignal): Promise<void> {
    const jobInformer: Informer<JobObject> = this.ctx.informers.informerFor<JobObject>(jobs);
    const podInformer: Informer<PodObject> = this.ctx.informers.informerFor<PodObject>(pods);
    this.jobLister = jobInformer.lister;
    this.podLister = podInformer.lister;
    jobInformer.addEventHandler({
      onAdd: (j) => this.queue.add(keyOf(j)),
      onUpdate: (old, cur) => this.updateJob(old, cur),
      onDelete: (j) => this.deleteJob(j),
    });
    podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (p) => this.deletePod(p, true),
    });
    if (!(await waitForCacheSync(signal, jobInformer, podInformer))) return;
    const workers = this.ctx.options.workers ?? defaultJobWorkers;
    this.log.info({ workers }, "Starting job controller");
    const onError = (key: string, err: unknown, retries: number) =>
      this.log.warn({ key, err: errorMessage(err), retries }, "sync failed");
    await Promise.all([
      runWorkers(this.queue, workers, (key) => this.syncJob(key), signal, onError),
      runWorkers(this.orphanQueue, 1, (key) => this.syncOrphanPod(key), signal, onError),
    ]);
  }

  // --- event handlers: they only enqueue keys and observe expectations ---

  private enqueueBatched(job: ReadonlyJob) {
    this.queue.addAfter(keyOf(job), this.batchPeriodMs);
  }

  private updateJob(old: ReadonlyJob, cur: ReadonlyJob) {
    if (old.metadata.uid !== cur.metadata.uid) {
      this.deleteJob(old);
      return this.queue.add(keyOf(cur));
    }
    // A finished Job's pods must not keep their finalizers (a backup: syncJob removes them first).
    if (isJobFinished(cur)) this.cleanupPodFinalizers(cur);
    // A spec change acts now; status writes (mostly ours, after pod events) are batched.
    if (old.metadata.generation === cur.metadata.generation) this.enqueueBatched(cur);
    else this.queue.add(keyOf(cur));
    const start = parseTime(cur.status?.startTime);
    const ads = cur.spec?.activeDeadlineSeconds;
    if (start !== undefined && ads !== undefined && ads !== old.spec?.activeDeadlineSeconds)
      this.queue.addAfter(keyOf(cur), ads * 1000 - (this.now() - start));
  }

  private deleteJob(job: ReadonlyJob) {
    this.queue.add(keyOf(job));
    // Nobody else will release this Job's pods.
    this.cleanupPodFinalizers(job);
  }

  /** cleanupPodFinalizers: queues the Job's pods that still carry the tracking finalizer. */
  private cleanupPodFinalizers(job: ReadonlyJob) {
    const sel = selectorFor(job.spec?.selector);
    for (const p of this.podLister.list(job.metadata.namespace ?? ""))
      if (hasJobTrackingFinalizer(p) && matches(sel, p.metadata?.labels) && isControlledBy(p, job))
        this.orphanQueue.add(podKey(p));
  }

  private resolveControllerRef(
    namespace: string,
    ref: { apiVersion?: string; kind: string; name: string; uid: string },
  ): ReadonlyJob | undefined {
    if (ref.kind !== jobKind.kind) return undefined;
    const job = this.jobLister.get(namespace, ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  /** getPodJobs: Jobs whose (non-empty) selector matches the pod's labels. */
  private getPodJobs(pod: ReadonlyPod): ReadonlyJob[] {
    return this.jobLister.list(pod.metadata?.namespace ?? "").filter((j) => {
      const sel = selectorFor(j.spec?.selector);
      return !isEverything(sel) && matches(sel, pod.metadata?.labels);
    });
  }

  private finalizerRemovalObserved(key: string, uid: string) {
    this.finalizerExpectations.get(key)?.delete(uid);
  }

  private addPod(pod: ReadonlyPod) {
    if (pod.metadata?.deletionTimestamp) {
      // Already being deleted: this must not count as an observed creation.
      this.deletePod(pod, false);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const job = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
      if (!job) return;
      this.expectations.creationObserved(keyOf(job));
      this.enqueueBatched(job);
      return;
    }
    if (hasJobTrackingFinalizer(pod)) this.orphanQueue.add(podKey(pod));
    for (const job of this.getPodJobs(pod)) this.enqueueBatched(job);
  }

  private updatePod(old: ReadonlyPod, cur: ReadonlyPod) {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // A graceful deletion: replace the pod now rather than when the kubelet finally removes it.
      this.deletePod(cur, false);
      return;
    }
    const finalizerRemoved = !hasJobTrackingFinalizer(cur);
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !sameControllerRef(curRef, oldRef);
    const uid = cur.metadata?.uid ?? "";
    if (refChanged && oldRef) {
      const job = this.resolveControllerRef(old.metadata?.namespace ?? "", oldRef);
      if (job) {
        if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(job), uid);
        this.enqueueBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(cur.metadata?.namespace ?? "", curRef);
      if (!job) return;
      if (finalizerRemoved) this.finalizerRemovalObserved(keyOf(job), uid);
      this.enqueueBatched(job);
      return;
    }
    if (hasJobTrackingFinalizer(cur)) this.orphanQueue.add(podKey(cur));
    if (labelChanged || refChanged) for (const job of this.getPodJobs(cur)) this.enqueueBatched(job);
  }

  /** deletePod: `final` when the pod is gone, not just marked for deletion. */
  private deletePod(pod: ReadonlyPod, final: boolean) {
    const ref = getControllerOf(pod);
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    if (!ref) {
      // The garbage collector may have removed the reference of a pod that belonged to a Job.
      if (hasFinalizer) this.orphanQueue.add(podKey(pod));
      return;
    }
    const job = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
    if (!job || isJobFinished(job)) {
      // syncJob will not remove this finalizer.
      if (hasFinalizer) this.orphanQueue.add(podKey(pod));
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObservedOf(key, podKey(pod));
    if (final || !hasFinalizer) this.finalizerRemovalObserved(key, pod.metadata?.uid ?? "");
    this.enqueueBatched(job);
  }

  // --- orphan pods ---

  /** syncOrphanPod: removes the tracking finalizer of a pod no unfinished Job of ours controls. */
  async syncOrphanPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podLister.get(namespace, name);
    if (!pod || !hasJobTrackingFinalizer(pod)) return;
    const ref = getControllerOf(pod);
    if (ref) {
      // Another kind of owner keeps its own finalizers.
      if (ref.kind !== jobKind.kind || ref.apiVersion !== apiVersionOf(jobKind)) return;
      const job = this.resolveControllerRef(namespace, ref);
      if (job && !isJobFinished(job)) return; // adopted, or still running
    }
    try {
      await this.podControl.patchPod(namespace, name, removeTrackingFinalizerPatch());
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  // --- reconcile ---

  /** syncJob */
  async syncJob(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const shared = this.jobLister.get(namespace, name);
    if (!shared) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoff.remove(key);
      return;
    }
    const managedBy = shared.spec?.managedBy;
    if (managedBy !== undefined && managedBy !== jobControllerName) return;
    const job = structuredClone(shared) as JobObject;
    // A finished Job is never synced again.
    if (isJobFinished(job)) {
      this.backoff.remove(key);
      return;
    }
    const now = this.now();
    // Check expectations before listing pods, so a pod created after the check is not missed.
    const satisfiedExpectations = this.expectations.satisfied(key);
    const jobPods = await this.getPodsForJob(job);
    const activePods = jobPods.filter(isPodActive);
    const status = (job.status ??= {});
    const uncountedStatus = status.uncountedTerminatedPods ?? {};
    const jc: SyncJobCtx = {
      job,
      pods: jobPods,
      activePods,
      succeeded: 0,
      failed: 0,
      prevSucceededIndexes: [],
      succeededIndexes: [],
      podsWithDelayedDeletionPerIndex: new Map(),
      newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
      expectedRmFinalizers: new Set(this.finalizerExpectations.get(key) ?? []),
      uncounted: {
        succeeded: new Set(uncountedStatus.succeeded ?? []),
        failed: new Set(uncountedStatus.failed ?? []),
      },
      ready: activePods.filter(isPodReady).length,
      terminating: jobPods.filter((p) => p.metadata?.deletionTimestamp && !isPodTerminal(p)).length,
    };
    let active = activePods.length;
    const newSucceededPods = this.getNewFinishedPods(jc, (p) => p.status?.phase === "Succeeded", "succeeded");
    const newFailedPods = this.getNewFinishedPods(jc, (p) => isPodFailed(p, job), "failed");
    jc.succeeded = (status.succeeded ?? 0) + newSucceededPods.length + jc.uncounted.succeeded.size;
    // Failures a podFailurePolicy Ignore rule matches do not count.
    const nonIgnoredFailed = newFailedPods.filter(
      (p) => matchPodFailurePolicy(job.spec?.podFailurePolicy, p).countFailed,
    ).length;
    jc.failed = (status.failed ?? 0) + nonIgnoredFailed + jc.uncounted.failed.size;

    // The Job starts now, unless it is suspended.
    if (!status.startTime && !isSuspended(job)) status.startTime = rfc3339(now);
    jc.newBackoffRecord = this.backoff.newBackoffRecord(key, newSucceededPods, newFailedPods);

    const exceedsBackoffLimit = jc.failed > (job.spec?.backoffLimit ?? 6);
    let failJobMessage: string | undefined;
    const successCriteriaMet = findCondition(status.conditions, jobSuccessCriteriaMet);
    const failureTarget = findCondition(status.conditions, jobFailureTarget);
    if (successCriteriaMet?.status === "True") jc.finishedCondition = successCriteriaMet;
    else if (failureTarget?.status === "True")
      jc.finishedCondition = newCondition(
        jobFailed,
        "True",
        failureTarget.reason ?? "",
        failureTarget.message ?? "",
        now,
      );
    else if ((failJobMessage = getFailJobMessage(job.spec?.podFailurePolicy, jobPods)) !== undefined)
      jc.finishedCondition = newCondition(
        jobFailureTarget,
        "True",
        reasonPodFailurePolicy,
        failJobMessage,
        now,
      );
    else if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, jobPods))
      jc.finishedCondition = newCondition(
        jobFailureTarget,
        "True",
        reasonBackoffLimitExceeded,
        messageBackoffLimitExceeded,
        now,
      );
    else if (this.pastActiveDeadline(job))
      jc.finishedCondition = newCondition(
        jobFailureTarget,
        "True",
        reasonDeadlineExceeded,
        messageDeadlineExceeded,
        now,
      );
    else if (job.spec?.activeDeadlineSeconds !== undefined && !isSuspended(job)) {
      const started = parseTime(status.startTime) ?? now;
      this.queue.addAfter(key, job.spec.activeDeadlineSeconds * 1000 - (now - started));
    }

    if (isIndexedJob(job)) {
      const completions = job.spec?.completions ?? 0;
      jc.prevSucceededIndexes = parseIndexes(status.completedIndexes, completions);
      const fresh: number[] = [];
      for (const p of jobPods) {
        const ix = getCompletionIndex(p.metadata?.annotations);
        if (
          p.status?.phase === "Succeeded" &&
          hasJobTrackingFinalizer(p) &&
          ix !== unknownCompletionIndex &&
          ix < completions
        )
          fresh.push(ix);
      }
      jc.succeededIndexes = withOrderedIndexes(jc.prevSucceededIndexes, fresh);
      jc.succeeded = intervalsTotal(jc.succeededIndexes);
      if (hasBackoffLimitPerIndex(job)) {
        jc.failedIndexes = calculateFailedIndexes(job, jobPods);
        const failedTotal = intervalsTotal(jc.failedIndexes);
        const maxFailed = job.spec?.maxFailedIndexes;
        if (!jc.finishedCondition) {
          if (maxFailed !== undefined && failedTotal > maxFailed)
            jc.finishedCondition = newCondition(
              jobFailureTarget,
              "True",
              "MaxFailedIndexesExceeded",
              "Job has exceeded the specified maximal number of failed indexes",
              now,
            );
          else if (failedTotal > 0 && failedTotal + intervalsTotal(jc.succeededIndexes) >= completions)
            jc.finishedCondition = newCondition(
              jobFailureTarget,
              "True",
              "FailedIndexes",
              "Job has failed indexes",
              now,
            );
        }
        jc.podsWithDelayedDeletionPerIndex = getPodsWithDelayedDeletionPerIndex(jc);
      }
      if (!jc.finishedCondition) {
        const msg = matchSuccessPolicy(job.spec?.successPolicy, completions, jc.succeededIndexes);
        if (msg !== undefined)
          jc.finishedCondition = newCondition(jobSuccessCriteriaMet, "True", reasonSuccessPolicy, msg, now);
      }
    }

    let manageJobErr: unknown;
    let suspendCondChanged = false;
    if (jc.finishedCondition) {
      // The Job failed (or succeeded with pods left): stop what still runs.
      const { deleted, deletedReady, error } = await this.deleteActivePods(job, activePods);
      // Not finished yet while pods may still be unseen or running.
      if (deleted !== active || !satisfiedExpectations) jc.finishedCondition = undefined;
      active -= deleted;
      jc.terminating += deleted;
      jc.ready -= deletedReady;
      manageJobErr = error;
    } else {
      let manageJobCalled = false;
      if (satisfiedExpectations && !job.metadata.deletionTimestamp) {
        const r = await this.manageJob(job, jc, key);
        active = r.active;
        manageJobErr = r.error;
        manageJobCalled = true;
      }
      const completions = job.spec?.completions;
      // Without completions, one success finishes the Job once the others stopped.
      const complete =
        completions === undefined
          ? jc.succeeded > 0 && active === 0
          : jc.succeeded >= completions && active === 0;
      if (complete) {
        jc.finishedCondition = newCondition(
          jobSuccessCriteriaMet,
          "True",
          reasonCompletionsReached,
          messageCompletionsReached,
          now,
        );
      } else if (manageJobCalled) {
        const conditions = (status.conditions ??= []);
        if (isSuspended(job)) {
          if (
            ensureJobConditionStatus(conditions, jobSuspended, "True", "JobSuspended", "Job suspended", now)
          ) {
            suspendCondChanged = true;
            this.recorder.event(this.ref(job), "Normal", "Suspended", "Job suspended");
          }
        } else if (
          ensureJobConditionStatus(conditions, jobSuspended, "False", "JobResumed", "Job resumed", now)
        ) {
          suspendCondChanged = true;
          this.recorder.event(this.ref(job), "Normal", "Resumed", "Job resumed");
          // activeDeadlineSeconds counts continuous activity: the clock restarts on resume.
          status.startTime = rfc3339(now);
        }
        if (status.conditions.length === 0) delete status.conditions;
      }
    }

    const old = shared.status ?? {};
    const needsStatusUpdate =
      suspendCondChanged ||
      active !== (old.active ?? 0) ||
      jc.ready !== old.ready ||
      jc.terminating !== old.terminating ||
      status.startTime !== old.startTime;
    status.active = active;
    status.ready = jc.ready;
    status.terminating = jc.terminating;
    await this.trackJobStatusAndRemoveFinalizers(jc, key, needsStatusUpdate);
    if (manageJobErr !== undefined) throw asError(manageJobErr);
  }

  private ref(job: ReadonlyJob) {
    return referenceTo(job, jobKind);
  }

  /** getNewFinishedPods' filter: pods with a finalizer not yet counted (for Indexed, with a valid index). */
  private getNewFinishedPods(
    jc: SyncJobCtx,
    filter: (p: ReadonlyPod) => boolean,
    which: "succeeded" | "failed",
  ): ReadonlyPod[] {
    const completions = jc.job.spec?.completions ?? 0;
    return jc.pods.filter((p) => {
      const uid = p.metadata?.uid ?? "";
      if (!hasJobTrackingFinalizer(p) || jc.uncounted[which].has(uid) || jc.expectedRmFinalizers.has(uid))
        return false;
      if (isIndexedJob(jc.job)) {
        const ix = getCompletionIndex(p.metadata?.annotations);
        if (ix === unknownCompletionIndex || ix >= completions) return false;
      }
      return filter(p);
    });
  }

  /** pastActiveDeadline */
  private pastActiveDeadline(job: ReadonlyJob): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = parseTime(job.status?.startTime);
    if (ads === undefined || start === undefined || isSuspended(job)) return false;
    return this.now() - start >= ads * 1000;
  }

  /** getPodsForJob: every pod (active or finished) the Job's selector claims. */
  private async getPodsForJob(job: JobObject): Promise<ReadonlyPod[]> {
    const sel = selectorFor(job.spec?.selector);
    if (typeof sel === "string") throw new Error(`couldn't convert Job selector: ${sel}`);
    const m = new ControllerRefManager({
      controller: job,
      controllerKind: jobKind,
      claimedKind: "Pod",
      patch: (ns, name, patch) => this.podControl.patchPod(ns, name, patch),
      canAdopt: recheckDeletionTimestamp("Job", job, () =>
        this.jobClient.get(job.metadata.namespace ?? "", job.metadata.name ?? ""),
      ),
      // An adopted pod is tracked like one the Job created; a released one is no longer held.
      finalizers: [jobTrackingFinalizer],
    });
    const claimed = await m.claim(this.podLister.list(job.metadata.namespace ?? ""), (p) =>
      matches(sel, p.metadata?.labels),
    );
    // Adoption just added the finalizer: count the pod as carrying it for the rest of this sync.
    return claimed.map((p) => {
      const adopted = !(p.metadata?.ownerReferences ?? []).some((r) => r.uid === job.metadata.uid);
      if (!adopted || hasJobTrackingFinalizer(p)) return p;
      const c = structuredClone(p) as PodObject;
      c.metadata.finalizers = [...(c.metadata.finalizers ?? []), jobTrackingFinalizer];
      return c;
    });
  }

  /**
   * manageJob: deletes surplus pods, or creates the missing ones (after the failure back-off), never
   * both in one sync. Returns the new active count, and the first error (the sync then retries).
   */
  private async manageJob(
    job: JobObject,
    jc: SyncJobCtx,
    key: string,
  ): Promise<{ active: number; error?: unknown }> {
    let active = jc.activePods.length;
    const parallelism = job.spec?.parallelism ?? 1;
    if (isSuspended(job)) {
      this.log.debug({ key }, "Deleting all active pods in suspended job");
      const toDelete = this.activePodsForRemoval(job, jc.activePods, active);
      const r = await this.deleteJobPods(job, key, toDelete);
      active -= r.deleted;
      jc.terminating += r.deleted;
      jc.ready -= r.deletedReady;
      return { active, error: r.error };
    }
    let wantActive: number;
    const completions = job.spec?.completions;
    if (completions === undefined) {
      // Once a pod succeeded, leave whatever runs running; start no more.
      wantActive = jc.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(completions - jc.succeeded, parallelism));
    }
    const rmAtLeast = Math.max(0, active - wantActive);
    const toDelete = this.activePodsForRemoval(job, jc.activePods, rmAtLeast).slice(
      0,
      maxPodCreateDeletePerSync,
    );
    if (toDelete.length > 0) {
      this.log.debug({ key, deleting: toDelete.length, need: wantActive }, "Too many pods running for job");
      const r = await this.deleteJobPods(job, key, toDelete);
      active -= r.deleted;
      jc.terminating += r.deleted;
      jc.ready -= r.deletedReady;
      return { active, error: r.error };
    }
    // With podReplacementPolicy Failed, a pod still terminating is not replaced yet.
    const terminating = onlyReplaceFailedPods(job) ? jc.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return { active };
    // With backoffLimitPerIndex each index backs off on its own (below).
    const remaining = hasBackoffLimitPerIndex(job)
      ? 0
      : remainingBackoffMs(jc.newBackoffRecord, this.now(), this.backoffMs, this.maxBackoffMs);
    if (remaining > 0) {
      this.queue.addAfter(key, Math.max(remaining, this.batchPeriodMs));
      return { active };
    }
    diff = Math.min(diff, maxPodCreateDeletePerSync);
    let indexes: number[] = [];
    if (isIndexedJob(job)) {
      // With podReplacementPolicy Failed, a terminating pod still holds its index.
      const holding = onlyReplaceFailedPods(job)
        ? [...jc.activePods, ...jc.pods.filter((p) => p.metadata?.deletionTimestamp && !isPodTerminal(p))]
        : jc.activePods;
      indexes = firstPendingIndexes(
        holding,
        mergeIntervals(jc.succeededIndexes, jc.failedIndexes ?? []),
        diff,
        completions ?? 0,
      );
      if (hasBackoffLimitPerIndex(job)) {
        // getPodCreationInfoForIndependentIndexes: the indexes whose back-off is over, else wait the least.
        const now = this.now();
        const waits = indexes.map((ix) => {
          const last = jc.podsWithDelayedDeletionPerIndex.get(ix);
          const count = last ? getIndexAbsoluteFailureCount(last) + 1 : 0;
          return remainingBackoffPerIndexMs(last, count, now, this.backoffMs, this.maxBackoffMs);
        });
        const ready = indexes.filter((_, i) => waits[i] === 0);
        if (ready.length === 0 && indexes.length > 0) {
          this.queue.addAfter(key, Math.max(Math.min(...waits), this.batchPeriodMs));
          return { active };
        }
        indexes = ready;
      }
      diff = indexes.length;
    }
    if (diff === 0) return { active };
    this.expectations.expectCreations(key, diff);
    this.log.debug({ key, need: wantActive, creating: diff }, "Too few pods running");
    const template = structuredClone<PodTemplateSpec>(job.spec?.template ?? {});
    if (isIndexedJob(job)) addCompletionIndexEnvVariables(template);
    const meta = (template.metadata ??= {});
    // The tracking finalizer keeps a finished pod until it has been counted.
    if (!(meta.finalizers ?? []).includes(jobTrackingFinalizer))
      meta.finalizers = [...(meta.finalizers ?? []), jobTrackingFinalizer];
    const controllerRef = newControllerRef(job, jobKind);
    const ns = job.metadata.namespace ?? "";
    const ref = this.ref(job);
    let next = 0;
    active += diff;
    const { successes, error } = await slowStartBatch(diff, slowStartInitialBatchSize, async () => {
      const i = next++;
      let t = template;
      let generateName: string | undefined;
      if (isIndexedJob(job)) {
        const ix = indexes[i];
        t = structuredClone(template);
        const m = (t.metadata ??= {});
        m.annotations = { ...m.annotations, [jobCompletionIndexAnnotation]: String(ix) };
        m.labels = { ...m.labels, [jobCompletionIndexAnnotation]: String(ix) };
        if (t.spec) t.spec.hostname = `${job.metadata.name}-${ix}`;
        if (hasBackoffLimitPerIndex(job)) {
          // addIndexFailureCountAnnotation: the replaced pod's counts, plus its own failure.
          const replaced = jc.podsWithDelayedDeletionPerIndex.get(ix);
          let failures = 0;
          let ignored = 0;
          if (replaced) {
            failures = getIndexFailureCount(replaced);
            ignored = getIndexAbsoluteFailureCount(replaced) - failures;
            if (matchPodFailurePolicy(job.spec?.podFailurePolicy, replaced).countFailed) failures++;
            else ignored++;
          }
          m.annotations[jobIndexFailureCountAnnotation] = String(failures);
          if (ignored > 0) m.annotations[jobIndexIgnoredFailureCountAnnotation] = String(ignored);
        }
        generateName = podGenerateNameWithIndex(job.metadata.name ?? "", ix);
      }
      try {
        await this.podControl.createPods(ns, t, ref, controllerRef, generateName);
      } catch (e) {
        // In a terminating namespace every create fails; that is not this Job's problem.
        if (!hasStatusCause(e, namespaceTerminatingCause)) throw e;
      }
    });
    // Pods not created will not be observed.
    for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
    active -= diff - successes;
    return { active, error };
  }

  /**
   * activePodsForRemoval: for Indexed Jobs first the pods with an invalid or repeated index, then the
   * pods upstream's ActivePods order ranks first (unscheduled, pending, not ready, ...).
   */
  private activePodsForRemoval(job: ReadonlyJob, activePods: ReadonlyPod[], rmAtLeast: number) {
    let rm: ReadonlyPod[] = [];
    let left = activePods;
    if (isIndexedJob(job))
      ({ rm, left } = splitDuplicatedIndexPods(activePods, job.spec?.completions ?? 0, (g) =>
        this.sortForDeletion(g),
      ));
    if (rm.length < rmAtLeast) rm = [...rm, ...this.sortForDeletion(left).slice(0, rmAtLeast - rm.length)];
    return rm;
  }

  /** controller.ActivePods order: the best candidates for deletion first. */
  private sortForDeletion(pods: ReadonlyPod[]): ReadonlyPod[] {
    return sortForDeletion(
      pods.map((pod) => ({ pod, rank: 0 })),
      undefined,
    ).map((r) => r.pod);
  }

  /**
   * deleteJobPods: deletes surplus or suspended pods under expectations, removing the tracking finalizer
   * first: pods the Job itself removes are not counted as failed. NotFound counts as deleted.
   */
  private async deleteJobPods(job: ReadonlyJob, key: string, toDelete: ReadonlyPod[]) {
    this.expectations.expectDeletionsOf(key, toDelete.map(podKey));
    return this.deletePods(job, toDelete, (p) => this.expectations.deletionObservedOf(key, podKey(p)), true);
  }

  /** deleteActivePods: deletes without touching finalizers; the pods are then counted as failed. */
  private deleteActivePods(job: ReadonlyJob, activePods: ReadonlyPod[]) {
    return this.deletePods(job, activePods, () => undefined);
  }

  private async deletePods(
    job: ReadonlyJob,
    toDelete: ReadonlyPod[],
    onFailure: (p: ReadonlyPod) => void,
    removeFinalizer = false,
  ) {
    let deleted = 0;
    let deletedReady = 0;
    let error: unknown;
    const ns = job.metadata.namespace ?? "";
    await Promise.all(
      toDelete.map(async (pod) => {
        try {
          if (removeFinalizer && hasJobTrackingFinalizer(pod))
            await this.podControl.patchPod(ns, pod.metadata?.name ?? "", removeTrackingFinalizerPatch());
          await this.podControl.deletePod(ns, pod.metadata?.name ?? "", this.ref(job));
        } catch (e) {
          // The informer will not see this deletion.
          onFailure(pod);
          if (!isNotFound(e)) {
            error ??= e;
            return;
          }
        }
        deleted++;
        if (isPodReady(pod)) deletedReady++;
      }),
    );
    return { deleted, deletedReady, error };
  }

  /**
   * trackJobStatusAndRemoveFinalizers: records finished pods in uncountedTerminatedPods, removes their
   * finalizers, moves them into the counters, and finally sets Complete/Failed once nothing is left
   * uncounted or terminating.
   */
  private async trackJobStatusAndRemoveFinalizers(jc: SyncJobCtx, key: string, needsFlush: boolean) {
    const job = jc.job;
    const status = job.status ?? {};
    const isIndexed = isIndexedJob(job);
    const completions = job.spec?.completions ?? 0;
    const uncounted = (status.uncountedTerminatedPods ??= {});
    const podsToRemoveFinalizer: ReadonlyPod[] = [];
    const newSucceededIndexes: number[] = [];
    const uidsWithFinalizer = new Set<string>();
    for (const p of jc.pods) {
      const uid = p.metadata?.uid ?? "";
      // A pod whose finalizer removal is in flight counts as without it.
      if (hasJobTrackingFinalizer(p) && !jc.expectedRmFinalizers.has(uid)) uidsWithFinalizer.add(uid);
    }
    if (cleanUncountedPodsWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
    let reachedMaxUncountedPods = false;
    for (const pod of jc.pods) {
      const uid = pod.metadata?.uid ?? "";
      if (!hasJobTrackingFinalizer(pod) || jc.expectedRmFinalizers.has(uid)) continue;
      const considerPodFailed = isPodFailed(pod, job);
      if (!canRemoveFinalizer(jc, pod, considerPodFailed)) continue;
      podsToRemoveFinalizer.push(pod);
      const ix = getCompletionIndex(pod.metadata?.annotations);
      if (pod.status?.phase === "Succeeded" && !jc.uncounted.failed.has(uid)) {
        if (isIndexed) {
          // The index is enough not to count a pod twice.
          if (
            ix !== unknownCompletionIndex &&
            ix < completions &&
            !intervalsHas(jc.prevSucceededIndexes, ix)
          ) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!jc.uncounted.succeeded.has(uid)) {
          needsFlush = true;
          uncounted.succeeded = [...(uncounted.succeeded ?? []), uid];
        }
      } else if (
        considerPodFailed ||
        (jc.finishedCondition !== undefined && jc.finishedCondition.type !== jobSuccessCriteriaMet)
      ) {
        // Once the Job is finished, every pod not succeeded counts as failed.
        if (
          !jc.uncounted.failed.has(uid) &&
          (!isIndexed || (ix !== unknownCompletionIndex && ix < completions)) &&
          // A failure an Ignore rule matches loses its finalizer without being counted.
          matchPodFailurePolicy(job.spec?.podFailurePolicy, pod).countFailed
        ) {
          needsFlush = true;
          uncounted.failed = [...(uncounted.failed ?? []), uid];
        }
      }
      if (
        newSucceededIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >=
        maxUncountedPods
      ) {
        // Keep the UID lists small and let other Jobs have their turn.
        reachedMaxUncountedPods = true;
        break;
      }
    }
    if (isIndexed) {
      newSucceededIndexes.sort((a, b) => a - b);
      jc.succeededIndexes = withOrderedIndexes(jc.prevSucceededIndexes, newSucceededIndexes);
      const text = intervalsString(jc.succeededIndexes);
      if (text !== (status.completedIndexes ?? "")) needsFlush = true;
      status.succeeded = intervalsTotal(jc.succeededIndexes);
      status.completedIndexes = text;
      const failedText = jc.failedIndexes ? intervalsString(jc.failedIndexes) : undefined;
      if (failedText !== status.failedIndexes) {
        status.failedIndexes = failedText;
        needsFlush = true;
      }
    }
    const conditions = (status.conditions ??= []);
    const fc = jc.finishedCondition;
    if (fc?.type === jobFailureTarget) {
      // Record why the Job fails before its pods' finalizers go; Failed follows once they are counted.
      conditions.push(fc);
      needsFlush = true;
      jc.finishedCondition = newCondition(jobFailed, "True", fc.reason ?? "", fc.message ?? "", this.now());
    } else if (fc?.type === jobSuccessCriteriaMet) {
      if (findCondition(conditions, jobSuccessCriteriaMet)?.status !== "True") {
        conditions.push(fc);
        needsFlush = true;
      }
      jc.finishedCondition = newCondition(jobComplete, "True", fc.reason ?? "", fc.message ?? "", this.now());
    }
    if (conditions.length === 0) delete status.conditions;

    needsFlush = await this.flushUncountedAndRemoveFinalizers(
      jc,
      key,
      podsToRemoveFinalizer,
      uidsWithFinalizer,
      needsFlush,
    );
    const jobFinished = !reachedMaxUncountedPods && this.enactJobFinished(jc);
    if (jobFinished) needsFlush = true;
    if (needsFlush) {
      jc.job = await this.updateStatus(jc.job);
      if (jobFinished && jc.finishedCondition) this.recordJobFinished(jc.job, jc.finishedCondition);
    }
  }

  /**
   * flushUncountedAndRemoveFinalizers: writes the uncounted UIDs, removes the finalizers, then moves the
   * pods whose finalizer is gone into the counters. Returns whether a status write is still due.
   */
  private async flushUncountedAndRemoveFinalizers(
    jc: SyncJobCtx,
    key: string,
    podsToRemoveFinalizer: ReadonlyPod[],
    uidsWithFinalizer: Set<string>,
    needsFlush: boolean,
  ): Promise<boolean> {
    if (needsFlush) {
      try {
        jc.job = await this.updateStatus(jc.job);
      } catch (e) {
        throw new Error(`adding uncounted pods to status: ${errorMessage(e)}`, { cause: e });
      }
      // The failures are in the status now: the back-off counts them.
      this.backoff.update(jc.newBackoffRecord);
      needsFlush = false;
    }
    const { removed, error } = await this.removeTrackingFinalizerFromPods(key, podsToRemoveFinalizer);
    for (const uid of removed) uidsWithFinalizer.delete(uid);
    if (cleanUncountedPodsWithoutFinalizers((jc.job.status ??= {}), uidsWithFinalizer)) needsFlush = true;
    if (error !== undefined) {
      // Keep the partial progress.
      if (needsFlush) jc.job = await this.updateStatus(jc.job);
      throw asError(error);
    }
    return needsFlush;
  }

  /** removeTrackingFinalizerFromPods: the UIDs whose finalizer is gone (NotFound counts as gone). */
  private async removeTrackingFinalizerFromPods(key: string, toPatch: ReadonlyPod[]) {
    const removed: string[] = [];
    let error: unknown;
    if (toPatch.length === 0) return { removed, error };
    const expected = this.finalizerExpectations.get(key) ?? new Set<string>();
    this.finalizerExpectations.set(key, expected);
    for (const p of toPatch) expected.add(p.metadata?.uid ?? "");
    await Promise.all(
      toPatch.map(async (pod) => {
        const uid = pod.metadata?.uid ?? "";
        try {
          await this.podControl.patchPod(
            pod.metadata?.namespace ?? "",
            pod.metadata?.name ?? "",
            removeTrackingFinalizerPatch(),
          );
        } catch (e) {
          // No pod update will tell that this removal happened.
          this.finalizerRemovalObserved(key, uid);
          if (!isNotFound(e)) {
            error ??= e;
            return;
          }
        }
        removed.push(uid);
      }),
    );
    return { removed, error };
  }

  /**
   * enactJobFinished: sets Complete or Failed, unless pods are still uncounted or terminating.
   */
  private enactJobFinished(jc: SyncJobCtx): boolean {
    const fc = jc.finishedCondition;
    if (!fc) return false;
    const status = (jc.job.status ??= {});
    const u = status.uncountedTerminatedPods;
    if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
    if (jc.terminating > 0) return false;
    const now = this.now();
    ensureJobConditionStatus(
      (status.conditions ??= []),
      fc.type,
      fc.status,
      fc.reason ?? "",
      fc.message ?? "",
      now,
    );
    if (fc.type === jobComplete) status.completionTime = fc.lastTransitionTime;
    return true;
  }

  /** recordJobFinished: "Completed" or the failure reason, as an event. */
  private recordJobFinished(job: ReadonlyJob, fc: JobCondition) {
    if (fc.type === jobComplete) {
      const completions = job.spec?.completions;
      if (completions !== undefined && (job.status?.succeeded ?? 0) > completions)
        this.recorder.event(
          this.ref(job),
          "Warning",
          "TooManySucceededPods",
          "Too many succeeded pods running after completion count reached",
        );
      this.recorder.event(this.ref(job), "Normal", "Completed", "Job completed");
    } else this.recorder.event(this.ref(job), "Warning", fc.reason ?? "", fc.message ?? "");
    this.log.info({ job: keyOf(job), condition: fc.type, reason: fc.reason }, "Job finished");
  }

  /** The status write (UpdateStatus); a conflict fails the sync, which retries from the listers. */
  private updateStatus(job: JobObject): Promise<JobObject> {
    return this.jobClient.updateStatus(job.metadata.namespace ?? "", job.metadata.name ?? "", job);
  }
}

/** The strategic merge patch that removes the tracking finalizer. */
function removeTrackingFinalizerPatch() {
  return { metadata: { "$deleteFromPrimitiveList/finalizers": [jobTrackingFinalizer] } };
}

/** canRemoveFinalizer: a finished Job, a succeeded pod, or a pod that counts as failed. */
function canRemoveFinalizer(jc: SyncJobCtx, pod: ReadonlyPod, considerPodFailed: boolean): boolean {
  if (
    jc.job.metadata.deletionTimestamp !== undefined ||
    jc.finishedCondition !== undefined ||
    pod.status?.phase === "Succeeded"
  )
    return true;
  if (!considerPodFailed) return false;
  if (hasBackoffLimitPerIndex(jc.job)) {
    // Awaiting its replacement, which takes over the index's failure count.
    const ix = getCompletionIndex(pod.metadata?.annotations);
    const delayed = jc.podsWithDelayedDeletionPerIndex.get(ix);
    if (delayed && delayed.metadata?.uid === pod.metadata?.uid) return false;
  }
  return true;
}

/** The controller manager's constructor for the Job controller. */
export function newJobController(ctx: ControllerContext): Controller {
  return new JobController(ctx);
}
