// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go): creates a Job per scheduled time,
// named <cronjob>-<minutes since the epoch> so one time never makes two, honours concurrencyPolicy, suspend,
// startingDeadlineSeconds and time zones, trims finished Jobs to the history limits, and keeps status.active,
// lastScheduleTime and lastSuccessfulTime. Each sync requeues the CronJob for its next scheduled time. It only
// creates and deletes Jobs; the Job controller runs them.
import type { ControllerContext, Controller } from "../controller.js";
import { cronjobs } from "../../api/batch/v1/cronjob.js";
import { jobs } from "../../api/batch/v1/job.js";
import { parseCronSchedule } from "../../api/batch/v1/cron.js";
import { isKnownTimeZone } from "../../api/batch/v1/timezone.js";
import { clientFor } from "../../client/index.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isAlreadyExists, isNotFound } from "../../client/rest/errors.js";
import { splitKey, keyOf, type DeepReadonly, type Lister } from "../../client/informer/cache.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { getControllerOf, isControlledBy, sameControllerRef } from "../util/controllerref.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage, asError } from "../util/errors.js";
import { referenceTo, type Recorder } from "../util/recorder.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { parseTime, rfc3339 } from "../util/metatime.js";
import {
  byJobStartTime,
  cronJobKind,
  deleteFromActiveList,
  finishedCondition,
  formatSchedule,
  getJobFromTemplate2,
  getJobName,
  inActiveList,
  inActiveListByName,
  isJobFinished,
  isJobSucceeded,
  jobReference,
  nextScheduleTime,
  nextScheduleTimeDuration,
  rfc1123ZUTC,
  type CronJobObject,
  type JobObject,
  type Schedule,
} from "./utils.js";

/** ConcurrentCronJobSyncs, upstream's default. */
export const defaultCronJobWorkers = 5;
/** Timers cannot wait longer than ~24.8 days; a sync that finds nothing due just requeues again. */
const maxRequeueMs = 24 * 3_600_000;

type CJ = DeepReadonly<CronJobObject>;
type ReadonlyJob = DeepReadonly<JobObject>;

export interface CronJobControllerOptions {
  /** The controller's clock (ms since the epoch); tests inject a fake one. */
  now?: () => number;
}

export class CronJobController implements Controller {
  readonly name = "cronjob";
  private readonly queue = new WorkQueue<string>();
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly recorder: Recorder;
  private readonly cjClient: ResourceClient<CronJobObject>;
  private readonly jobClient: ResourceClient<JobObject>;
  private cjLister!: Lister<CronJobObject>;
  private jobLister!: Lister<JobObject>;

  constructor(
    private readonly ctx: ControllerContext,
    o: CronJobControllerOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.log = ctx.log.child({ controller: "cronjob" });
    this.recorder = ctx.recorder("cronjob-controller");
    this.cjClient = clientFor<CronJobObject>(ctx.client, cronjobs);
    this.jobClient = clientFor<JobObject>(ctx.client, jobs);
  }

  async run(signal: AbortSignal): Promise<void> {
    const cjInformer = this.ctx.informers.informerFor<CronJobObject>(cronjobs);
    const jobInformer = this.ctx.informers.informerFor<JobObject>(jobs);
    this.cjLister = cjInformer.lister;
    this.jobLister = jobInformer.lister;
    cjInformer.addEventHandler({
      onAdd: (cj) => this.queue.add(keyOf(cj)),
      onUpdate: (old, cur) => this.updateCronJob(old, cur),
      onDelete: (cj) => this.queue.add(keyOf(cj)),
    });
    jobInformer.addEventHandler({
      // A Job that appears, changes owner, or goes wakes its CronJob.
      onAdd: (j) => this.enqueueOwner(j),
      onUpdate: (old, cur) => this.updateJob(old, cur),
      onDelete: (j) => this.enqueueOwner(j),
    });
    if (!(await waitForCacheSync(signal, cjInformer, jobInformer))) return;
    const workers = this.ctx.options.workers ?? defaultCronJobWorkers;
    this.log.info({ workers }, "Starting controller");
    await runWorkers(
      this.queue,
      workers,
      (key) => this.sync(key),
      signal,
      (key, err, retries) => this.log.warn({ key, err: errorMessage(err), retries }, "sync failed"),
    );
  }

  /** Queues a CronJob for a sync now (tests use it after moving the clock). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  // --- event handlers ---

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }) {
    if (ref.kind !== cronJobKind.kind) return undefined;
    const cj = this.cjLister.get(namespace, ref.name);
    return cj && cj.metadata.uid === ref.uid ? cj : undefined;
  }

  private enqueueOwner(j: ReadonlyJob) {
    const ref = getControllerOf(j);
    if (!ref) return; // nobody cares about orphans
    const cj = this.resolveControllerRef(j.metadata.namespace ?? "", ref);
    if (cj) this.queue.add(keyOf(cj));
  }

  private updateJob(old: ReadonlyJob, cur: ReadonlyJob) {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return; // periodic resync
    const oldRef = getControllerOf(old);
    if (oldRef && !sameControllerRef(oldRef, getControllerOf(cur))) this.enqueueOwner(old);
    this.enqueueOwner(cur);
  }

  /** A schedule or zone change requeues for the new next time; any other change syncs now. */
  private updateCronJob(old: CJ, cur: CJ) {
    if (old.spec?.schedule === cur.spec?.schedule && old.spec?.timeZone === cur.spec?.timeZone) {
      this.queue.add(keyOf(cur));
      return;
    }
    const sched = this.parseSchedule(cur);
    if (typeof sched === "string") {
      this.recorder.eventf(
        referenceTo(cur, cronJobKind),
        "Warning",
        "UnParseableCronJobSchedule",
        "unparseable schedule for cronjob: %s",
        cur.spec?.schedule ?? "",
      );
      return;
    }
    this.queue.addAfter(keyOf(cur), Math.min(nextScheduleTimeDuration(cur, this.now(), sched), maxRequeueMs));
  }

  private parseSchedule(cj: CJ): Schedule | string {
    const r = parseCronSchedule(formatSchedule(cj, isKnownTimeZone), isKnownTimeZone);
    return "error" in r ? r.error : r.schedule;
  }

  // --- reconcile ---

  /** sync: cleanup, then syncCronJob, then one status write for both. */
  async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.cjLister.get(namespace, name);
    if (!cached) return;
    // Every Job whose controller reference names this CronJob, whatever its labels now say.
    const children = this.jobLister.list(namespace).filter((j) => getControllerOf(j)?.name === name);
    let cj = structuredClone(cached) as CronJobObject;
    const cleaned = await this.cleanupFinishedJobs(cj, children);
    const r = await this.syncCronJob(cj, children);
    cj = r.cronJob;
    if (cleaned || r.updateStatus) {
      try {
        await this.cjClient.updateStatus(namespace, name, cj);
      } catch (e) {
        this.log.info(
          { key, resourceVersion: cj.metadata.resourceVersion, err: errorMessage(e) },
          "Unable to update status for cronjob",
        );
        throw e;
      }
    }
    if (r.requeueAfterMs !== undefined)
      return { requeueAfterMs: Math.max(1, Math.min(r.requeueAfterMs, maxRequeueMs)) };
    if (r.error !== undefined) throw asError(r.error);
  }

  private event(cj: CJ, type: "Normal" | "Warning", reason: string, fmt: string, ...args: unknown[]) {
    this.recorder.eventf(referenceTo(cj, cronJobKind), type, reason, fmt, ...args);
  }

  /** syncCronJob: reconcile the active list with the Jobs seen, then start the due Job if allowed. */
  private async syncCronJob(
    cronJob: CronJobObject,
    children: ReadonlyJob[],
  ): Promise<{ cronJob: CronJobObject; requeueAfterMs?: number; updateStatus: boolean; error?: unknown }> {
    const now = this.now();
    let updateStatus = false;
    const ns = cronJob.metadata.namespace ?? "";
    const done = (o: { requeueAfterMs?: number; error?: unknown } = {}) => ({ cronJob, updateStatus, ...o });
    const childUIDs = new Set<string>();
    for (const j of children) {
      childUIDs.add(j.metadata.uid ?? "");
      const found = inActiveList(cronJob, j.metadata.uid);
      if (!found && !isJobFinished(j)) {
        // Our status may just be stale: check the live object before crying wolf.
        let fresh: CronJobObject;
        try {
          fresh = await this.cjClient.get(ns, cronJob.metadata.name ?? "");
        } catch (e) {
          return done({ error: e });
        }
        if (inActiveList(fresh, j.metadata.uid)) {
          cronJob = fresh;
          continue;
        }
        this.event(
          cronJob,
          "Warning",
          "UnexpectedJob",
          "Saw a job that the controller did not create or forgot: %s",
          j.metadata.name,
        );
      } else if (isJobFinished(j)) {
        if (found) {
          deleteFromActiveList(cronJob, j.metadata.uid);
          this.event(
            cronJob,
            "Normal",
            "SawCompletedJob",
            "Saw completed job: %s, condition: %s",
            j.metadata.name,
            finishedCondition(j),
          );
          updateStatus = true;
        }
        if (isJobSucceeded(j)) {
          const completion = parseTime(j.status?.completionTime);
          const last = parseTime(cronJob.status?.lastSuccessfulTime);
          if (last === undefined || (completion !== undefined && completion > last)) {
            (cronJob.status ??= {}).lastSuccessfulTime = j.status?.completionTime;
            updateStatus = true;
          }
        }
      }
    }

    // An active Job that no longer exists would hold the CronJob "active" forever.
    for (const ref of [...(cronJob.status?.active ?? [])]) {
      if (childUIDs.has(ref.uid ?? "")) continue;
      try {
        // The lister may lag; only the API server can say the Job is gone.
        await this.jobClient.get(ref.namespace ?? ns, ref.name ?? "");
      } catch (e) {
        if (!isNotFound(e)) return done({ error: e });
        this.event(cronJob, "Normal", "MissingJob", "Active job went missing: %s", ref.name);
        deleteFromActiveList(cronJob, ref.uid);
        updateStatus = true;
      }
    }

    if (cronJob.metadata.deletionTimestamp) return done();

    const tz = cronJob.spec?.timeZone;
    if (tz !== undefined && tz !== null && !isKnownTimeZone(tz)) {
      this.event(
        cronJob,
        "Warning",
        "UnknownTimeZone",
        "invalid timeZone: %s: unknown time zone %s",
        JSON.stringify(tz),
        tz,
      );
      return done();
    }
    if (cronJob.spec?.suspend) return done();

    if ((cronJob.spec?.schedule ?? "").includes("TZ"))
      this.event(
        cronJob,
        "Warning",
        "UnsupportedSchedule",
        "CRON_TZ or TZ used in schedule %s is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
        JSON.stringify(cronJob.spec?.schedule),
      );
    const sched = this.parseSchedule(cronJob);
    if (typeof sched === "string") {
      this.event(
        cronJob,
        "Warning",
        "UnparseableSchedule",
        "unparseable schedule: %s : %s",
        JSON.stringify(cronJob.spec?.schedule),
        sched,
      );
      return done();
    }
    const next = nextScheduleTime(cronJob, now, sched);
    if (next.tooManyMissed) {
      this.event(
        cronJob,
        "Warning",
        "TooManyMissedTimes",
        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
      );
      this.log.info({ cronjob: keyOf(cronJob) }, "too many missed times");
    }
    if (next.error !== undefined) {
      this.event(
        cronJob,
        "Warning",
        "InvalidSchedule",
        "invalid schedule: %s : %s",
        cronJob.spec?.schedule,
        next.error,
      );
      return done();
    }
    const requeue = () => done({ requeueAfterMs: nextScheduleTimeDuration(cronJob, now, sched) });
    const scheduledTime = next.scheduledTime;
    // Nothing due: only after a restart or an early wake-up.
    if (scheduledTime === undefined) return requeue();

    const deadline = cronJob.spec?.startingDeadlineSeconds;
    if (deadline !== undefined && deadline !== null && scheduledTime + deadline * 1000 < now) {
      this.event(
        cronJob,
        "Warning",
        "MissSchedule",
        "Missed scheduled time to start a job: %s",
        rfc1123ZUTC(scheduledTime),
      );
      return requeue();
    }
    const lastSchedule = parseTime(cronJob.status?.lastScheduleTime);
    if (inActiveListByName(cronJob, ns, getJobName(cronJob, scheduledTime)) || lastSchedule === scheduledTime)
      return requeue(); // this time was already handled
    const policy = cronJob.spec?.concurrencyPolicy ?? "Allow";
    if (policy === "Forbid" && (cronJob.status?.active ?? []).length > 0) {
      this.event(
        cronJob,
        "Normal",
        "JobAlreadyActive",
        "Not starting job because prior execution is running and concurrency policy is Forbid",
      );
      return requeue();
    }
    if (policy === "Replace") {
      for (const ref of [...(cronJob.status?.active ?? [])]) {
        let job: JobObject;
        try {
          job = await this.jobClient.get(ref.namespace ?? ns, ref.name ?? "");
        } catch (e) {
          this.event(cronJob, "Warning", "FailedGet", "Get job: %s", errorMessage(e));
          return done({ error: e });
        }
        if (!(await this.deleteJob(cronJob, job)))
          return done({
            error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`),
          });
        updateStatus = true;
      }
    }

    const jobReq = getJobFromTemplate2(cronJob, scheduledTime);
    let created: JobObject;
    let alreadyExists = false;
    try {
      created = await this.jobClient.create(ns, jobReq);
    } catch (e) {
      if (hasStatusCause(e, namespaceTerminatingCause)) return done({ error: e });
      if (!isAlreadyExists(e)) {
        this.event(cronJob, "Warning", "FailedCreate", "Error creating job: %s", errorMessage(e));
        return done({ error: e });
      }
      // Ours from an earlier sync whose status write was lost: add it to the active list again.
      alreadyExists = true;
      try {
        created = await this.jobClient.get(ns, jobReq.metadata.name ?? "");
      } catch (e2) {
        return done({ error: e2 });
      }
      if (!isControlledBy(created, cronJob) || inActiveList(cronJob, created.metadata.uid)) return done();
    }
    if (alreadyExists)
      this.log.info({ cronjob: keyOf(cronJob), job: created.metadata.name }, "Job already exists");
    else {
      this.log.info({ cronjob: keyOf(cronJob), job: created.metadata.name }, "Created Job");
      this.event(cronJob, "Normal", "SuccessfulCreate", "Created job %s", created.metadata.name);
    }
    const status = (cronJob.status ??= {});
    status.active = [...(status.active ?? []), jobReference(created)];
    status.lastScheduleTime = rfc3339(scheduledTime);
    updateStatus = true;
    return requeue();
  }

  /** cleanupFinishedJobs: trims finished Jobs to the history limits, oldest first. */
  private async cleanupFinishedJobs(cj: CronJobObject, children: ReadonlyJob[]): Promise<boolean> {
    const successfulLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if ((successfulLimit ?? null) === null && (failedLimit ?? null) === null) return false;
    const successful = children.filter((j) => finishedCondition(j) === "Complete");
    const failed = children.filter((j) => finishedCondition(j) === "Failed");
    let updateStatus = false;
    if (successfulLimit !== undefined && successfulLimit !== null)
      updateStatus = (await this.removeOldestJobs(cj, successful, successfulLimit)) || updateStatus;
    if (failedLimit !== undefined && failedLimit !== null)
      updateStatus = (await this.removeOldestJobs(cj, failed, failedLimit)) || updateStatus;
    return updateStatus;
  }

  private async removeOldestJobs(cj: CronJobObject, js: ReadonlyJob[], maxJobs: number): Promise<boolean> {
    const numToDelete = js.length - maxJobs;
    if (numToDelete <= 0) return false;
    let updateStatus = false;
    const sorted = [...js].sort(byJobStartTime);
    for (let i = 0; i < numToDelete; i++) if (await this.deleteJob(cj, sorted[i])) updateStatus = true;
    return updateStatus;
  }

  /** deleteJob: the Job (its pods go in the background) and its active-list entry. */
  private async deleteJob(cj: CronJobObject, job: ReadonlyJob): Promise<boolean> {
    try {
      await this.jobClient.delete(job.metadata.namespace ?? "", job.metadata.name ?? "", {
        propagationPolicy: "Background",
      });
    } catch (e) {
      this.event(cj, "Warning", "FailedDelete", "Deleted job: %s", errorMessage(e));
      this.log.error(
        { cronjob: keyOf(cj), job: job.metadata.name, err: errorMessage(e) },
        "Error deleting job from cronjob",
      );
      return false;
    }
    deleteFromActiveList(cj, job.metadata.uid);
    this.event(cj, "Normal", "SuccessfulDelete", "Deleted job %s", job.metadata.name);
    return true;
  }
}

/** The controller manager's constructor for the CronJob controller. */
export function newCronJobController(ctx: ControllerContext): Controller {
  return new CronJobController(ctx);
}
