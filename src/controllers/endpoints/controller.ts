// The Endpoints controller (pkg/controller/endpoint): keeps one Endpoints object per Service with a selector,
// listing the selected pods' addresses (ready and not ready) and ports; deletes it with the Service.
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
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { services as serviceResource, type Service } from "../../api/core/v1/service.js";
import { endpoints as endpointsResource, type Endpoints } from "../../api/core/v1/endpoints.js";
import { serviceSelector, isServiceIPSet } from "../util/servicepods.js";
import { TriggerTimeTracker, lastChangeTriggerTimeAnnotation } from "../util/triggertime.js";
import { rfc3339Nano } from "../util/metatime.js";
import { mutableCopy } from "../util/podconditions.js";
import { semanticEqual } from "../util/semanticequal.js";
import {
  endpointSubsetsFor,
  overCapacityAnnotation,
  repackSubsets,
  truncateSubsets,
  maxEndpointsCapacity,
} from "./subsets.js";

export interface EndpointsControllerOptions {
  workers?: number;
}

type PodObj = Pod & { metadata: { name: string } };
type ServiceObj = Service & { metadata: { name: string } };
type EndpointsObj = Endpoints & { metadata: { name: string } };

/** The label marking Endpoints of a headless service. */
const headlessLabel = "service.kubernetes.io/headless";
/** Endpoints carrying this annotation are leader-election records, not a service's. */
const leaderElectionAnnotation = "control-plane.alpha.kubernetes.io/leader";

export class EndpointsController implements Controller {
  readonly name = "endpoints-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly services: Informer<ServiceObj>;
  private readonly pods: Informer<PodObj>;
  private readonly endpoints: Informer<EndpointsObj>;
  private readonly client: ResourceClient<EndpointsObj>;
  private readonly queue = new WorkQueue<string>();
  private readonly triggerTimes = new TriggerTimeTracker();
  /** Service key → the resourceVersion we replaced; the cache showing it means the cache is behind. */
  private readonly stale = new Map<string, string>();
  private readonly workers: number;

  constructor(ctx: ControllerContext, o: EndpointsControllerOptions = {}) {
    this.workers = o.workers ?? ctx.options.workers ?? 5;
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("endpoint-controller");
    this.client = clientFor<EndpointsObj>(ctx.client, endpointsResource);
    this.services = ctx.informers.informerFor<ServiceObj>(serviceResource);
    this.pods = ctx.informers.informerFor<PodObj>(podResource);
    this.endpoints = ctx.informers.informerFor<EndpointsObj>(endpointsResource);
    this.services.addEventHandler({
      onAdd: (s) => this.queue.add(keyOf(s)),
      onUpdate: (_, s) => this.queue.add(keyOf(s)),
      onDelete: (s) => this.queue.add(keyOf(s)),
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.enqueueServicesOf(p),
      onUpdate: (old, p) => {
        if (!podEndpointsChanged(old, p)) return;
        this.enqueueServicesOf(p);
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(p.metadata.labels ?? {}))
          this.enqueueServicesOf(old);
      },
      onDelete: (p) => this.enqueueServicesOf(p),
    });
    this.endpoints.addEventHandler({ onDelete: (e) => this.queue.add(keyOf(e)) });
  }

  private enqueueServicesOf(pod: DeepReadonly<PodObj>): void {
    for (const svc of this.services.lister.list(pod.metadata.namespace ?? "")) {
      const sel = serviceSelector(svc);
      if (sel?.(pod)) this.queue.add(keyOf(svc));
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.services, this.pods, this.endpoints))) return;
    // checkLeftoverEndpoints: Endpoints whose service is gone are deleted by their sync.
    for (const ep of this.endpoints.lister.list())
      if (!ep.metadata.annotations?.[leaderElectionAnnotation]) this.queue.add(keyOf(ep));
    this.log.info({}, "Starting endpoint controller");
    await runWorkers(
      this.queue,
      this.workers,
      (key) => this.syncService(key),
      signal,
      (key, err) => this.log.warn({ service: key, err: String(err) }, "Error syncing endpoints, retrying"),
    );
  }

  async syncService(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      // The service is gone: so are its Endpoints (unless someone else's, without a service, are left alone).
      const ep = this.endpoints.lister.get(namespace, name);
      if (ep?.metadata.annotations?.[leaderElectionAnnotation]) return;
      try {
        await this.client.delete(namespace, name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.triggerTimes.deleteService(namespace, name);
      this.stale.delete(key);
      return;
    }
    if (svc.spec?.type === "ExternalName") return;
    const selects = serviceSelector(svc);
    if (!selects) return; // endpoints of a selector-less service are managed by hand
    const pods = this.pods.lister.list(namespace, selects);
    const triggerTime = this.triggerTimes.compute(namespace, svc, pods);
    const subsets = repackSubsets(endpointSubsetsFor(svc, pods));

    const current = this.endpoints.lister.get(namespace, name);
    if (current && this.stale.get(key) === current.metadata.resourceVersion)
      throw new Error(
        `endpoints informer cache is out of date, resource version ${current.metadata.resourceVersion} already processed for endpoints ${key}`,
      );
    this.stale.delete(key);
    const svcLabels = { ...(svc.metadata.labels ?? {}) };
    if (current) {
      const compareLabels = { ...(current.metadata.labels ?? {}) };
      delete compareLabels[headlessLabel];
      const total = subsets.reduce(
        (n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0),
        0,
      );
      const capacityOK =
        total <= maxEndpointsCapacity && !current.metadata.annotations?.[overCapacityAnnotation];
      if (
        semanticEqual(current.subsets, subsets, ["resourceVersion"]) &&
        semanticEqual(compareLabels, svcLabels) &&
        capacityOK
      )
        return;
    }
    const next: EndpointsObj = current
      ? mutableCopy<EndpointsObj>(current)
      : { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace } };
    next.subsets = subsets;
    const annotations = { ...(next.metadata.annotations ?? {}) };
    if (triggerTime !== undefined) annotations[lastChangeTriggerTimeAnnotation] = rfc3339Nano(triggerTime);
    else delete annotations[lastChangeTriggerTimeAnnotation];
    if (truncateSubsets(next.subsets)) annotations[overCapacityAnnotation] = "truncated";
    else delete annotations[overCapacityAnnotation];
    next.metadata.annotations = annotations;
    const labels = { ...svcLabels };
    if (!isServiceIPSet(svc)) labels[headlessLabel] = "";
    else delete labels[headlessLabel];
    next.metadata.labels = labels;
    try {
      if (!current) await this.client.create(namespace, next);
      else {
        const updated = await this.client.update(namespace, name, next);
        if (updated.metadata.resourceVersion !== current.metadata.resourceVersion)
          this.stale.set(key, current.metadata.resourceVersion ?? "");
      }
    } catch (e) {
      if (!current)
        this.recorder.event(
          { apiVersion: "v1", kind: "Endpoints", metadata: { namespace, name } },
          "Warning",
          "FailedToCreateEndpoint",
          `Failed to create endpoint for service ${namespace}/${name}: ${String((e as Error).message ?? e)}`,
        );
      else
        this.recorder.event(
          { apiVersion: "v1", kind: "Endpoints", metadata: { namespace, name, uid: current.metadata.uid } },
          "Warning",
          "FailedToUpdateEndpoint",
          `Failed to update endpoint ${namespace}/${name}: ${String((e as Error).message ?? e)}`,
        );
      throw e;
    }
  }
}

/** podEndpointsChanged: only what Endpoints show (IPs, readiness, labels, hostname, node, deletion) matters. */
function podEndpointsChanged(a: DeepReadonly<PodObj>, b: DeepReadonly<PodObj>): boolean {
  const view = (p: DeepReadonly<PodObj>) =>
    JSON.stringify([
      p.status?.podIP,
      p.status?.podIPs,
      p.status?.phase,
      p.status?.conditions?.find((c) => c.type === "Ready")?.status,
      p.metadata.labels,
      p.metadata.deletionTimestamp,
      p.spec?.hostname,
      p.spec?.subdomain,
      p.spec?.nodeName,
    ]);
  return view(a) !== view(b);
}

export function newEndpointsController(
  ctx: ControllerContext,
  o: EndpointsControllerOptions = {},
): Controller {
  return new EndpointsController(ctx, o);
}
