// The cloud node controller (k8s.io/cloud-provider controllers/node): a node registered with the
// node.cloudprovider.kubernetes.io/uninitialized taint (the kubelet's --cloud-provider=external) is
// initialized from the provider — spec.providerID, the instance-type/zone/region labels, status.addresses —
// and the taint removed, so pods can be scheduled there. Every initialized node's addresses are refreshed
// periodically (upstream's --node-status-update-frequency, 5 min).
import { clientFor } from "../../client/index.js";
import type { Informer } from "../../client/informer/informer.js";
import { keyOf } from "../../client/informer/cache.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { CloudContext } from "../context.js";
import type { InstanceMetadata, Instances, RNode } from "../provider.js";

export const uninitializedTaintKey = "node.cloudprovider.kubernetes.io/uninitialized";
export const instanceTypeLabel = "node.kubernetes.io/instance-type";
export const zoneLabel = "topology.kubernetes.io/zone";
export const regionLabel = "topology.kubernetes.io/region";

type NodeObj = Node & KubeObject;

export const isUninitialized = (n: RNode) =>
  (n.spec?.taints ?? []).some((t) => t.key === uninitializedTaintKey);

/** The node as initialization leaves it: providerID (kept when set), labels, without the taint. */
export function initializedNode(node: NodeObj, meta: InstanceMetadata): NodeObj {
  const out = structuredClone(node);
  out.spec ??= {};
  if (!out.spec.providerID) out.spec.providerID = meta.providerID;
  const labels = (out.metadata.labels ??= {});
  if (meta.instanceType) labels[instanceTypeLabel] = meta.instanceType;
  if (meta.zone) labels[zoneLabel] = meta.zone;
  if (meta.region) labels[regionLabel] = meta.region;
  const taints = (out.spec.taints ?? []).filter((t) => t.key !== uninitializedTaintKey);
  out.spec.taints = taints.length ? taints : undefined;
  return out;
}

export interface CloudNodeControllerOptions {
  workers?: number;
  nodeStatusUpdateFrequencyMs?: number;
}

export class CloudNodeController {
  readonly name = "cloud-node-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodes: Informer<NodeObj>;
  private readonly client: ResourceClient<NodeObj>;
  private readonly queue = new WorkQueue<string>();

  constructor(
    ctx: CloudContext,
    private readonly instances: Instances,
    private readonly o: CloudNodeControllerOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("cloud-node-controller");
    this.client = clientFor<NodeObj>(ctx.client, nodeResource);
    this.nodes = ctx.informers.informerFor<NodeObj>(nodeResource);
    const enqueue = (n: RNode) => {
      if (isUninitialized(n)) this.queue.add(keyOf(n));
    };
    this.nodes.addEventHandler({ onAdd: enqueue, onUpdate: (_, n) => enqueue(n) });
  }

  private async initialize(name: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let node: NodeObj;
      try {
        node = await this.client.get("", name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      if (!isUninitialized(node)) return;
      const meta = await this.instances.instanceMetadata(node);
      let updated: NodeObj;
      try {
        updated = await this.client.update("", name, initializedNode(node, meta));
      } catch (e) {
        if (isConflict(e) && attempt < 5) continue;
        throw e;
      }
      await this.updateAddresses(updated);
      this.log.info(
        { node: name, providerID: meta.providerID },
        "Successfully initialized node with cloud provider",
      );
      this.recorder.event(node, "Normal", "Synced", "Node synced successfully");
      return;
    }
  }

  /**
   * Sets status.addresses to the provider's for the node as read. The patch carries the node's
   * resourceVersion: the kubelet may post its status (its own addresses, which the local provider builds on)
   * meanwhile, and addresses computed from the older node must not overwrite that — a conflict reads the
   * node again.
   */
  private async updateAddresses(node: RNode): Promise<void> {
    const name = node.metadata.name ?? "";
    for (let attempt = 0; ; attempt++) {
      const m = await this.instances.instanceMetadata(node);
      if (JSON.stringify(node.status?.addresses ?? []) === JSON.stringify(m.nodeAddresses)) return;
      try {
        await this.client.patch(
          "",
          name,
          "merge",
          {
            metadata: { resourceVersion: node.metadata.resourceVersion },
            status: { addresses: m.nodeAddresses },
          },
          { subresource: "status" },
        );
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 5) throw e;
      }
      try {
        node = await this.client.get("", name);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
    }
  }

  /**
   * Upstream's UpdateNodeStatus: refresh the addresses of nodes the cloud initialized (a providerID set);
   * nodes whose kubelet owns its addresses (registered without the taint, no providerID) are left alone.
   */
  private async updateAll(): Promise<void> {
    for (const n of this.nodes.lister.list() as RNode[]) {
      if (isUninitialized(n) || !n.spec?.providerID) continue;
      await this.updateAddresses(n).catch((e) =>
        this.log.warn({ node: n.metadata.name, err: String(e) }, "could not update node addresses"),
      );
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const aborted = new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    await Promise.race([this.nodes.waitForSync(), aborted]);
    if (signal.aborted) return;
    const every = this.o.nodeStatusUpdateFrequencyMs ?? 5 * 60_000;
    const timer = setInterval(() => void this.updateAll(), every);
    try {
      await runWorkers(
        this.queue,
        this.o.workers ?? 1,
        (k) => this.initialize(k),
        signal,
        (key, err, retries) =>
          this.log.warn({ node: key, err: String(err), retries }, "failed to initialize node"),
      );
    } finally {
      clearInterval(timer);
    }
  }
}
