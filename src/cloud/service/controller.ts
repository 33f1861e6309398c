// The service controller (k8s.io/cloud-provider controllers/service): for each Service of type
// LoadBalancer without a spec.loadBalancerClass, the provider's load balancer is ensured over the eligible
// nodes and its status written to status.loadBalancer; the finalizer service.kubernetes.io/load-balancer-
// cleanup keeps the Service until its load balancer is deleted (on deletion, or when the type changes
// away). A change in the node set updates every load balancer's hosts.
import { clientFor } from "../../client/index.js";
import type { Informer } from "../../client/informer/informer.js";
import { keyOf, splitKey } from "../../client/informer/cache.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import {
  services as serviceResource,
  type Service,
  type LoadBalancerStatus,
} from "../../api/core/v1/service.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { CloudContext } from "../context.js";
import type { LoadBalancer, RNode, RService } from "../provider.js";

export const loadBalancerCleanupFinalizer = "service.kubernetes.io/load-balancer-cleanup";
/** Nodes with this label are not load balancer targets (upstream's LabelNodeExcludeBalancers). */
export const excludeBalancersLabel = "node.kubernetes.io/exclude-from-external-load-balancers";
const toBeDeletedTaint = "ToBeDeletedByClusterAutoscaler";

type SvcObj = Service & KubeObject;
type NodeObj = Node & KubeObject;

export function wantsLoadBalancer(svc: RService): boolean {
  return svc.spec?.type === "LoadBalancer" && !svc.spec.loadBalancerClass;
}

const hasFinalizer = (svc: RService) =>
  (svc.metadata.finalizers ?? []).includes(loadBalancerCleanupFinalizer);

/** Upstream's needsCleanup: our finalizer is on it and it is going away or no longer wants a balancer. */
export function needsCleanup(svc: RService): boolean {
  return hasFinalizer(svc) && (!!svc.metadata.deletionTimestamp || !wantsLoadBalancer(svc));
}

/** Upstream's node predicate: Ready, not excluded by label, not being deleted by the autoscaler. */
export function isEligibleNode(n: RNode): boolean {
  if (n.metadata.labels?.[excludeBalancersLabel] !== undefined) return false;
  if ((n.spec?.taints ?? []).some((t) => t.key === toBeDeletedTaint)) return false;
  return (n.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

export interface ServiceControllerOptions {
  clusterName: string;
  workers?: number;
}

export class ServiceController {
  readonly name = "service-lb-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly svcs: Informer<SvcObj>;
  private readonly nodes: Informer<NodeObj>;
  private readonly client: ResourceClient<SvcObj>;
  private readonly queue = new WorkQueue<string>();
  /** Service key → the spec and node set last ensured, so status-only updates do not re-ensure. */
  private readonly ensured = new Map<string, string>();
  private nodeSet = "";
  private nodeSync: Promise<void> = Promise.resolve();

  constructor(
    ctx: CloudContext,
    private readonly lb: LoadBalancer,
    private readonly o: ServiceControllerOptions,
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("service-controller");
    this.client = clientFor<SvcObj>(ctx.client, serviceResource);
    this.svcs = ctx.informers.informerFor<SvcObj>(serviceResource);
    this.nodes = ctx.informers.informerFor<NodeObj>(nodeResource);
    const enqueue = (s: RService) => {
      if (wantsLoadBalancer(s) || hasFinalizer(s)) this.queue.add(keyOf(s));
    };
    this.svcs.addEventHandler({
      onAdd: enqueue,
      onUpdate: (_, s) => enqueue(s),
      onDelete: (s) => this.forget(s),
    });
    const nodesChanged = () => this.triggerNodeSync();
    this.nodes.addEventHandler({ onAdd: nodesChanged, onUpdate: nodesChanged, onDelete: nodesChanged });
  }

  private forget(s: RService): void {
    const key = keyOf(s);
    this.ensured.delete(key);
    // Deleted without our finalizer (e.g. it never had one): the balancer goes too.
    if (wantsLoadBalancer(s)) this.lb.ensureLoadBalancerDeleted(this.o.clusterName, s).catch(() => {});
  }

  private eligibleNodes(): RNode[] {
    return (this.nodes.lister.list() as RNode[])
      .filter(isEligibleNode)
      .sort((a, b) => ((a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1));
  }

  private static nodeSignature(nodes: RNode[]): string {
    return JSON.stringify(nodes.map((n) => [n.metadata.name, n.status?.addresses ?? []]));
  }

  private triggerNodeSync(): void {
    if (!this.nodes.hasSynced() || !this.svcs.hasSynced()) return;
    this.nodeSync = this.nodeSync.then(() => this.syncNodes());
  }

  /** Upstream's nodeSyncLoop: a new node set updates every load balancer's hosts. */
  private async syncNodes(): Promise<void> {
    const nodes = this.eligibleNodes();
    const sig = ServiceController.nodeSignature(nodes);
    if (sig === this.nodeSet) return;
    const first = this.nodeSet === "";
    this.nodeSet = sig;
    if (first) return;
    for (const s of this.svcs.lister.list() as RService[]) {
      if (!wantsLoadBalancer(s) || s.metadata.deletionTimestamp || !this.ensured.has(keyOf(s))) continue;
      try {
        await this.lb.updateLoadBalancer(this.o.clusterName, s, nodes);
        this.recorder.event(s, "Normal", "UpdatedLoadBalancer", "Updated load balancer with new hosts");
        const { status } = await this.lb.getLoadBalancer(this.o.clusterName, s);
        if (status) await this.patchStatus(s, status);
        this.ensured.set(keyOf(s), JSON.stringify(s.spec) + sig);
      } catch (e) {
        const names = nodes.map((n) => n.metadata.name).join(" ");
        this.recorder.event(
          s,
          "Warning",
          "UpdateLoadBalancerFailed",
          `Error updating load balancer with new hosts [${names}], error: ${(e as Error).message}`,
        );
        this.queue.add(keyOf(s));
      }
    }
  }

  private async reconcile(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.svcs.lister.get(namespace, name);
    if (!svc) return;
    if (needsCleanup(svc)) return this.cleanup(key, svc);
    if (!wantsLoadBalancer(svc)) return;
    const nodes = this.eligibleNodes();
    const sig = JSON.stringify(svc.spec) + ServiceController.nodeSignature(nodes);
    if (this.ensured.get(key) === sig && hasFinalizer(svc)) return;
    let current = svc;
    if (!hasFinalizer(svc))
      current = await this.setFinalizers(svc, [
        ...(svc.metadata.finalizers ?? []),
        loadBalancerCleanupFinalizer,
      ]);
    this.recorder.event(current, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer");
    let status: LoadBalancerStatus;
    try {
      status = await this.lb.ensureLoadBalancer(this.o.clusterName, current, nodes);
    } catch (e) {
      this.recorder.event(
        current,
        "Warning",
        "SyncLoadBalancerFailed",
        `Error syncing load balancer: ${(e as Error).message}`,
      );
      throw e;
    }
    await this.patchStatus(current, status);
    this.recorder.event(current, "Normal", "EnsuredLoadBalancer", "Ensured load balancer");
    this.ensured.set(key, sig);
  }

  private async cleanup(key: string, svc: RService): Promise<void> {
    this.recorder.event(svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer");
    try {
      await this.lb.ensureLoadBalancerDeleted(this.o.clusterName, svc);
    } catch (e) {
      this.recorder.event(
        svc,
        "Warning",
        "SyncLoadBalancerFailed",
        `Error syncing load balancer: ${(e as Error).message}`,
      );
      throw e;
    }
    this.recorder.event(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer");
    this.ensured.delete(key);
    if (!svc.metadata.deletionTimestamp && (svc.status?.loadBalancer?.ingress?.length ?? 0) > 0)
      await this.patchStatus(svc, {});
    await this.setFinalizers(
      svc,
      (svc.metadata.finalizers ?? []).filter((f) => f !== loadBalancerCleanupFinalizer),
    );
  }

  private async setFinalizers(svc: RService, finalizers: string[]): Promise<RService> {
    try {
      return await this.client.patch(svc.metadata.namespace ?? "", svc.metadata.name ?? "", "merge", {
        metadata: {
          finalizers: finalizers.length ? finalizers : null,
          resourceVersion: svc.metadata.resourceVersion,
        },
      });
    } catch (e) {
      if (isNotFound(e)) return svc;
      throw e;
    }
  }

  private async patchStatus(svc: RService, status: LoadBalancerStatus): Promise<void> {
    const have = JSON.stringify(svc.status?.loadBalancer?.ingress ?? []);
    if (have === JSON.stringify(status.ingress ?? [])) return;
    await this.client.patch(
      svc.metadata.namespace ?? "",
      svc.metadata.name ?? "",
      "merge",
      { status: { loadBalancer: { ingress: status.ingress?.length ? status.ingress : null } } },
      { subresource: "status" },
    );
  }

  async run(signal: AbortSignal): Promise<void> {
    const aborted = new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    await Promise.race([Promise.all([this.svcs.waitForSync(), this.nodes.waitForSync()]), aborted]);
    if (signal.aborted) return;
    this.nodeSet = ServiceController.nodeSignature(this.eligibleNodes());
    await runWorkers(
      this.queue,
      this.o.workers ?? 1,
      (k) => this.reconcile(k),
      signal,
      (key, err, retries) =>
        this.log.warn({ service: key, err: String(err), retries }, "error syncing load balancer"),
    );
    await this.nodeSync;
  }
}
