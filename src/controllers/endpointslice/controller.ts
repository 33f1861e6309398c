// The EndpointSlice controller (pkg/controller/endpointslice): keeps the EndpointSlices of every Service with
// a selector in step with its pods. Writes are tracked by generation (EndpointSliceTracker) so a sync never
// acts on a cache that has not yet seen this controller's own last writes.
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
import type { Logger } from "../../client/log.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { services as serviceResource, type Service } from "../../api/core/v1/service.js";
import { endpointSlices as sliceResource } from "../../api/discovery/v1/endpointslice.js";
import { serviceSelector } from "../util/servicepods.js";
import { TriggerTimeTracker, lastChangeTriggerTimeAnnotation } from "../util/triggertime.js";
import { rfc3339Nano } from "../util/metatime.js";
import {
  controllerName,
  defaultMaxEndpointsPerSlice,
  labelManagedBy,
  labelServiceName,
  reconcileSlices,
  type Slice,
} from "./reconciler.js";
import { SliceTracker } from "./tracker.js";

export interface EndpointSliceControllerOptions {
  workers?: number;
  /** --max-endpoints-per-slice (100). */
  maxEndpointsPerSlice?: number;
}

type PodObj = Pod & { metadata: { name: string } };
type NodeObj = Node & { metadata: { name: string } };
type ServiceObj = Service & { metadata: { name: string } };
type SliceObj = Slice & { metadata: { name: string } };

export class EndpointSliceController implements Controller {
  readonly name = "endpointslice-controller";
  private readonly log: Logger;
  private readonly services: Informer<ServiceObj>;
  private readonly pods: Informer<PodObj>;
  private readonly nodes: Informer<NodeObj>;
  private readonly slices: Informer<SliceObj>;
  private readonly client: ResourceClient<SliceObj>;
  private readonly queue = new WorkQueue<string>();
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly tracker = new SliceTracker();
  private readonly workers: number;
  private readonly max: number;

  constructor(ctx: ControllerContext, o: EndpointSliceControllerOptions = {}) {
    this.workers = o.workers ?? ctx.options.workers ?? 5;
    this.max = o.maxEndpointsPerSlice ?? defaultMaxEndpointsPerSlice;
    this.log = ctx.log.child({ controller: this.name });
    this.client = clientFor<SliceObj>(ctx.client, sliceResource);
    this.services = ctx.informers.informerFor<ServiceObj>(serviceResource);
    this.pods = ctx.informers.informerFor<PodObj>(podResource);
    this.nodes = ctx.informers.informerFor<NodeObj>(nodeResource);
    this.slices = ctx.informers.informerFor<SliceObj>(sliceResource);
    this.services.addEventHandler({
      onAdd: (s) => this.queue.add(keyOf(s)),
      onUpdate: (_, s) => this.queue.add(keyOf(s)),
      onDelete: (s) => this.queue.add(keyOf(s)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (old, p) => {
        if (JSON.stringify(endpointView(old)) === JSON.stringify(endpointView(p))) return;
        this.enqueueServicesOf(p);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {}))
          this.enqueueServicesOf(old);
      },
      onDelete: (p) => this.enqueueServicesOf(p),
    });
    const sliceChanged = (s: DeepReadonly<SliceObj>) => {
      if (s.metadata.labels?.[labelManagedBy] !== controllerName) return;
      const svc = s.metadata.labels?.[labelServiceName];
      if (svc) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.addEventHandler({
      onAdd: (s) => {
        if (this.tracker.shouldSync(s)) sliceChanged(s);
      },
      // Only changes the controller did not make itself need a sync.
      onUpdate: (_, s) => {
        if (this.tracker.shouldSync(s)) sliceChanged(s);
      },
      onDelete: (s) => {
        if (this.tracker.handleDeletion(s)) sliceChanged(s);
      },
    });
  }

  private enqueueServicesOf(pod: DeepReadonly<PodObj>): void {
    for (const svc of this.services.lister.list(pod.metadata.namespace ?? "")) {
      const sel = serviceSelector(svc);
      if (sel?.(pod)) this.queue.add(keyOf(svc));
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.services, this.pods, this.nodes, this.slices))) return;
    this.log.info({}, "Starting endpoint slice controller");
    await runWorkers(
      this.queue,
      this.workers,
      (key) => this.syncService(key),
      signal,
      (key, err) =>
        this.log.warn(
          { service: key, err: String(err) },
          "Error syncing endpoint slices for service, retrying",
        ),
    );
  }

  async syncService(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      // Slices are owned by the Service: the garbage collector removes them.
      this.triggerTimes.deleteService(namespace, name);
      this.tracker.deleteService(namespace, name);
      return;
    }
    if (svc.spec?.type === "ExternalName") return;
    const selects = serviceSelector(svc);
    if (!selects) return;
    const pods = this.pods.lister.list(namespace, selects);
    const existing = this.slices.lister.list(
      namespace,
      (s) =>
        s.metadata.labels?.[labelServiceName] === name &&
        s.metadata.labels?.[labelManagedBy] === controllerName,
    );
    if (this.tracker.staleSlices(namespace, name, existing))
      throw new Error("EndpointSlice informer cache is out of date");
    const triggerTime = this.triggerTimes.compute(namespace, svc, pods);
    const plan = reconcileSlices({
      service: svc,
      pods,
      node: (n) => this.nodes.lister.get("", n),
      existing,
      maxEndpointsPerSlice: this.max,
    });
    const annotate = (s: Slice) => {
      const a = { ...(s.metadata.annotations ?? {}) };
      if (triggerTime !== undefined) a[lastChangeTriggerTimeAnnotation] = rfc3339Nano(triggerTime);
      else delete a[lastChangeTriggerTimeAnnotation];
      s.metadata.annotations = a;
    };
    // Not for a Service being deleted: the garbage collector is removing its slices.
    if (!svc.metadata.deletionTimestamp)
      for (const s of plan.create) {
        annotate(s);
        const created = await this.client.create(namespace, s as SliceObj);
        this.tracker.update(namespace, name, created);
      }
    for (const s of plan.update) {
      annotate(s);
      const updated = await this.client.update(namespace, s.metadata.name ?? "", s as SliceObj);
      this.tracker.update(namespace, name, updated);
    }
    for (const s of plan.delete) {
      try {
        await this.client.delete(namespace, s.metadata?.name ?? "");
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.tracker.expectDeletion(namespace, name, s);
    }
    if (plan.errors.length) throw new Error(plan.errors.join("; "));
  }
}

/** What of a pod can change its endpoint (podEndpointsChanged). */
const endpointView = (p: DeepReadonly<PodObj>) => [
  p.status?.podIPs,
  p.status?.podIP,
  p.status?.phase,
  p.status?.conditions?.find((c) => c.type === "Ready")?.status,
  p.metadata.labels,
  p.metadata.deletionTimestamp,
  p.spec?.hostname,
  p.spec?.subdomain,
  p.spec?.nodeName,
];

export function newEndpointSliceController(
  ctx: ControllerContext,
  o: EndpointSliceControllerOptions = {},
): Controller {
  return new EndpointSliceController(ctx, o);
}
