// The pod garbage collector (pkg/controller/podgc): every 20 s it deletes terminated pods beyond the
// threshold (oldest first), terminating pods on out-of-service nodes, pods bound to nodes that no longer
// exist (after a 40 s quarantine and a check against the API), and terminating pods never scheduled. Pods
// are marked Failed before a forced (grace 0) delete, so a pod whose kubelet is gone still ends terminal.
import type { Controller, ControllerContext } from "../controller.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { Informer } from "../../client/informer/informer.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import type { Logger } from "../../client/log.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import type { PodCondition, PodStatus } from "../../api/core/v1/podstatus.js";
import { mutableCopy, updatePodCondition } from "../util/podconditions.js";
import { nodeIsReady } from "../util/nodeconditions.js";
import { taintKeyExists, taintNodeOutOfService } from "../util/nodetaints.js";
import { every, parallelize } from "../util/periodic.js";
import { terminatedPodsToDelete, OrphanQuarantine } from "./gc.js";

export interface PodGCOptions {
  /** How often to collect (gcCheckPeriod, 20 s). */
  gcCheckPeriodMs?: number;
  /** How long a node must be missing before its pods are deleted (quarantineTime, 40 s). */
  quarantineMs?: number;
  /** --terminated-pod-gc-threshold (12500); 0 disables collecting terminated pods. */
  terminatedPodThreshold?: number;
  now?: () => number;
}

type NodeObj = Node & { metadata: { name: string } };
type PodObj = Pod & { metadata: { name: string } };

const deleteConcurrency = 32;

export class PodGCController implements Controller {
  readonly name = "pod-garbage-collector";
  private readonly log: Logger;
  private readonly pods: Informer<PodObj>;
  private readonly nodes: Informer<NodeObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly nodeClient: ResourceClient<NodeObj>;
  private readonly period: number;
  private readonly threshold: number;
  private readonly now: () => number;
  private readonly quarantine: OrphanQuarantine;

  constructor(ctx: ControllerContext, o: PodGCOptions = {}) {
    this.log = ctx.log.child({ controller: this.name });
    this.period = o.gcCheckPeriodMs ?? 20_000;
    this.threshold = o.terminatedPodThreshold ?? ctx.options.terminatedPodGCThreshold ?? 12_500;
    this.now = o.now ?? Date.now;
    this.quarantine = new OrphanQuarantine(o.quarantineMs ?? 40_000);
    this.podClient = clientFor<PodObj>(ctx.client, podResource);
    this.nodeClient = clientFor<NodeObj>(ctx.client, nodeResource);
    this.pods = ctx.informers.informerFor<PodObj>(podResource);
    this.nodes = ctx.informers.informerFor<NodeObj>(nodeResource);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.pods, this.nodes))) return;
    this.log.info({}, "Starting GC controller");
    await every(this.period, signal, () =>
      this.gc().catch((e: unknown) => this.log.error({ err: String(e) }, "Pod GC pass failed")),
    );
  }

  /** One collection pass. */
  async gc(): Promise<void> {
    const pods = this.pods.lister.list();
    const nodes = this.nodes.lister.list();
    if (this.threshold > 0) await this.gcTerminated(pods);
    await this.gcTerminating(pods);
    await this.gcOrphaned(pods, nodes);
    await this.gcUnscheduledTerminating(pods);
  }

  private async gcTerminated(pods: readonly DeepReadonly<PodObj>[]): Promise<void> {
    const victims = terminatedPodsToDelete(pods, this.threshold);
    if (!victims.length) return;
    this.log.info({ numPods: victims.length }, "Garbage collecting pods");
    await this.deleteAll(victims);
  }

  private async gcTerminating(pods: readonly DeepReadonly<PodObj>[]): Promise<void> {
    const victims = pods.filter((p) => {
      if (!p.metadata.deletionTimestamp) return false;
      const node = this.nodes.lister.get("", p.spec?.nodeName ?? "");
      return !!node && !nodeIsReady(node) && taintKeyExists(node.spec?.taints, taintNodeOutOfService);
    });
    if (!victims.length) return;
    this.log.info(
      { numPods: victims.length },
      "Garbage collecting pods that are terminating on node tainted with node.kubernetes.io/out-of-service",
    );
    await this.deleteAll(terminatedPodsToDelete(victims, 0));
  }

  private async gcOrphaned(
    pods: readonly DeepReadonly<PodObj>[],
    nodes: readonly DeepReadonly<NodeObj>[],
  ): Promise<void> {
    const existing = new Set(nodes.map((n) => n.metadata.name));
    const now = this.now();
    for (const p of pods) {
      const node = p.spec?.nodeName;
      if (node && !existing.has(node)) this.quarantine.add(node, now);
    }
    const deleted = new Set<string>();
    for (const node of this.quarantine.due(now)) {
      if (existing.has(node)) continue;
      try {
        await this.nodeClient.get("", node);
      } catch (e) {
        if (isNotFound(e)) deleted.add(node);
        else this.log.error({ node, err: String(e) }, "Error while getting node");
      }
    }
    const orphans = pods.filter((p) => deleted.has(p.spec?.nodeName ?? ""));
    await parallelize(deleteConcurrency, orphans, async (p) => {
      this.log.info(
        { pod: `${p.metadata.namespace}/${p.metadata.name}`, node: p.spec?.nodeName },
        "Found orphaned Pod assigned to the Node, deleting",
      );
      try {
        await this.markFailedAndDelete(p, {
          type: "DisruptionTarget",
          status: "True",
          reason: "DeletionByPodGC",
          message: "PodGC: node no longer exists",
        });
        this.log.info(
          { pod: `${p.metadata.namespace}/${p.metadata.name}` },
          "Forced deletion of orphaned Pod succeeded",
        );
      } catch (e) {
        this.log.error({ pod: p.metadata.name, err: String(e) }, "Failed to delete orphaned pod");
      }
    });
  }

  private async gcUnscheduledTerminating(pods: readonly DeepReadonly<PodObj>[]): Promise<void> {
    const victims = pods.filter((p) => p.metadata.deletionTimestamp && !p.spec?.nodeName);
    await this.deleteAll(victims);
  }

  private async deleteAll(victims: readonly DeepReadonly<PodObj>[]): Promise<void> {
    await parallelize(deleteConcurrency, victims, async (p) => {
      try {
        await this.markFailedAndDelete(p);
      } catch (e) {
        this.log.error(
          { pod: `${p.metadata.namespace}/${p.metadata.name}`, err: String(e) },
          "Failed to garbage collect pod",
        );
      }
    });
  }

  /** markFailedAndDeletePodWithCondition */
  private async markFailedAndDelete(p: DeepReadonly<PodObj>, condition?: PodCondition): Promise<void> {
    const ns = p.metadata.namespace ?? "";
    const name = p.metadata.name;
    this.log.info({ pod: `${ns}/${name}` }, "PodGC is force deleting Pod");
    try {
      if (p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed") {
        const status: PodStatus = mutableCopy<PodStatus>(p.status ?? {});
        status.phase = "Failed";
        if (condition) updatePodCondition(status, condition, this.now());
        await this.podClient.patch(
          ns,
          name,
          "merge",
          { status: { phase: status.phase, conditions: status.conditions ?? null } },
          { subresource: "status" },
        );
      }
      await this.podClient.delete(ns, name, {
        gracePeriodSeconds: 0,
        preconditions: { uid: p.metadata.uid },
      });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function newPodGCController(ctx: ControllerContext, o: PodGCOptions = {}): Controller {
  return new PodGCController(ctx, o);
}
