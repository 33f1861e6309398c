// The taint eviction controller (pkg/controller/tainteviction, "taint-eviction-controller"): pods on a node
// with NoExecute taints they do not tolerate are deleted at once; pods that tolerate them for
// tolerationSeconds are deleted when that runs out; a removed taint or a new toleration cancels the eviction.
// Before deleting, the pod gets the DisruptionTarget condition, as upstream.
import type { Controller, ControllerContext } from "../controller.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { Informer } from "../../client/informer/informer.js";
import { keyOf, splitKey } from "../../client/informer/cache.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { noExecuteTaints } from "../util/nodetaints.js";
import { updatePodCondition } from "../util/podconditions.js";
import { podsByNodeIndex, podNodeIndexFunc } from "../util/podsbynode.js";
import { planEviction, type ScheduledEviction } from "./evictionplan.js";

export interface TaintEvictionOptions {
  workers?: number;
  now?: () => number;
}

type NodeObj = Node & { metadata: { name: string } };
type PodObj = Pod & { metadata: { name: string } };

export class TaintEvictionController implements Controller {
  readonly name = "taint-eviction-controller";
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodeInformer: Informer<NodeObj>;
  private readonly podInformer: Informer<PodObj>;
  private readonly podClient: ResourceClient<PodObj>;
  private readonly queue = new WorkQueue<string>();
  /** Pod key → its scheduled eviction (upstream's TimedWorkerQueue). */
  private readonly scheduled = new Map<string, ScheduledEviction>();
  private readonly workers: number;

  constructor(ctx: ControllerContext, o: TaintEvictionOptions = {}) {
    this.now = o.now ?? Date.now;
    this.workers = o.workers ?? 8;
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder(this.name);
    this.podClient = clientFor<PodObj>(ctx.client, podResource);
    this.nodeInformer = ctx.informers.informerFor<NodeObj>(nodeResource);
    this.podInformer = ctx.informers.informerFor<PodObj>(podResource, {
      [podsByNodeIndex]: podNodeIndexFunc,
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => {
        if (p.spec?.nodeName) this.queue.add(keyOf(p));
      },
      onUpdate: (old, p) => {
        if (
          old.spec?.nodeName !== p.spec?.nodeName ||
          JSON.stringify(old.spec?.tolerations ?? []) !== JSON.stringify(p.spec?.tolerations ?? [])
        )
          this.queue.add(keyOf(p));
      },
      onDelete: (p) => this.queue.add(keyOf(p)),
    });
    const taintsOf = (n: { spec?: { taints?: readonly unknown[] } } | undefined) =>
      JSON.stringify(noExecuteTaints((n?.spec?.taints ?? []) as never));
    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.enqueueNodePods(n.metadata.name),
      onUpdate: (old, n) => {
        if (taintsOf(old) !== taintsOf(n)) this.enqueueNodePods(n.metadata.name);
      },
      onDelete: (n) => this.enqueueNodePods(n.metadata.name),
    });
  }

  private enqueueNodePods(node: string): void {
    for (const p of this.podInformer.lister.byIndex(podsByNodeIndex, node)) this.queue.add(keyOf(p));
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.nodeInformer, this.podInformer))) return;
    this.log.info({}, "Starting taint eviction controller");
    await runWorkers(
      this.queue,
      this.workers,
      (key) => this.sync(key),
      signal,
      (key, err) => this.log.warn({ pod: key, err: String(err) }, "Failed to evict pod"),
    );
  }

  private cancel(key: string): void {
    if (!this.scheduled.delete(key)) return;
    const { namespace, name } = splitKey(key);
    this.recorder.event(
      { apiVersion: "v1", kind: "Pod", metadata: { namespace, name } },
      "Normal",
      "TaintManagerEviction",
      `Cancelling deletion of Pod ${key}`,
    );
  }

  async sync(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) return this.cancel(key);
    if (pod.metadata.deletionTimestamp) {
      this.scheduled.delete(key); // already going
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const node = this.nodeInformer.lister.get("", nodeName);
    const taints = noExecuteTaints(node?.spec?.taints);
    const now = this.now();
    const plan = planEviction(pod.spec?.tolerations, taints, now, this.scheduled.get(key));
    if (plan.cancel) this.cancel(key);
    if (plan.schedule) this.scheduled.set(key, plan.schedule);
    const s = this.scheduled.get(key);
    if (!s) return;
    if (s.fireAt > now) return { requeueAfterMs: s.fireAt - now };
    await this.evict(namespace, name);
    this.scheduled.delete(key);
  }

  /** deletePodHandler: an event, the DisruptionTarget condition, then the delete (the pod's own grace period). */
  private async evict(namespace: string, name: string): Promise<void> {
    this.log.info({ pod: `${namespace}/${name}` }, "Deleting pod");
    this.recorder.event(
      { apiVersion: "v1", kind: "Pod", metadata: { namespace, name } },
      "Normal",
      "TaintManagerEviction",
      `Marking for deletion Pod ${namespace}/${name}`,
    );
    let pod: PodObj;
    try {
      pod = await this.podClient.get(namespace, name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const status = (pod.status ??= {});
    const changed = updatePodCondition(
      status,
      {
        type: "DisruptionTarget",
        status: "True",
        reason: "DeletionByTaintManager",
        message: "Taint manager: deleting due to NoExecute taint",
      },
      this.now(),
    );
    try {
      if (changed) await this.podClient.updateStatus(namespace, name, pod);
      await this.podClient.delete(namespace, name, { preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

export function newTaintEvictionController(ctx: ControllerContext, o: TaintEvictionOptions = {}): Controller {
  return new TaintEvictionController(ctx, o);
}
