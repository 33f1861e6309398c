// The Deployment controller (pkg/controller/deployment/deployment_controller.go): reconcile(key) reads the
// Deployment, claims its ReplicaSets (adopting and releasing by selector) and their pods from the listers,
// then pauses, rolls back, scales or rolls out (RollingUpdate or Recreate), writing status and conditions.
import type { ControllerContext, Controller } from "../controller.js";
import { deployments } from "../../api/apps/v1/deployment.js";
import { replicasets } from "../../api/apps/v1/replicaset.js";
import { pods } from "../../api/core/v1/pod.js";
import { clientFor } from "../../client/index.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { splitKey, keyOf, type DeepReadonly, type Lister } from "../../client/informer/cache.js";
import type { Informer } from "../../client/informer/informer.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { getControllerOf, sameControllerRef } from "../util/controllerref.js";
import { ControllerRefManager, recheckDeletionTimestamp } from "../util/refmanager.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage } from "../util/errors.js";
import { referenceTo, type Recorder } from "../util/recorder.js";
import { selectorFor, matches, isEverything } from "../util/selector.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { PodObject } from "../util/podcontrol.js";
import type { DeploymentDeps } from "./deps.js";
import { deploymentKind, type DeploymentObject, type ReplicaSetObject, type RS } from "./types.js";
import {
  sync,
  syncStatusOnly,
  checkPausedConditions,
  isScalingEvent,
  writeDeploymentStatus,
} from "./sync.js";
import { rolloutRolling } from "./rolling.js";
import { rolloutRecreate, type PodMap } from "./recreate.js";
import { rollback, getRollbackTo } from "./rollback.js";

/** ConcurrentDeploymentSyncs, upstream's default. */
export const defaultDeploymentWorkers = 5;

type D = DeepReadonly<DeploymentObject>;
type ReadonlyPod = DeepReadonly<PodObject>;

export interface DeploymentControllerOptions {
  now?: () => number;
}

export class DeploymentController implements Controller {
  readonly name = "deployment";
  private readonly queue = new WorkQueue<string>();
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly recorder: Recorder;
  private readonly dClient: ResourceClient<DeploymentObject>;
  private readonly rsClient: ResourceClient<ReplicaSetObject>;
  private dLister!: Lister<DeploymentObject>;
  private rsLister!: Lister<ReplicaSetObject>;
  private podLister!: Lister<PodObject>;
  private deps!: DeploymentDeps;

  constructor(
    private readonly ctx: ControllerContext,
    o: DeploymentControllerOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.log = ctx.log.child({ controller: "deployment" });
    this.recorder = ctx.recorder("deployment-controller");
    this.dClient = clientFor<DeploymentObject>(ctx.client, deployments);
    this.rsClient = clientFor<ReplicaSetObject>(ctx.client, replicasets);
  }

  async run(signal: AbortSignal): Promise<void> {
    const dInf: Informer<DeploymentObject> = this.ctx.informers.informerFor<DeploymentObject>(deployments);
    const rsInf: Informer<ReplicaSetObject> = this.ctx.informers.informerFor<ReplicaSetObject>(replicasets);
    const podInf: Informer<PodObject> = this.ctx.informers.informerFor<PodObject>(pods);
    this.dLister = dInf.lister;
    this.rsLister = rsInf.lister;
    this.podLister = podInf.lister;
    this.deps = {
      deployments: this.dClient,
      replicaSets: this.rsClient,
      getReplicaSet: (ns, name) => this.rsLister.get(ns, name),
      recorder: this.recorder,
      now: this.now,
      log: this.log,
    };
    dInf.addEventHandler({
      onAdd: (d) => this.queue.add(keyOf(d)),
      onUpdate: (_old, cur) => this.queue.add(keyOf(cur)),
      onDelete: (d) => this.queue.add(keyOf(d)),
    });
    rsInf.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    podInf.addEventHandler({ onDelete: (p) => this.deletePod(p) });
    if (!(await waitForCacheSync(signal, dInf, rsInf, podInf))) return;
    const workers = this.ctx.options.workers ?? defaultDeploymentWorkers;
    this.log.info({ workers }, "Starting controller");
    await runWorkers(
      this.queue,
      workers,
      (key) => this.syncDeployment(key),
      signal,
      (key, err, retries) =>
        this.log.warn({ key, err: errorMessage(err), retries }, "Error syncing deployment"),
    );
  }

  // --- event handlers ---

  private resolveControllerRef(
    namespace: string,
    ref: { kind: string; name: string; uid: string },
  ): D | undefined {
    if (ref.kind !== deploymentKind.kind) return undefined;
    const d = this.dLister.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** GetDeploymentsForReplicaSet: Deployments whose (non-empty) selector matches the ReplicaSet's labels. */
  private deploymentsForReplicaSet(rs: RS): D[] {
    return this.dLister.list(rs.metadata.namespace ?? "").filter((d) => {
      const sel = selectorFor(d.spec?.selector);
      return !isEverything(sel) && matches(sel, rs.metadata.labels);
    });
  }

  private addReplicaSet(rs: RS) {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace ?? "", ref);
      if (d) this.queue.add(keyOf(d));
      return;
    }
    for (const d of this.deploymentsForReplicaSet(rs)) this.queue.add(keyOf(d));
  }

  private updateReplicaSet(old: RS, cur: RS) {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !sameControllerRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(old.metadata.namespace ?? "", oldRef);
      if (d) this.queue.add(keyOf(d));
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace ?? "", curRef);
      if (d) this.queue.add(keyOf(d));
      return;
    }
    const labelChanged =
      JSON.stringify(cur.metadata.labels ?? {}) !== JSON.stringify(old.metadata.labels ?? {});
    if (labelChanged || refChanged)
      for (const d of this.deploymentsForReplicaSet(cur)) this.queue.add(keyOf(d));
  }

  private deleteReplicaSet(rs: RS) {
    const ref = getControllerOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace ?? "", ref);
    if (d) this.queue.add(keyOf(d));
  }

  /** A Recreate Deployment waits for its old pods to be gone: wake it when the last one goes. */
  private deletePod(pod: ReadonlyPod) {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== "ReplicaSet") return;
    const ns = pod.metadata?.namespace ?? "";
    const rs = this.rsLister.get(ns, ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const dRef = getControllerOf(rs);
    const d = dRef && this.resolveControllerRef(ns, dRef);
    if (!d || d.spec?.strategy?.type !== "Recreate") return;
    const owned = this.rsLister.list(ns).filter((r) => getControllerOf(r)?.uid === d.metadata.uid);
    const podMap = this.getPodMap(d, owned);
    let n = 0;
    for (const list of podMap.values()) n += list.length;
    if (n === 0) this.queue.add(keyOf(d));
  }

  // --- reconcile ---

  /** getReplicaSetsForDeployment: claim ReplicaSets by selector (adopting orphans, releasing strays). */
  private async getReplicaSetsForDeployment(d: DeploymentObject): Promise<RS[]> {
    const ns = d.metadata.namespace ?? "";
    const all = this.rsLister.list(ns);
    const sel = selectorFor(d.spec?.selector);
    if (typeof sel === "string")
      throw new Error(`deployment ${ns}/${d.metadata.name} has invalid label selector: ${sel}`);
    const m = new ControllerRefManager({
      controller: d,
      controllerKind: deploymentKind,
      claimedKind: "ReplicaSet",
      patch: (pns, name, patch) => this.rsClient.patch(pns, name, "strategic", patch),
      canAdopt: recheckDeletionTimestamp("Deployment", d, () => this.dClient.get(ns, d.metadata.name ?? "")),
    });
    return m.claim(all, (rs) => matches(sel, rs.metadata.labels));
  }

  /** getPodMapForDeployment: the Deployment's pods grouped by the UID of their (claimed) ReplicaSet. */
  private getPodMap(d: D, rsList: readonly RS[]): PodMap {
    const sel = selectorFor(d.spec?.selector);
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata.uid ?? "", []]));
    for (const pod of this.podLister.list(d.metadata.namespace ?? "")) {
      if (!matches(sel, pod.metadata?.labels)) continue;
      // Inactive pods count too: Recreate must see every old pod gone.
      const ref = getControllerOf(pod);
      if (ref) map.get(ref.uid)?.push(pod);
    }
    return map;
  }

  /** syncDeployment */
  async syncDeployment(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const cached = this.dLister.get(namespace, name);
    if (!cached) return;
    const d = structuredClone(cached) as DeploymentObject;
    const deps = this.deps;
    try {
      // A selector of everything would claim every ReplicaSet in the namespace (validation forbids it).
      if (!d.spec?.selector || isEverything(selectorFor(d.spec.selector))) {
        this.recorder.event(
          referenceTo(d, deploymentKind),
          "Warning",
          "SelectingAll",
          "This deployment is selecting all pods. A non-empty selector is required.",
        );
        if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
          d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
          await writeDeploymentStatus(deps, d).catch(() => undefined);
        }
        return;
      }
      const rsList = await this.getReplicaSetsForDeployment(d);
      const podMap = this.getPodMap(d, rsList);
      if (d.metadata.deletionTimestamp) return await syncStatusOnly(deps, d, rsList);
      await checkPausedConditions(deps, d);
      if (d.spec?.paused) return await sync(deps, d, rsList);
      // Rollback is not re-entrant: it finishes (clearing the annotation) before anything else proceeds.
      if (getRollbackTo(d) !== undefined) return await rollback(deps, d, rsList);
      if (await isScalingEvent(deps, d, rsList)) return await sync(deps, d, rsList);
      let after: number | undefined;
      switch (d.spec?.strategy?.type) {
        case "Recreate":
          after = await rolloutRecreate(deps, d, rsList, podMap);
          break;
        case "RollingUpdate":
          after = await rolloutRolling(deps, d, rsList);
          break;
        default:
          throw new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type}`);
      }
      if (after !== undefined) return { requeueAfterMs: after };
    } catch (e) {
      // Creates in a terminating namespace all fail; retrying would only spin.
      if (hasStatusCause(e, namespaceTerminatingCause)) return;
      throw e;
    }
  }
}

/** The controller manager's constructor for the Deployment controller. */
export function newDeploymentController(ctx: ControllerContext): Controller {
  return new DeploymentController(ctx);
}
