// The kubelet's node loops: registration (registerWithAPIServer), the node Lease renewed every 10 s, and
// node status posted when it changes or at least every nodeStatusReportFrequency (5 min), checked every
// nodeStatusUpdateFrequency (10 s). Conditions moving record upstream's node events (NodeReady, ...).
import os from "node:os";
import type { ResourceClient } from "../../client/rest/client.js";
import { isAlreadyExists, isConflict, isNotFound } from "../../client/rest/errors.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import type { Node } from "../../api/core/v1/node.js";
import { buildNodeLease, nodeLeaseNamespace, renewedLease, type NodeLease } from "../simulated/lease.js";
import { sleep } from "../../client/wait/sleep.js";
import { machineInfo } from "./machine.js";
import {
  conditionsChanged,
  nodeConditions,
  nodeLabels,
  nodeStatus,
  podIsolationMessage,
  type ConditionFacts,
  type NodeFacts,
} from "./node.js";

export const nodeLeaseRenewIntervalMs = 10_000;
export const nodeLeaseDurationSeconds = 40;
export const nodeStatusUpdateFrequencyMs = 10_000;
export const nodeStatusReportFrequencyMs = 5 * 60_000;

const conditionEvent: Record<string, Record<string, string>> = {
  MemoryPressure: { False: "NodeHasSufficientMemory", True: "NodeHasInsufficientMemory" },
  DiskPressure: { False: "NodeHasNoDiskPressure", True: "NodeHasDiskPressure" },
  PIDPressure: { False: "NodeHasSufficientPID", True: "NodeHasInsufficientPID" },
  Ready: { True: "NodeReady", False: "NodeNotReady" },
};

export interface NodeControllerOptions {
  nodes: ResourceClient<Node>;
  leases: ResourceClient<NodeLease>;
  nodeName: string;
  nodeIP: string;
  rootDir: string;
  maxPods: number;
  kubeletPort: number;
  kubeletVersion: string;
  recorder: EventRecorder;
  log: Logger;
  /** The facts behind the conditions, asked on every status check. */
  conditionFacts(): ConditionFacts;
  /** Refreshes those facts (runtime status) before a check. */
  refresh?(): Promise<void>;
  /** The node's images for status.images (names and sizes, largest first, at most 50 as upstream). */
  images?(): Promise<{ names: string[]; sizeBytes: number }[]>;
}

export class NodeStatusController {
  private uid = "";
  private lease?: NodeLease;
  private lastReport = 0;
  private wake?: () => void;
  /** "runc://1.1.12", known once the runtime answered version(). */
  containerRuntimeVersion = "";

  constructor(private readonly o: NodeControllerOptions) {}

  get nodeUID(): string {
    return this.uid;
  }

  private nodeRef() {
    // The kubelet refers to its node with the node's name as UID (as upstream's nodeRef).
    return { apiVersion: "v1", kind: "Node", metadata: { name: this.o.nodeName, uid: this.o.nodeName } };
  }

  private async facts(): Promise<NodeFacts> {
    return {
      nodeName: this.o.nodeName,
      nodeIP: this.o.nodeIP,
      hostname: os.hostname(),
      machine: await machineInfo(this.o.rootDir),
      maxPods: this.o.maxPods,
      kubeletPort: this.o.kubeletPort,
      kubeletVersion: this.o.kubeletVersion,
      containerRuntimeVersion: this.containerRuntimeVersion,
      os: process.platform === "win32" ? "windows" : process.platform,
    };
  }

  /** Registers the node, trying until it succeeds (back-off 100 ms doubling to 7 s). */
  async register(signal: AbortSignal): Promise<void> {
    let step = 100;
    while (!signal.aborted) {
      try {
        await this.tryRegister();
        return;
      } catch (e) {
        this.o.log.error(
          { node: this.o.nodeName, err: String(e) },
          "Unable to register node with API server",
        );
      }
      await new Promise((r) => setTimeout(r, step));
      step = Math.min(step * 2, 7000);
    }
  }

  private async tryRegister(): Promise<void> {
    const f = await this.facts();
    const cf = this.o.conditionFacts();
    const now = Date.now();
    const status = { ...nodeStatus(f), conditions: nodeConditions(undefined, cf, now) };
    const node: Node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: this.o.nodeName,
        labels: nodeLabels(f),
        annotations: {
          "node.alpha.kubernetes.io/ttl": "0",
          "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        },
      },
      spec: {},
      status,
    };
    let got: Node;
    try {
      got = await this.o.nodes.create("", node);
      this.o.log.info({ node: this.o.nodeName }, "Successfully registered node");
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      // Registered before: the default labels are reconciled (updateDefaultLabels), the rest is left alone.
      got = await this.o.nodes.patch("", this.o.nodeName, "merge", { metadata: { labels: nodeLabels(f) } });
    }
    this.uid = got.metadata?.uid ?? "";
    this.o.recorder.event(this.nodeRef(), "Normal", "Starting", "Starting kubelet.");
    if (cf.notIsolated)
      this.o.recorder.event(this.nodeRef(), "Warning", "ProcessRuntime", podIsolationMessage);
    await this.postStatus(got);
  }

  /** Posts the node's status (all the kubelet owns) now. */
  async postStatus(current?: Node): Promise<void> {
    const cur = current ?? (await this.o.nodes.get("", this.o.nodeName));
    const now = Date.now();
    const f = await this.facts();
    const conditions = nodeConditions(cur.status?.conditions, this.o.conditionFacts(), now);
    for (const c of conditions) {
      const prev = cur.status?.conditions?.find((x) => x.type === c.type);
      const reason = conditionEvent[c.type]?.[c.status];
      if (reason && prev?.status !== c.status)
        this.o.recorder.event(
          this.nodeRef(),
          "Normal",
          reason,
          `Node ${this.o.nodeName} status is now: ${reason}`,
        );
    }
    const images = this.o.images ? await this.o.images().catch(() => undefined) : undefined;
    await this.o.nodes.patch(
      "",
      this.o.nodeName,
      "merge",
      { status: { ...nodeStatus(f), conditions, ...(images ? { images } : {}) } },
      { subresource: "status" },
    );
    this.lastReport = now;
  }

  /** Checks now instead of at the next tick (a fact behind the conditions changed). */
  poke(): void {
    this.wake?.();
  }

  private async renewLease(): Promise<void> {
    const now = Date.now();
    const held = this.lease;
    try {
      if (held)
        this.lease = await this.o.leases.update(
          nodeLeaseNamespace,
          this.o.nodeName,
          renewedLease(held, nodeLeaseDurationSeconds, now),
        );
      else await this.ensureLease(now);
    } catch (e) {
      if (isConflict(e)) {
        const cur = await this.o.leases.get(nodeLeaseNamespace, this.o.nodeName);
        this.lease = await this.o.leases.update(
          nodeLeaseNamespace,
          this.o.nodeName,
          renewedLease(cur, nodeLeaseDurationSeconds, now),
        );
      } else if (isNotFound(e)) await this.ensureLease(now);
      else throw e;
    }
  }

  private async ensureLease(now: number): Promise<void> {
    try {
      this.lease = await this.o.leases.create(
        nodeLeaseNamespace,
        buildNodeLease({ name: this.o.nodeName, uid: this.uid }, nodeLeaseDurationSeconds, now),
      );
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const cur = await this.o.leases.get(nodeLeaseNamespace, this.o.nodeName);
      this.lease = await this.o.leases.update(
        nodeLeaseNamespace,
        this.o.nodeName,
        renewedLease(cur, nodeLeaseDurationSeconds, now),
      );
    }
  }

  private async checkStatus(): Promise<void> {
    await this.o.refresh?.();
    const cur = await this.o.nodes.get("", this.o.nodeName);
    const changed = conditionsChanged(cur.status?.conditions, this.o.conditionFacts());
    if (changed || Date.now() - this.lastReport >= nodeStatusReportFrequencyMs) await this.postStatus(cur);
  }

  /** The lease and status loops; run after register(). */
  async run(signal: AbortSignal): Promise<void> {
    const lease = (async () => {
      while (!signal.aborted) {
        await this.renewLease().catch((e: unknown) =>
          this.o.log.warn({ err: String(e) }, "Failed to update lease"),
        );
        await sleep(nodeLeaseRenewIntervalMs * (1 + 0.04 * Math.random()), signal);
      }
    })();
    while (!signal.aborted) {
      await sleep(nodeStatusUpdateFrequencyMs, signal, (fn) => (this.wake = fn));
      if (signal.aborted) break;
      await this.checkStatus().catch((e: unknown) =>
        this.o.log.warn({ err: String(e) }, "Error updating node status, will retry"),
      );
    }
    await lease;
  }
}
