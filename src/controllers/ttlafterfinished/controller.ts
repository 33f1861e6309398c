// The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
// deletes a finished Job (and, through foreground deletion, its pods) ttlSecondsAfterFinished after it
// finished. Before deleting it re-reads the Job uncached, because its TTL may have changed, and deletes
// with a UID precondition so a new Job of the same name is never hit.
import type { ControllerContext, Controller } from "../controller.js";
import { jobs } from "../../api/batch/v1/job.js";
import { clientFor } from "../../client/index.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import { splitKey, keyOf, type DeepReadonly, type Lister } from "../../client/informer/cache.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { JobObject } from "../job/controller.js";
import { needsCleanup, timeLeft } from "./ttl.js";

/** ConcurrentTTLSyncs, upstream's default. */
export const defaultTTLWorkers = 5;

type ReadonlyJob = DeepReadonly<JobObject>;

export interface TTLAfterFinishedOptions {
  now?: () => number;
}

export class TTLAfterFinishedController implements Controller {
  readonly name = "ttl-after-finished";
  private readonly queue = new WorkQueue<string>();
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly jobClient: ResourceClient<JobObject>;
  private jobLister!: Lister<JobObject>;

  constructor(
    private readonly ctx: ControllerContext,
    o: TTLAfterFinishedOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.log = ctx.log.child({ controller: "ttl-after-finished" });
    this.jobClient = clientFor<JobObject>(ctx.client, jobs);
  }

  async run(signal: AbortSignal): Promise<void> {
    const informer = this.ctx.informers.informerFor<JobObject>(jobs);
    this.jobLister = informer.lister;
    informer.addEventHandler({
      onAdd: (j) => this.enqueueIfNeeded(j),
      onUpdate: (_old, cur) => this.enqueueIfNeeded(cur),
    });
    if (!(await waitForCacheSync(signal, informer))) return;
    const workers = this.ctx.options.workers ?? defaultTTLWorkers;
    this.log.info({ workers }, "Starting TTL after finished controller");
    await runWorkers(
      this.queue,
      workers,
      (key) => this.processJob(key),
      signal,
      (key, err, retries) => this.log.warn({ key, err: errorMessage(err), retries }, "sync failed"),
    );
  }

  private enqueueIfNeeded(job: ReadonlyJob) {
    if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(keyOf(job));
  }

  /** processJob */
  async processJob(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.jobLister.get(namespace, name);
    if (!cached || !this.processTTL(cached, key)) return;
    // The cached TTL may be stale: check the latest Job before deleting it.
    let fresh: JobObject;
    try {
      fresh = await this.jobClient.get(namespace, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!this.processTTL(fresh, key)) return;
    this.log.info({ job: key }, "Cleaning up Job");
    try {
      // Foreground: the Job stays until the garbage collector deleted its pods.
      await this.jobClient.delete(namespace, name, {
        propagationPolicy: "Foreground",
        preconditions: { uid: fresh.metadata.uid },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** processTTL: true when the Job has expired; otherwise re-checks it when it will have. */
  private processTTL(job: ReadonlyJob, key: string): boolean {
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return false;
    const now = this.now();
    const left = timeLeft(job, now);
    if (typeof left === "string") throw new Error(left);
    if (left.skewed)
      this.log.info(
        { job: key },
        "Found Job finished in the future. This is likely due to time skew in the cluster. Job cleanup will be deferred.",
      );
    if (left.leftMs <= 0) return true;
    this.queue.addAfter(key, left.leftMs);
    return false;
  }
}

/** The controller manager's constructor for the TTL-after-finished controller. */
export function newTTLAfterFinishedController(ctx: ControllerContext): Controller {
  return new TTLAfterFinishedController(ctx);
}
