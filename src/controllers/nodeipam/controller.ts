// The node IPAM controller with the range allocator (pkg/controller/nodeipam/ipam/range_allocator.go): every
// node gets a /24 (by default) of the cluster CIDR in spec.podCIDR/podCIDRs; blocks of deleted nodes are
// released; at start the blocks of existing nodes are marked taken before anything is allocated.
import type { Controller, ControllerContext } from "../controller.js";
import { waitForCacheSync } from "../util/cachesync.js";
import type { Informer } from "../../client/informer/informer.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { CidrSet } from "./cidrset.js";

export interface NodeIPAMOptions {
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  /** Concurrent node patches (upstream's cidrUpdateWorkers: 30). */
  workers?: number;
}

type NodeObj = Node & { metadata: { name: string } };

const podCIDRsOf = (n: DeepReadonly<NodeObj>): readonly string[] =>
  n.spec?.podCIDRs?.length ? n.spec.podCIDRs : n.spec?.podCIDR ? [n.spec.podCIDR] : [];

export class NodeIPAMController implements Controller {
  readonly name = "node-ipam-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly informer: Informer<NodeObj>;
  private readonly client: ResourceClient<NodeObj>;
  private readonly set: CidrSet;
  private readonly queue = new WorkQueue<string>();
  /** Node → the block it holds (taken from its spec, or allocated by us and not yet seen in the cache). */
  private readonly held = new Map<string, string>();
  private readonly workers: number;

  constructor(ctx: ControllerContext, o: NodeIPAMOptions = {}) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("cidrAllocator");
    this.set = new CidrSet(
      o.clusterCIDR ?? ctx.options.clusterCIDR ?? "10.42.0.0/16",
      o.nodeCIDRMaskSize ?? ctx.options.nodeCIDRMaskSize ?? 24,
    );
    this.workers = o.workers ?? 30;
    this.client = clientFor<NodeObj>(ctx.client, nodeResource);
    this.informer = ctx.informers.informerFor<NodeObj>(nodeResource);
    this.informer.addEventHandler({
      onAdd: (n) => this.queue.add(n.metadata.name),
      onUpdate: (old, n) => {
        if (!podCIDRsOf(n).length || podCIDRsOf(old).join() !== podCIDRsOf(n).join())
          this.queue.add(n.metadata.name);
      },
      onDelete: (n) => this.queue.add(n.metadata.name),
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!(await waitForCacheSync(signal, this.informer))) return;
    // Existing blocks first, so nothing is handed out twice after a restart.
    for (const n of this.informer.lister.list()) this.occupy(n);
    this.log.info(
      { clusterCIDR: this.set.clusterCIDR, free: this.set.free },
      "Starting range CIDR allocator",
    );
    await runWorkers(
      this.queue,
      this.workers,
      (name) => this.sync(name),
      signal,
      (name, err) => this.log.warn({ node: name, err: String(err) }, "Failed to update node PodCIDR"),
    );
  }

  private occupy(n: DeepReadonly<NodeObj>): void {
    const cidrs = podCIDRsOf(n);
    if (!cidrs.length) return;
    const name = n.metadata.name;
    const prev = this.held.get(name);
    if (prev && prev !== cidrs[0]) this.set.release(prev);
    const err = this.set.occupy(cidrs[0]);
    if (err)
      this.log.error({ node: name, podCIDR: cidrs[0], err: err.error }, "Node PodCIDR is not ours to manage");
    else this.held.set(name, cidrs[0]);
  }

  async sync(name: string): Promise<void> {
    const node = this.informer.lister.get("", name);
    if (!node) {
      const cidr = this.held.get(name);
      if (cidr) {
        this.set.release(cidr);
        this.held.delete(name);
        this.log.info({ node: name, podCIDR: cidr }, "Released PodCIDR of deleted node");
        // Nodes that found the range exhausted may fit now.
        for (const n of this.informer.lister.list())
          if (!podCIDRsOf(n).length) this.queue.add(n.metadata.name);
      }
      return;
    }
    if (podCIDRsOf(node).length) return this.occupy(node);
    let cidr = this.held.get(name);
    if (!cidr) {
      const r = this.set.allocateNext();
      if ("error" in r) {
        this.recordNodeStatusChange(node, "CIDRNotAvailable");
        this.log.error({ node: name, err: r.error }, "Failed to allocate CIDR for node");
        return;
      }
      cidr = r.cidr;
      this.held.set(name, cidr);
    }
    try {
      await this.client.patch("", name, "merge", { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
      this.log.info({ node: name, podCIDRs: [cidr] }, "Set node PodCIDR");
    } catch (e) {
      if (isNotFound(e)) return; // deleted meanwhile; the delete event releases the block
      this.recordNodeStatusChange(node, "CIDRAssignmentFailed");
      this.set.release(cidr);
      this.held.delete(name);
      throw e;
    }
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

export function newNodeIPAMController(ctx: ControllerContext, o: NodeIPAMOptions = {}): Controller {
  return new NodeIPAMController(ctx, o);
}
