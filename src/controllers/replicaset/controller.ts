// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps spec.replicas active pods per
// ReplicaSet. Level-triggered: reconcile(key) reads the ReplicaSet and pods from the listers, claims pods by
// selector (adopting orphans, releasing strays), creates or deletes the difference in slow-start batches
// (at most 500 per sync) guarded by expectations, then writes status.
import type { ControllerContext, Controller } from "../controller.js";
import { replicasets } from "../../api/apps/v1/replicaset.js";
import { pods } from "../../api/core/v1/pod.js";
import { clientFor } from "../../client/index.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import { splitKey, keyOf, type DeepReadonly, type Lister } from "../../client/informer/cache.js";
import type { Informer } from "../../client/informer/informer.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import {
  getControllerOf,
  newControllerRef,
  sameControllerRef,
  type GroupVersionKind,
} from "../util/controllerref.js";
import { UIDTrackingControllerExpectations } from "../util/expectations.js";
import { PodControl, type PodObject } from "../util/podcontrol.js";
import { isPodActive, isPodReady, podKey } from "../util/pod.js";
import { ControllerRefManager, recheckDeletionTimestamp } from "../util/refmanager.js";
import { slowStartBatch, slowStartInitialBatchSize } from "../util/slowstart.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage, asError } from "../util/errors.js";
import { referenceTo, type Recorder } from "../util/recorder.js";
import { selectorFor, matches, isEverything } from "../util/selector.js";
import { waitForCacheSync } from "../util/cachesync.js";
import { calculateReplicaSetStatus, replicaSetStatusUpToDate, type ReplicaSetObject } from "./status.js";
import { getPodsToDelete } from "./podstodelete.js";

export const replicaSetKind: GroupVersionKind = { group: "apps", version: "v1", kind: "ReplicaSet" };
/** BurstReplicas: at most this many creates or deletes per sync. */
export const burstReplicas = 500;
/** ConcurrentRSSyncs, upstream's default. */
export const defaultReplicaSetWorkers = 5;
const controllerUIDIndex = "controllerUID";

type RS = DeepReadonly<ReplicaSetObject>;
type ReadonlyPod = DeepReadonly<PodObject>;

export interface ReplicaSetControllerOptions {
  now?: () => number;
  burstReplicas?: number;
}

export class ReplicaSetController implements Controller {
  readonly name = "replicaset";
  private readonly queue = new WorkQueue<string>();
  private readonly now: () => number;
  private readonly burst: number;
  readonly expectations: UIDTrackingControllerExpectations;
  private readonly log: Logger;
  private readonly recorder: Recorder;
  private readonly rsClient: ResourceClient<ReplicaSetObject>;
  private readonly podControl: PodControl;
  private rsInformer!: Informer<ReplicaSetObject>;
  private podInformer!: Informer<PodObject>;
  private rsLister!: Lister<ReplicaSetObject>;
  private podLister!: Lister<PodObject>;

  constructor(
    private readonly ctx: ControllerContext,
    o: ReplicaSetControllerOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.burst = o.burstReplicas ?? burstReplicas;
    this.expectations = new UIDTrackingControllerExpectations(this.now);
    this.log = ctx.log.child({ controller: "replicaset" });
    this.recorder = ctx.recorder("replicaset-controller");
    this.rsClient = clientFor<ReplicaSetObject>(ctx.client, replicasets);
    this.podControl = new PodControl(clientFor<PodObject>(ctx.client, pods), this.recorder);
  }

  async run(signal: AbortSignal): Promise<void> {
    this.rsInformer = this.ctx.informers.informerFor<ReplicaSetObject>(replicasets, {
      [controllerUIDIndex]: (rs) => {
        const ref = getControllerOf(rs);
        return ref ? [ref.uid] : [];
      },
    });
    this.podInformer = this.ctx.informers.informerFor<PodObject>(pods);
    this.rsLister = this.rsInformer.lister;
    this.podLister = this.podInformer.lister;
    this.rsInformer.addEventHandler({
      onAdd: (rs) => this.queue.add(keyOf(rs)),
      onUpdate: (old, cur) => this.updateRS(old, cur),
      onDelete: (rs) => this.deleteRS(rs),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (p) => this.deletePod(p),
    });
    if (!(await waitForCacheSync(signal, this.rsInformer, this.podInformer))) return;
    this.log.info({ workers: this.ctx.options.workers ?? defaultReplicaSetWorkers }, "Starting controller");
    await runWorkers(
      this.queue,
      this.ctx.options.workers ?? defaultReplicaSetWorkers,
      (key) => this.syncReplicaSet(key),
      signal,
      (key, err, retries) => this.log.warn({ key, err: errorMessage(err), retries }, "sync failed"),
    );
  }

  // --- event handlers: they only enqueue keys and observe expectations ---

  private updateRS(old: RS, cur: RS) {
    if (old.metadata.uid !== cur.metadata.uid) this.deleteRS(old);
    this.queue.add(keyOf(cur));
  }

  private deleteRS(rs: RS) {
    const key = keyOf(rs);
    // A new ReplicaSet of the same name starts with clean expectations.
    this.expectations.delete(key);
    this.queue.add(key);
  }

  /** resolveControllerRef: the ReplicaSet a controller reference names, if it still is that one. */
  private resolveControllerRef(
    namespace: string,
    ref: { kind: string; name: string; uid: string },
  ): RS | undefined {
    if (ref.kind !== replicaSetKind.kind) return undefined;
    const rs = this.rsLister.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** GetPodReplicaSets: ReplicaSets whose (non-empty) selector matches the pod's labels. */
  private getPodReplicaSets(pod: ReadonlyPod): RS[] {
    const ns = pod.metadata?.namespace ?? "";
    return this.rsLister.list(ns).filter((rs) => {
      const sel = selectorFor(rs.spec?.selector);
      return !isEverything(sel) && matches(sel, pod.metadata?.labels);
    });
  }

  private addPod(pod: ReadonlyPod) {
    if (pod.metadata?.deletionTimestamp) {
      // A pod that shows up already being deleted must not count as an observed creation.
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
      if (!rs) return;
      const key = keyOf(rs);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // An orphan: wake every matching ReplicaSet so one may adopt it. Nobody waits on orphans' creation.
    for (const rs of this.getPodReplicaSets(pod)) this.queue.add(keyOf(rs));
  }

  private updatePod(old: ReadonlyPod, cur: ReadonlyPod) {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return; // periodic resync
    const labelChanged =
      JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // A graceful deletion: act now rather than when the kubelet finally removes the pod.
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !sameControllerRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(old.metadata?.namespace ?? "", oldRef);
      if (rs) this.queue.add(keyOf(rs));
    }
    if (curRef) {
      const rs = this.resolveControllerRef(cur.metadata?.namespace ?? "", curRef);
      if (!rs) return;
      this.queue.add(keyOf(rs));
      const minReady = rs.spec?.minReadySeconds ?? 0;
      // Re-check availability once the pod has been ready for minReadySeconds.
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
        this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.getPodReplicaSets(cur)) this.queue.add(keyOf(rs));
  }

  private deletePod(pod: ReadonlyPod) {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod.metadata?.namespace ?? "", ref);
    if (!rs) return;
    const key = keyOf(rs);
    this.expectations.deletionObservedOf(key, podKey(pod));
    this.queue.add(key);
  }

  // --- reconcile ---

  /** syncReplicaSet */
  async syncReplicaSet(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const rs = this.rsLister.get(namespace, name);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const sel = selectorFor(rs.spec?.selector);
    if (typeof sel === "string") {
      // A broken selector is not retried: it cannot fix itself.
      this.log.error({ key, err: sel }, "error converting pod selector to selector");
      return;
    }
    const active = this.podLister.list(namespace).filter(isPodActive);
    const filtered = await this.claimPods(rs, active, (p) => matches(sel, p.metadata?.labels));

    let manageErr: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(filtered, rs, key);
      } catch (e) {
        manageErr = e;
      }
    }
    const now = this.now();
    const status = calculateReplicaSetStatus(rs, filtered, manageErr, now);
    const updated = await this.updateStatus(rs, status);
    if (manageErr !== undefined) throw asError(manageErr);
    const replicas = updated.spec?.replicas ?? 1;
    const minReady = updated.spec?.minReadySeconds ?? 0;
    // Last line of defence against clock skew: look again once the ready pods should be available.
    if (
      minReady > 0 &&
      updated.status?.readyReplicas === replicas &&
      updated.status?.availableReplicas !== replicas
    )
      return { requeueAfterMs: minReady * 1000 };
  }

  private claimPods(rs: RS, candidates: ReadonlyPod[], match: (p: ReadonlyPod) => boolean) {
    const m = new ControllerRefManager({
      controller: rs,
      controllerKind: replicaSetKind,
      claimedKind: "Pod",
      patch: (ns, name, patch) => this.podControl.patchPod(ns, name, patch),
      canAdopt: recheckDeletionTimestamp("ReplicaSet", rs, () =>
        this.rsClient.get(rs.metadata.namespace ?? "", rs.metadata.name ?? ""),
      ),
    });
    return m.claim(candidates, match);
  }

  /** manageReplicas: create or delete the difference, recording expectations first. */
  private async manageReplicas(filtered: ReadonlyPod[], rs: RS, key: string): Promise<void> {
    const want = rs.spec?.replicas ?? 1;
    let diff = filtered.length - want;
    const ref = referenceTo(rs, replicaSetKind);
    const ns = rs.metadata.namespace ?? "";
    if (diff < 0) {
      diff = Math.min(-diff, this.burst);
      this.expectations.expectCreations(key, diff);
      this.log.debug({ key, need: want, creating: diff }, "Too few replicas");
      const controllerRef = newControllerRef(rs, replicaSetKind);
      const template = rs.spec?.template ?? {};
      const { successes, error } = await slowStartBatch(diff, slowStartInitialBatchSize, async () => {
        try {
          await this.podControl.createPods(ns, template, ref, controllerRef);
        } catch (e) {
          // In a terminating namespace every create fails; that is not this ReplicaSet's problem.
          if (!hasStatusCause(e, namespaceTerminatingCause)) throw e;
        }
      });
      // Pods never attempted will not be observed: stop expecting them.
      for (let i = successes; i < diff; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw asError(error);
    } else if (diff > 0) {
      diff = Math.min(diff, this.burst);
      this.log.debug({ key, need: want, deleting: diff }, "Too many replicas");
      const toDelete = getPodsToDelete(filtered, this.getIndirectlyRelatedPods(rs), diff, this.now());
      this.expectations.expectDeletionsOf(key, toDelete.map(podKey));
      const errs: unknown[] = [];
      await Promise.all(
        toDelete.map(async (pod) => {
          try {
            await this.podControl.deletePod(ns, pod.metadata?.name ?? "", ref);
          } catch (e) {
            // The informer will not see this deletion: stop expecting it.
            this.expectations.deletionObservedOf(key, podKey(pod));
            if (!isNotFound(e)) errs.push(e);
          }
        }),
      );
      if (errs.length) throw asError(errs[0]);
    }
  }

  /** Pods of every ReplicaSet that shares this one's controller (a Deployment's other revisions). */
  private getIndirectlyRelatedPods(rs: RS): ReadonlyPod[] {
    const ref = getControllerOf(rs);
    if (!ref) return [];
    const seen = new Set<string>();
    const out: ReadonlyPod[] = [];
    for (const related of this.rsLister.byIndex(controllerUIDIndex, ref.uid)) {
      const sel = selectorFor(related.spec?.selector);
      if (typeof sel === "string") continue;
      for (const pod of this.podLister.list(related.metadata.namespace ?? "")) {
        const uid = pod.metadata?.uid ?? "";
        if (seen.has(uid) || !matches(sel, pod.metadata?.labels)) continue;
        seen.add(uid);
        out.push(pod);
      }
    }
    return out;
  }

  /** updateReplicaSetStatus: write status unless unchanged; on failure re-read once and retry. */
  private async updateStatus(rs: RS, status: ReplicaSetObject["status"] & object): Promise<RS> {
    if (replicaSetStatusUpToDate(rs, status)) return rs;
    status.observedGeneration = rs.metadata.generation;
    let cur = structuredClone(rs) as ReplicaSetObject;
    for (let attempt = 0; ; attempt++) {
      cur.status = status;
      try {
        return await this.rsClient.updateStatus(cur.metadata.namespace ?? "", cur.metadata.name ?? "", cur);
      } catch (e) {
        if (attempt >= 1) throw e;
        cur = await this.rsClient.get(cur.metadata.namespace ?? "", cur.metadata.name ?? "");
      }
    }
  }
}

/** The controller manager's constructor for the ReplicaSet controller. */
export function newReplicaSetController(ctx: ControllerContext): Controller {
  return new ReplicaSetController(ctx);
}
