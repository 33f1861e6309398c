// The node lifecycle controller (pkg/controller/nodelifecycle): watches kubelet heartbeats (node Leases and
// the Ready condition), marks silent nodes Unknown after the grace period and their pods not Ready, keeps the
// condition NoSchedule taints in step with node conditions, and adds the not-ready/unreachable NoExecute
// taints — rate limited per zone — that the taint eviction controller turns into pod evictions.
import type { Controller, ControllerContext } from "../controller.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { Informer } from "../../client/informer/informer.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { keyOf, splitKey } from "../../client/informer/cache.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import type { NodeCondition } from "../../api/core/v1/node-types.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import type { PodStatus } from "../../api/core/v1/podstatus.js";
import { leases as leaseResource } from "../../api/coordination/v1/lease.js";
import type { Lease } from "../../api/coordination/v1/types.js";
import { getNodeCondition, zoneKey } from "../util/nodeconditions.js";
import { taintExists } from "../util/nodetaints.js";
import { swapNodeTaints } from "../util/nodetaintupdate.js";
import { mutableCopy, updatePodCondition } from "../util/podconditions.js";
import { tryUpdateNodeHealth, type NodeHealth } from "./health.js";
import { computeZoneState, zoneTaintRate, type DisruptionOptions, type ZoneState } from "./zones.js";
import { RateLimitedTimedQueue } from "./tainter.js";
import {
  noScheduleTaintChanges,
  notReadyTaintTemplate,
  unreachableTaintTemplate,
} from "./conditiontaints.js";
import { podsByNodeIndex, podNodeIndexFunc } from "../util/podsbynode.js";
import { every, parallelize } from "../util/periodic.js";

export interface NodeLifecycleOptions extends Partial<DisruptionOptions> {
  /** How often node health is checked (--node-monitor-period, 5 s). */
  nodeMonitorPeriodMs?: number;
  /** Silence after which a node is Unknown (--node-monitor-grace-period, 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** The same for a node that never posted status (--node-startup-grace-period, 60 s). */
  nodeStartupGracePeriodMs?: number;
  /** How often the NoExecute tainting queues are drained (scheduler.NodeEvictionPeriod, 100 ms). */
  nodeEvictionPeriodMs?: number;
  now?: () => number;
}

type NodeObj = Node & { metadata: { name: string } };
type PodObj = Pod & { metadata: { name: string } };
type LeaseObj = Lease & { metadata: { name: string } };

/** Nodes labelled so are left out of zone disruption counting. */
const labelNodeDisruptionExclusion = "node.kubernetes.io/exclude-disruption";
const nodeLeaseNamespace = "kube-node-lease";
const nodeUpdateWorkers = 8;
const podUpdateWorkers = 4;
const healthUpdateAttempts = 5;

export class NodeLifecycleController implements Controller {
  readonly name = "node-lifecycle-controller";
  private readonly o: Required<Omit<NodeLifecycleOptions, "now">>;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodeInformer: Informer<NodeObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly leaseInformer: Informer<LeaseObj>;
  private readonly nodeClient: ResourceClient<NodeObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly known = new Map<string, { uid: string }>();
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly nodesToRetry = new Set<string>();
  private readonly nodeUpdateQueue = new WorkQueue<string>();
  private readonly podUpdateQueue = new WorkQueue<string>();

  constructor(
    private readonly ctx: ControllerContext,
    opts: NodeLifecycleOptions = {},
  ) {
    this.o = {
      nodeMonitorPeriodMs: opts.nodeMonitorPeriodMs ?? ctx.options.nodeMonitorPeriodMs ?? 5_000,
      nodeMonitorGracePeriodMs:
        opts.nodeMonitorGracePeriodMs ?? ctx.options.nodeMonitorGracePeriodMs ?? 40_000,
      nodeStartupGracePeriodMs: opts.nodeStartupGracePeriodMs ?? 60_000,
      nodeEvictionPeriodMs: opts.nodeEvictionPeriodMs ?? 100,
      evictionRate: opts.evictionRate ?? 0.1,
      secondaryEvictionRate: opts.secondaryEvictionRate ?? 0.01,
      largeClusterThreshold: opts.largeClusterThreshold ?? 50,
      unhealthyZoneThreshold: opts.unhealthyZoneThreshold ?? 0.55,
    };
    this.now = opts.now ?? Date.now;
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("node-controller");
    this.nodeClient = clientFor<NodeObj>(ctx.client, nodeResource);
    this.podClient = clientFor<PodObj>(ctx.client, podResource);
    this.nodeInformer = ctx.informers.informerFor<NodeObj>(nodeResource);
    this.leaseInformer = ctx.informers.informerFor<LeaseObj>(leaseResource);
    this.podInformer = ctx.informers.informerFor<PodObj>(podResource, {
      [podsByNodeIndex]: podNodeIndexFunc,
    });
    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.nodeUpdateQueue.add(n.metadata.name),
      onUpdate: (_, n) => this.nodeUpdateQueue.add(n.metadata.name),
      onDelete: (n) => this.nodesToRetry.delete(n.metadata.name),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => {
        if (p.spec?.nodeName) this.podUpdateQueue.add(keyOf(p));
      },
      onUpdate: (old, p) => {
        if (p.spec?.nodeName && p.spec.nodeName !== old.spec?.nodeName) this.podUpdateQueue.add(keyOf(p));
      },
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.nodeInformer, this.podInformer, this.leaseInformer))) return;
    this.log.info({}, "Starting node lifecycle controller");
    const onError = (what: string) => (key: string, err: unknown) =>
      this.log.warn({ key, err: String(err) }, what);
    await Promise.all([
      runWorkers(
        this.nodeUpdateQueue,
        nodeUpdateWorkers,
        (name) => this.doNoScheduleTaintingPass(name),
        signal,
        onError("Failed to taint NoSchedule on node, requeue it"),
      ),
      runWorkers(
        this.podUpdateQueue,
        podUpdateWorkers,
        (key) => this.processPod(key),
        signal,
        onError("Unable to mark pod NotReady on node"),
      ),
      every(this.o.nodeEvictionPeriodMs, signal, () => this.doNoExecuteTaintingPass()),
      every(this.o.nodeMonitorPeriodMs, signal, () =>
        this.monitorNodeHealth().catch((e: unknown) =>
          this.log.error({ err: String(e) }, "Error monitoring node health"),
        ),
      ),
    ]);
    this.log.info({}, "Shutting down node lifecycle controller");
  }

  // ---- NoSchedule taints by condition ------------------------------------------------------------------

  private async doNoScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodeInformer.lister.get("", name);
    if (!node) return;
    const { add, remove } = noScheduleTaintChanges(node);
    if (!add.length && !remove.length) return;
    if (!(await swapNodeTaints(this.nodeClient, this.nodeInformer.lister, name, add, remove, this.now())))
      throw new Error(`failed to swap taints of node ${name}`);
  }

  // ---- NoExecute taints, rate limited per zone ---------------------------------------------------------

  private async doNoExecuteTaintingPass(): Promise<void> {
    for (const [zone, q] of this.tainters) {
      await q.try(async (v) => {
        const node = this.nodeInformer.lister.get("", v.value);
        if (!node) return { done: true };
        const ready = getNodeCondition(node, "Ready");
        if (!ready) return { done: false, retryAfterMs: 50 };
        let add, remove;
        if (ready.status === "False") [add, remove] = [notReadyTaintTemplate, unreachableTaintTemplate];
        else if (ready.status === "Unknown")
          [add, remove] = [unreachableTaintTemplate, notReadyTaintTemplate];
        else return { done: true }; // Ready again: nothing to taint
        const ok = await swapNodeTaints(
          this.nodeClient,
          this.nodeInformer.lister,
          v.value,
          [add],
          [remove],
          this.now(),
        );
        if (ok) this.log.info({ node: v.value, zone, taint: add.key }, "Tainted node for eviction");
        return { done: ok };
      });
    }
  }

  private tainterFor(node: DeepReadonly<NodeObj>): RateLimitedTimedQueue {
    const zone = zoneKey(node);
    let q = this.tainters.get(zone);
    if (!q) {
      q = new RateLimitedTimedQueue(this.o.evictionRate, this.now);
      this.tainters.set(zone, q);
      this.zoneStates.set(zone, "Initial");
      this.log.info({ zone }, "Initializing eviction metric for zone");
    }
    return q;
  }

  private markNodeForTainting(node: DeepReadonly<NodeObj>, status: "False" | "Unknown"): boolean {
    const q = this.tainterFor(node);
    if (status === "False" && !taintExists(node.spec?.taints, notReadyTaintTemplate))
      q.remove(node.metadata.name);
    if (status === "Unknown" && !taintExists(node.spec?.taints, unreachableTaintTemplate))
      q.remove(node.metadata.name);
    return q.add(node.metadata.name, node.metadata.uid ?? "");
  }

  private async markNodeAsReachable(node: DeepReadonly<NodeObj>): Promise<boolean> {
    const name = node.metadata.name;
    const toRemove = [unreachableTaintTemplate, notReadyTaintTemplate].filter((t) =>
      taintExists(node.spec?.taints, t),
    );
    if (
      toRemove.length &&
      !(await swapNodeTaints(this.nodeClient, this.nodeInformer.lister, name, [], toRemove, this.now()))
    )
      throw new Error(`failed to remove taints from node ${name}`);
    return this.tainterFor(node).remove(name);
  }

  private async processTaintBaseEviction(
    node: DeepReadonly<NodeObj>,
    observed: NodeCondition,
  ): Promise<void> {
    const name = node.metadata.name;
    switch (observed.status) {
      case "False":
        if (taintExists(node.spec?.taints, unreachableTaintTemplate)) {
          const ok = await swapNodeTaints(
            this.nodeClient,
            this.nodeInformer.lister,
            name,
            [notReadyTaintTemplate],
            [unreachableTaintTemplate],
            this.now(),
          );
          if (!ok)
            this.log.error(
              { node: name },
              "Failed to instantly swap UnreachableTaint to NotReadyTaint. Will try again in the next cycle",
            );
        } else if (this.markNodeForTainting(node, "False"))
          this.log.info({ node: name }, "Node is NotReady. Adding it to the Taint queue");
        break;
      case "Unknown":
        if (taintExists(node.spec?.taints, notReadyTaintTemplate)) {
          const ok = await swapNodeTaints(
            this.nodeClient,
            this.nodeInformer.lister,
            name,
            [unreachableTaintTemplate],
            [notReadyTaintTemplate],
            this.now(),
          );
          if (!ok)
            this.log.error(
              { node: name },
              "Failed to instantly swap NotReadyTaint to UnreachableTaint. Will try again in the next cycle",
            );
        } else if (this.markNodeForTainting(node, "Unknown"))
          this.log.info({ node: name }, "Node is unresponsive. Adding it to the Taint queue");
        break;
      case "True":
        try {
          if (await this.markNodeAsReachable(node))
            this.log.info({ node: name }, "Node is healthy again, removed all taints");
        } catch {
          this.log.error({ node: name }, "Failed to remove taints from node. Will retry in next iteration");
        }
        break;
    }
  }

  // ---- health monitoring -------------------------------------------------------------------------------

  /** One pass of monitorNodeHealth over every node in the cache. */
  async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodeInformer.lister.list();
    const present = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name;
      present.add(name);
      if (!this.known.has(name)) {
        this.recordNodeEvent(
          name,
          node.metadata.uid ?? "",
          "RegisteredNode",
          `Registered Node ${name} in Controller`,
        );
        this.known.set(name, { uid: node.metadata.uid ?? "" });
        this.tainterFor(node);
        await this.markNodeAsReachable(node).catch(() => undefined);
      } else this.tainterFor(node);
    }
    for (const [name, k] of this.known)
      if (!present.has(name)) {
        this.recordNodeEvent(name, k.uid, "RemovingNode", `Removing Node ${name} from Controller`);
        this.known.delete(name);
        this.health.delete(name);
      }

    const zoneConditions = new Map<string, (string | undefined)[]>();
    await parallelize(nodeUpdateWorkers, nodes, async (node) => {
      const r = await this.updateNodeHealth(node);
      if (!r) return;
      const { node: cur, observed, current } = r;
      if (!(cur.metadata.labels ?? {})[labelNodeDisruptionExclusion]) {
        const z = zoneKey(cur);
        const list = zoneConditions.get(z) ?? [];
        list.push(current?.status);
        zoneConditions.set(z, list);
      }
      if (!current) return;
      const name = cur.metadata.name;
      await this.processTaintBaseEviction(cur, observed);
      const retry = this.nodesToRetry.has(name);
      if (
        (current.status !== "True" && observed.status === "True") ||
        (retry && observed.status !== "True")
      ) {
        if (current.status !== "True" && observed.status === "True")
          this.recordNodeStatusChange(cur, "NodeNotReady");
        try {
          await this.markPodsNotReady(this.podInformer.lister.byIndex(podsByNodeIndex, name), name);
        } catch (e) {
          this.log.warn(
            { node: name, err: String(e) },
            "Unable to mark all pods NotReady on node; queuing for retry",
          );
          this.nodesToRetry.add(name);
          return;
        }
      }
      this.nodesToRetry.delete(name);
    });
    await this.handleDisruption(zoneConditions, nodes);
  }

  /** tryUpdateNodeHealth with its write, retried against a fresh copy of the node on failure. */
  private async updateNodeHealth(
    node: DeepReadonly<NodeObj>,
  ): Promise<{ node: DeepReadonly<NodeObj>; observed: NodeCondition; current?: NodeCondition } | undefined> {
    const name = node.metadata.name;
    let cur = node;
    for (let i = 0; i < healthUpdateAttempts; i++) {
      const lease = this.leaseInformer.lister.get(nodeLeaseNamespace, name);
      const r = tryUpdateNodeHealth(this.health.get(name), cur, lease?.spec?.renewTime, this.now(), this.o);
      this.health.set(name, r.health);
      if (!r.write) return { node: cur, observed: r.observedReady, current: r.currentReady };
      try {
        const next = mutableCopy<NodeObj>(cur);
        next.status = { ...(next.status ?? {}), conditions: r.write.conditions };
        const updated = await this.nodeClient.updateStatus("", name, next);
        this.health.set(name, r.write.healthAfterWrite);
        return { node: updated, observed: r.observedReady, current: r.currentReady };
      } catch (e) {
        this.log.warn({ node: name, err: String(e) }, "Error updating node");
        try {
          cur = await this.nodeClient.get("", name);
        } catch {
          this.log.error(
            { node: name },
            "Failed while getting a Node to retry updating node health. Probably Node was deleted",
          );
          return undefined;
        }
      }
    }
    this.log.error(
      { node: name },
      "Update health of Node from Controller error, Skipping - no pods will be evicted",
    );
    return undefined;
  }

  private async handleDisruption(
    zoneConditions: Map<string, (string | undefined)[]>,
    nodes: readonly DeepReadonly<NodeObj>[],
  ): Promise<void> {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, statuses] of zoneConditions) {
      const { state } = computeZoneState(statuses, this.o.unhealthyZoneThreshold);
      if (state !== "FullDisruption") allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, "Initial");
    }
    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.zoneStates]) {
      if (!zoneConditions.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (state !== "FullDisruption") {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      this.log.info({}, "Controller detected that all Nodes are not-Ready. Entering master disruption mode");
      for (const n of nodes)
        await this.markNodeAsReachable(n).catch(() =>
          this.log.error({ node: n.metadata.name }, "Failed to remove taints from Node"),
        );
      for (const zone of this.zoneStates.keys()) {
        this.tainters.get(zone)?.swapLimiter(0);
        this.zoneStates.set(zone, "FullDisruption");
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.log.info({}, "Controller detected that some Nodes are Ready. Exiting master disruption mode");
      const now = this.now();
      for (const n of nodes) {
        const h = this.health.get(n.metadata.name);
        if (h) this.health.set(n.metadata.name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
      }
      for (const zone of this.zoneStates.keys()) {
        const state = newStates.get(zone) ?? "Normal";
        this.tainters
          .get(zone)
          ?.swapLimiter(zoneTaintRate(state, zoneConditions.get(zone)?.length ?? 0, this.o));
        this.zoneStates.set(zone, state);
      }
      return;
    }
    for (const [zone, state] of this.zoneStates) {
      const next = newStates.get(zone);
      if (!next || next === state) continue;
      this.log.info({ zone, newState: next }, "Controller detected that zone is now in new state");
      this.tainters
        .get(zone)
        ?.swapLimiter(zoneTaintRate(next, zoneConditions.get(zone)?.length ?? 0, this.o));
      this.zoneStates.set(zone, next);
    }
  }

  // ---- pods --------------------------------------------------------------------------------------------

  private async processPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) return;
    const nodeName = pod.spec?.nodeName ?? "";
    if (!this.health.has(nodeName)) return; // node not seen yet, or gone
    const node = this.nodeInformer.lister.get("", nodeName);
    if (!node) throw new Error(`node ${nodeName} not in cache`);
    const ready = getNodeCondition(node, "Ready");
    if (ready && ready.status !== "True") await this.markPodsNotReady([pod], nodeName);
  }

  /** MarkPodsNotReady: the pods' Ready condition becomes False; each changed pod gets a NodeNotReady event. */
  private async markPodsNotReady(pods: readonly DeepReadonly<PodObj>[], nodeName: string): Promise<void> {
    const errs: string[] = [];
    for (const p of pods) {
      if (p.spec?.nodeName !== nodeName) continue;
      const ready = p.status?.conditions?.find((c) => c.type === "Ready");
      if (!ready) continue;
      const pod = mutableCopy<PodObj>(p);
      const status: PodStatus = (pod.status ??= {});
      if (!updatePodCondition(status, { ...mutableCopy(ready), status: "False" }, this.now())) continue;
      this.log.info({ pod: keyOf(p) }, "Updating ready status of pod to false");
      try {
        await this.podClient.updateStatus(pod.metadata.namespace ?? "", pod.metadata.name, pod);
      } catch (e) {
        if (isNotFound(e)) continue;
        errs.push(String(e));
        continue;
      }
      this.recorder.event(podRef(pod), "Warning", "NodeNotReady", "Node is not ready");
    }
    if (errs.length) throw new Error(errs.join("; "));
  }

  // ---- events --------------------------------------------------------------------------------------------

  private recordNodeEvent(name: string, uid: string, reason: string, event: string): void {
    this.recorder.event(
      { apiVersion: "v1", kind: "Node", metadata: { name, uid } },
      "Normal",
      reason,
      `Node ${name} event: ${event}`,
    );
  }

  private recordNodeStatusChange(node: DeepReadonly<NodeObj>, status: string): void {
    const name = node.metadata.name;
    this.recorder.event(
      { apiVersion: "v1", kind: "Node", metadata: { name, uid: node.metadata.uid } },
      "Normal",
      status,
      `Node ${name} status is now: ${status}`,
    );
  }
}

function podRef(pod: PodObj) {
  const m = pod.metadata;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion },
  };
}

export function newNodeLifecycleController(ctx: ControllerContext, o: NodeLifecycleOptions = {}): Controller {
  return new NodeLifecycleController(ctx, o);
}
