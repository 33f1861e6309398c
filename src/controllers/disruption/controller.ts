// The disruption controller (pkg/controller/disruption): keeps every PodDisruptionBudget's status current —
// expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, disruptedPods, observedGeneration and
// the DisruptionAllowed condition — so the eviction subresource can decide; on failure it fails safe
// (disruptionsAllowed 0, SyncFailed). It also resets DisruptionTarget conditions left on pods that were
// never deleted.
import type { Controller, ControllerContext } from "../controller.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { Informer } from "../../client/informer/informer.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { keyOf, splitKey } from "../../client/informer/cache.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { replicasets as rsResource } from "../../api/apps/v1/replicaset.js";
import { deployments as deploymentResource } from "../../api/apps/v1/deployment.js";
import { statefulsets as statefulSetResource } from "../../api/apps/v1/statefulset.js";
import { poddisruptionbudgets as pdbResource } from "../../api/policy/v1/poddisruptionbudget.js";
import type { PodDisruptionBudget } from "../../api/policy/v1/types.js";
import type { KubeObject, LabelSelector } from "../../api/meta/v1/types.js";
import { selectorMatches } from "../../api/apps/v1/labelselector.js";
import { selectorFor } from "../util/selector.js";
import {
  disruptionAllowedCondition,
  disruptionConditionsUpToDate,
  setStatusCondition,
  syncFailedReason,
  updateDisruptionAllowedCondition,
} from "../../api/policy/v1/eviction-check.js";
import { mutableCopy, updatePodCondition } from "../util/podconditions.js";
import { parseTime } from "../util/metatime.js";
import { semanticEqual } from "../util/semanticequal.js";
import {
  countHealthyPods,
  disruptedPodMap,
  disruptionsAllowed,
  expectedPodCount,
  type ScaleFinder,
} from "./status.js";

export interface DisruptionOptions {
  workers?: number;
  /** How long a DisruptionTarget condition may stay on a pod that is not being deleted (2 min). */
  stalePodDisruptionTimeoutMs?: number;
  now?: () => number;
}

type PodObj = Pod & { metadata: { name: string } };
type PDBObj = PodDisruptionBudget & { metadata: { name: string } };
/** What the scale finders read of a ReplicaSet, Deployment or StatefulSet. */
type ScalableObj = KubeObject & { metadata: { name: string }; spec?: { replicas?: number } };

export class DisruptionController implements Controller {
  readonly name = "disruption-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly pdbs: Informer<PDBObj>;
  private readonly pods: Informer<PodObj>;
  private readonly replicasets: Informer<ScalableObj>;
  private readonly deployments: Informer<ScalableObj>;
  private readonly statefulsets: Informer<ScalableObj>;
  private readonly pdbClient: ResourceClient<PDBObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly queue = new WorkQueue<string>();
  private readonly staleQueue = new WorkQueue<string>();
  private readonly workers: number;
  private readonly staleTimeout: number;
  private readonly now: () => number;

  constructor(ctx: ControllerContext, o: DisruptionOptions = {}) {
    this.workers = o.workers ?? ctx.options.workers ?? 5;
    this.staleTimeout = o.stalePodDisruptionTimeoutMs ?? 2 * 60_000;
    this.now = o.now ?? Date.now;
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("controllermanager");
    this.pdbClient = clientFor<PDBObj>(ctx.client, pdbResource);
    this.podClient = clientFor<PodObj>(ctx.client, podResource);
    this.pdbs = ctx.informers.informerFor<PDBObj>(pdbResource);
    this.pods = ctx.informers.informerFor<PodObj>(podResource);
    this.replicasets = ctx.informers.informerFor<ScalableObj>(rsResource);
    this.deployments = ctx.informers.informerFor<ScalableObj>(deploymentResource);
    this.statefulsets = ctx.informers.informerFor<ScalableObj>(statefulSetResource);
    this.pdbs.addEventHandler({
      onAdd: (p) => this.queue.add(keyOf(p)),
      onUpdate: (_, p) => this.queue.add(keyOf(p)),
      onDelete: (p) => this.queue.add(keyOf(p)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.podChanged(p),
      onUpdate: (old, p) => {
        this.podChanged(p);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {}))
          this.podChanged(old);
      },
      onDelete: (p) => this.podChanged(p),
    });
  }

  private podChanged(pod: DeepReadonly<PodObj>): void {
    for (const pdb of this.pdbs.lister.list(pod.metadata.namespace ?? "")) {
      const sel = selectorFor(pdb.spec?.selector);
      if (typeof sel !== "string" && selectorMatches(sel, pod.metadata.labels)) this.queue.add(keyOf(pdb));
    }
    if (this.staleDisruptionWait(pod) !== undefined) this.staleQueue.add(keyOf(pod));
  }

  async run(signal: AbortSignal): Promise<void> {
    if (
      !(await waitForCacheSync(
        signal,
        this.pdbs,
        this.pods,
        this.replicasets,
        this.deployments,
        this.statefulsets,
      ))
    )
      return;
    this.log.info({}, "Starting disruption controller");
    await Promise.all([
      runWorkers(
        this.queue,
        this.workers,
        (key) => this.sync(key),
        signal,
        (key, err) => this.log.warn({ pdb: key, err: String(err) }, "Failed to sync PDB"),
      ),
      runWorkers(
        this.staleQueue,
        this.workers,
        (key) => this.syncStalePodDisruption(key),
        signal,
        (key, err) =>
          this.log.warn({ pod: key, err: String(err) }, "Failed to reset stale DisruptionTarget condition"),
      ),
    ]);
  }

  /** The scale of the controller owning a pod: a Deployment through its ReplicaSet, a ReplicaSet, a StatefulSet. */
  private readonly findScale: ScaleFinder = (pod) => {
    const ns = pod.metadata?.namespace ?? "";
    const ref = pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (!ref || !/^apps\//.test(ref.apiVersion ?? "")) return undefined;
    if (ref.kind === "ReplicaSet") {
      const rs = this.replicasets.lister.get(ns, ref.name);
      if (!rs || rs.metadata.uid !== ref.uid) return undefined;
      const rsRef = rs.metadata.ownerReferences?.find((o) => o.controller);
      if (rsRef?.kind === "Deployment") {
        const dep = this.deployments.lister.get(ns, rsRef.name);
        if (!dep || dep.metadata.uid !== rsRef.uid) return undefined;
        return { uid: dep.metadata.uid ?? "", scale: dep.spec?.replicas ?? 1 };
      }
      return { uid: rs.metadata.uid ?? "", scale: rs.spec?.replicas ?? 1 };
    }
    if (ref.kind === "StatefulSet") {
      const ss = this.statefulsets.lister.get(ns, ref.name);
      if (!ss || ss.metadata.uid !== ref.uid) return undefined;
      return { uid: ss.metadata.uid ?? "", scale: ss.spec?.replicas ?? 1 };
    }
    return undefined;
  };

  async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pdb = this.pdbs.lister.get(namespace, name);
    if (!pdb) return;
    try {
      return await this.trySync(pdb);
    } catch (e) {
      if (isConflict(e)) throw e;
      this.log.error({ pdb: key, err: String(e) }, "Failed to sync PDB");
      await this.failSafe(pdb, e);
    }
  }

  private async trySync(pdb: DeepReadonly<PDBObj>): Promise<ReconcileResult | void> {
    const ns = pdb.metadata.namespace ?? "";
    const sel = selectorFor(pdb.spec?.selector);
    if (typeof sel === "string") {
      this.recorder.event(pdbRef(pdb), "Warning", "NoPods", `Failed to get pods: ${sel}`);
      throw new Error(sel);
    }
    const pods = this.pods.lister.list(ns, (p) => selectorMatches(sel, p.metadata.labels));
    if (!pods.length) this.recorder.event(pdbRef(pdb), "Normal", "NoPods", "No matching pods found");
    const ec = expectedPodCount(pdb, pods, this.findScale);
    if ("error" in ec) {
      this.recorder.event(
        pdbRef(pdb),
        "Warning",
        "CalculateExpectedPodCountFailed",
        `Failed to calculate the number of expected pods: ${ec.error}`,
      );
      throw new Error(ec.error);
    }
    if (ec.unmanagedPods.length)
      this.recorder.event(
        pdbRef(pdb),
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${formatSelector(pdb.spec?.selector)}) were found ` +
          "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. " +
          'To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
      );
    const now = this.now();
    const { disrupted, expired, recheckAt } = disruptedPodMap(pdb, pods, now);
    for (const podName of expired) {
      const pod = pods.find((p) => p.metadata.name === podName);
      if (pod)
        this.recorder.event(
          {
            apiVersion: "v1",
            kind: "Pod",
            metadata: { namespace: ns, name: podName, uid: pod.metadata.uid },
          },
          "Warning",
          "NotDeleted",
          // Upstream prints the namespace twice; the message is kept as users see it.
          `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`,
        );
    }
    const healthy = countHealthyPods(pods, disrupted, now);
    await this.updateStatus(pdb, healthy, ec.desiredHealthy, ec.expectedCount, disrupted, now);
    if (recheckAt !== undefined) return { requeueAfterMs: Math.max(1, recheckAt - now) };
  }

  private async updateStatus(
    pdb: DeepReadonly<PDBObj>,
    currentHealthy: number,
    desiredHealthy: number,
    expectedPods: number,
    disruptedPods: Record<string, string>,
    now: number,
  ): Promise<void> {
    const allowed = disruptionsAllowed(currentHealthy, desiredHealthy, expectedPods);
    const s = pdb.status;
    if (
      s &&
      s.currentHealthy === currentHealthy &&
      s.desiredHealthy === desiredHealthy &&
      s.expectedPods === expectedPods &&
      s.disruptionsAllowed === allowed &&
      semanticEqual(s.disruptedPods, disruptedPods) &&
      (s.observedGeneration ?? 0) === (pdb.metadata.generation ?? 0) &&
      disruptionConditionsUpToDate(pdb as PodDisruptionBudget)
    )
      return;
    const next = mutableCopy<PDBObj>(pdb);
    next.status = {
      currentHealthy,
      desiredHealthy,
      expectedPods,
      disruptionsAllowed: allowed,
      observedGeneration: pdb.metadata.generation ?? 0,
      conditions: next.status?.conditions,
    };
    if (Object.keys(disruptedPods).length) next.status.disruptedPods = disruptedPods;
    if (!next.status.conditions) delete next.status.conditions;
    updateDisruptionAllowedCondition(next, now);
    await this.pdbClient.updateStatus(next.metadata.namespace ?? "", next.metadata.name, next);
  }

  /** failSafe: at least stop evictions (disruptionsAllowed 0, DisruptionAllowed False SyncFailed). */
  private async failSafe(pdb: DeepReadonly<PDBObj>, err: unknown): Promise<void> {
    const next = mutableCopy<PDBObj>(pdb);
    next.status = {
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      ...(next.status ?? {}),
      disruptionsAllowed: 0,
    };
    setStatusCondition(
      next.status,
      {
        type: disruptionAllowedCondition,
        status: "False",
        reason: syncFailedReason,
        message: err instanceof Error ? err.message : String(err),
        observedGeneration: next.status.observedGeneration,
      },
      this.now(),
    );
    await this.pdbClient.updateStatus(next.metadata.namespace ?? "", next.metadata.name, next);
  }

  /** How long until a pod's DisruptionTarget=True condition counts as stale (0: now); undefined if none. */
  private staleDisruptionWait(pod: DeepReadonly<PodObj>): number | undefined {
    if (pod.metadata.deletionTimestamp) return undefined;
    const c = pod.status?.conditions?.find((x) => x.type === "DisruptionTarget");
    const phase = pod.status?.phase;
    if (
      !c ||
      c.status !== "True" ||
      c.reason === "TerminationByKubelet" ||
      phase === "Succeeded" ||
      phase === "Failed"
    )
      return undefined;
    return Math.max(0, (parseTime(c.lastTransitionTime) ?? 0) + this.staleTimeout - this.now());
  }

  private async syncStalePodDisruption(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.pods.lister.get(namespace, name);
    if (!pod) return;
    const wait = this.staleDisruptionWait(pod);
    if (wait === undefined) return;
    if (wait > 0) return { requeueAfterMs: wait };
    const next = mutableCopy<PodObj>(pod);
    if (!updatePodCondition((next.status ??= {}), { type: "DisruptionTarget", status: "False" }, this.now()))
      return;
    try {
      await this.podClient.updateStatus(namespace, name, next);
      this.log.info({ pod: key }, "Reset stale DisruptionTarget condition to False");
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

function pdbRef(pdb: DeepReadonly<PDBObj>) {
  const m = pdb.metadata;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion },
  };
}

/** The selector as Go's %v prints a *metav1.LabelSelector. */
function formatSelector(sel: DeepReadonly<LabelSelector> | undefined): string {
  if (!sel) return "nil";
  const labels = Object.entries(sel.matchLabels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}: ${v},`)
    .join("");
  const exprs = (sel.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[]string{${(e.values ?? []).join(",")}},},`,
    )
    .join("");
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

export function newDisruptionController(ctx: ControllerContext, o: DisruptionOptions = {}): Controller {
  return new DisruptionController(ctx, o);
}
