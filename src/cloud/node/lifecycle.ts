// The cloud node lifecycle controller (k8s.io/cloud-provider controllers/nodelifecycle): every monitor
// period, a node that is not Ready is asked about in the cloud — shut down: it gets the
// node.cloudprovider.kubernetes.io/shutdown taint; gone: the Node is deleted. A Ready node loses the
// shutdown taint.
import { clientFor } from "../../client/index.js";
import type { Informer } from "../../client/informer/informer.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import type { ResourceClient } from "../../client/rest/client.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { CloudContext } from "../context.js";
import type { Instances, RNode } from "../provider.js";

export const shutdownTaintKey = "node.cloudprovider.kubernetes.io/shutdown";

type NodeObj = Node & KubeObject;

export interface CloudNodeLifecycleOptions {
  /** Upstream --node-monitor-period (5 s). */
  nodeMonitorPeriodMs?: number;
}

export class CloudNodeLifecycleController {
  readonly name = "cloud-node-lifecycle-controller";
  private readonly log: Logger;
  private readonly recorder: EventRecorder;
  private readonly nodes: Informer<NodeObj>;
  private readonly client: ResourceClient<NodeObj>;

  constructor(
    ctx: CloudContext,
    private readonly instances: Instances,
    private readonly o: CloudNodeLifecycleOptions = {},
  ) {
    this.log = ctx.log.child({ controller: this.name });
    this.recorder = ctx.recorder("cloud-node-lifecycle-controller");
    this.client = clientFor<NodeObj>(ctx.client, nodeResource);
    this.nodes = ctx.informers.informerFor<NodeObj>(nodeResource);
  }

  private async setShutdownTaint(name: string, on: boolean): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const node = await this.client.get("", name);
      const taints = node.spec?.taints ?? [];
      const has = taints.some((t) => t.key === shutdownTaintKey);
      if (has === on) return;
      const next = on
        ? [...taints, { key: shutdownTaintKey, effect: "NoSchedule" }]
        : taints.filter((t) => t.key !== shutdownTaintKey);
      try {
        await this.client.update("", name, {
          ...node,
          spec: { ...node.spec, taints: next.length ? next : undefined },
        });
        return;
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    }
  }

  /** One pass over the nodes (upstream's MonitorNodes). */
  async monitorNodes(): Promise<void> {
    for (const node of this.nodes.lister.list() as RNode[]) {
      const name = node.metadata.name ?? "";
      try {
        const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready")?.status ?? "Unknown";
        const tainted = (node.spec?.taints ?? []).some((t) => t.key === shutdownTaintKey);
        if (ready === "True") {
          if (tainted) await this.setShutdownTaint(name, false);
          continue;
        }
        if (await this.instances.instanceShutdown(node)) {
          if (!tainted) await this.setShutdownTaint(name, true);
          continue;
        }
        if (await this.instances.instanceExists(node)) continue;
        this.log.info({ node: name }, "deleting node since it is no longer present in cloud provider");
        this.recorder.event(
          { kind: "Node", metadata: { name, uid: node.metadata.uid } },
          "Normal",
          "DeletingNode",
          `Deleting node ${name} because it does not exist in the cloud provider`,
        );
        await this.client.delete("", name).catch((e) => {
          if (!isNotFound(e)) throw e;
        });
      } catch (e) {
        this.log.warn({ node: name, err: String(e) }, "error checking node in the cloud provider");
      }
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    const aborted = new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true }));
    await Promise.race([this.nodes.waitForSync(), aborted]);
    while (!signal.aborted) {
      await this.monitorNodes();
      await Promise.race([new Promise((r) => setTimeout(r, this.o.nodeMonitorPeriodMs ?? 5000)), aborted]);
    }
  }
}
