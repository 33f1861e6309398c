// Simulated nodes (what KWOK does): N Node objects whose "kubelet" runs no processes. It registers each node
// with its whole status, renews one Lease per node in kube-node-lease, posts node status when it changes or
// every report period, and moves pods bound to its nodes to Running/Ready — and, once deleted, to terminated
// and away — as a real kubelet reports them. One ticker walks all nodes (no timer per node); one shared pod
// informer serves every node (no watch per node); all writes share one concurrency budget.
import type { RestClient, ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import type { SharedInformerFactory } from "../../client/informer/factory.js";
import type { Informer } from "../../client/informer/informer.js";
import { keyOf, splitKey, type DeepReadonly } from "../../client/informer/cache.js";
import { isAlreadyExists, isConflict, isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers, type ReconcileResult } from "../../client/workqueue/worker.js";
import { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import { nodes as nodeResource } from "../../api/core/v1/node.js";
import type { Node } from "../../api/core/v1/node.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import type { PodStatus } from "../../api/core/v1/podstatus.js";
import { events as eventResource } from "../../api/core/v1/event.js";
import { leases as leaseResource } from "../../api/coordination/v1/lease.js";
import { resolveOptions, type ResolvedOptions, type SimulatedNodesOptions } from "./options.js";
import {
  buildNode,
  kubeletConditions,
  kubeletConditionsChanged,
  simulatedNodeAnnotation,
  simulatedNodeName,
} from "./nodeobject.js";
import { buildNodeLease, nodeLeaseNamespace, renewedLease, type NodeLease } from "./lease.js";
import {
  completedPodStatus,
  isReportedRunning,
  isReportedTerminated,
  runningPodStatus,
  runsToCompletion,
} from "./podstatus.js";
import { PodIPAllocator, ipv4Nth } from "./podips.js";
import { heartbeatDue, nextRenewal, type HeartbeatState } from "./heartbeat.js";
import { Limiter } from "./limiter.js";

export interface SimulatorContext {
  client: RestClient;
  informers: SharedInformerFactory;
  log: Logger;
}

/** The pod index the simulator (and the node lifecycle controller) look pods up by. */
export const podsByNodeIndex = "spec.nodeName";
const byNodeName = (p: Pod) => (p.spec?.nodeName ? [p.spec.nodeName] : []);

interface SimNode extends HeartbeatState {
  name: string;
  index: number;
  hostIP: string;
  uid?: string;
  registered: boolean;
  /** The node was deleted from the API: this kubelet stops, as a real one whose Node is gone. */
  gone: boolean;
  lease?: NodeLease;
  ips?: PodIPAllocator;
  recorder?: EventRecorder;
  /** Stopped through the node's annotation (and so resumed when it goes). */
  stoppedByAnnotation?: boolean;
}

/** Set to "stopped" on a simulated node to stop its kubelet. */
export const simulatedKubeletAnnotation = "k8ts.io/simulated-kubelet";

type ReadonlyPod = DeepReadonly<Pod>;

export class SimulatedNodes {
  readonly name = "simulated-kubelet";
  readonly options: ResolvedOptions;
  private readonly nodes = new Map<string, SimNode>();
  private readonly nodeClient: ResourceClient<Node>;
  private readonly podClient: ResourceClient<Pod>;
  private readonly leaseClient: ResourceClient<NodeLease>;
  private readonly nodeInformer: Informer<Node & { metadata: { name: string } }>;
  private readonly podInformer: Informer<Pod & { metadata: { name: string } }>;
  private readonly queue = new WorkQueue<string>();
  private readonly limiter: Limiter;
  private readonly log: Logger;
  /** Pod UID → what this kubelet last wrote, so a lagging cache does not cause a second identical write. */
  /** What this kubelet last wrote for each pod, and the resourceVersion the pod had in the cache then: until the
   * cache moves past that version, the write is on its way and the pod is not judged again. A later version
   * that no longer shows the write (the node lifecycle controller marks pods not Ready while their node is
   * NotReady) is written again, as upstream's status manager reconciles the API with its own status. */
  private readonly written = new Map<
    string,
    { state: "Running" | "Succeeded" | "Deleted"; seenRV: string }
  >();
  /** Pod UID → the address it was given. */
  private readonly podIPs = new Map<string, { node: string; ip: string }>();
  private registeredCount = 0;
  private markRegistered!: () => void;
  private readonly registration = new Promise<void>((r) => (this.markRegistered = r));

  constructor(
    private readonly ctx: SimulatorContext,
    opts: SimulatedNodesOptions,
  ) {
    this.options = resolveOptions(opts);
    this.log = ctx.log.child({ component: this.name });
    this.limiter = new Limiter(this.options.concurrency);
    this.nodeClient = clientFor<Node>(ctx.client, nodeResource);
    this.podClient = clientFor<Pod>(ctx.client, podResource);
    this.leaseClient = clientFor<NodeLease>(ctx.client, leaseResource);
    const o = this.options;
    for (let i = o.startIndex; i < o.startIndex + o.count; i++) {
      const name = simulatedNodeName(o, i);
      this.nodes.set(name, {
        name,
        index: i,
        hostIP: ipv4Nth(o.nodeIPRange, i + 1),
        registered: false,
        gone: false,
        alive: true,
        busy: false,
        nextRenewAt: Infinity,
        lastStatusReportAt: 0,
      });
    }
    this.nodeInformer = ctx.informers.informerFor(nodeResource);
    this.podInformer = ctx.informers.informerFor<Pod & { metadata: { name: string } }>(podResource, {
      [podsByNodeIndex]: byNodeName,
    });
    this.nodeInformer.addEventHandler({
      onAdd: (cur) => this.followStopAnnotation(cur),
      onUpdate: (old, cur) => {
        const n = this.nodes.get(cur.metadata.name);
        // A podCIDR arriving (node IPAM) unblocks the node's pods waiting for an address.
        if (n && old.spec?.podCIDR !== cur.spec?.podCIDR) this.enqueueNodePods(n.name);
        this.followStopAnnotation(cur);
      },
      onDelete: (node) => {
        const n = this.nodes.get(node.metadata.name);
        if (n && n.registered && n.uid === node.metadata.uid) {
          n.gone = true;
          this.log.info({ node: n.name }, "Node was deleted; its simulated kubelet stops");
        }
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.enqueuePod(p),
      onUpdate: (_, p) => this.enqueuePod(p),
      onDelete: (p) => this.forgetPod(p),
    });
  }

  /** Node names this simulator owns, in index order. */
  get nodeNames(): string[] {
    return [...this.nodes.keys()];
  }

  /** Resolves once every node has been registered (or found registered); each lease follows on the next tick. */
  registered(): Promise<void> {
    return this.registration;
  }

  get registeredNodes(): number {
    return this.registeredCount;
  }

  /** Stops a node's kubelet: no more lease renewals, node status or pod updates (a dead or partitioned node). */
  stopHeartbeat(name: string): boolean {
    const n = this.nodes.get(name);
    if (!n) return false;
    n.alive = false;
    this.log.info({ node: name }, "Simulated kubelet stopped");
    return true;
  }

  /** Starts a stopped node's kubelet again: it renews at once, re-posts status and catches up on its pods. */
  resumeHeartbeat(name: string): boolean {
    const n = this.nodes.get(name);
    if (!n) return false;
    n.alive = true;
    n.nextRenewAt = this.options.now();
    n.lastStatusReportAt = -Infinity;
    this.log.info({ node: name }, "Simulated kubelet resumed");
    this.enqueueNodePods(name);
    return true;
  }

  /**
   * `kubectl annotate node sim-2 k8ts.io/simulated-kubelet=stopped` stops that node's kubelet (removing the
   * annotation starts it again), so end-to-end tests can kill a node from outside the process.
   */
  private followStopAnnotation(node: DeepReadonly<Node>): void {
    const n = this.nodes.get(node.metadata?.name ?? "");
    if (!n) return;
    const stop = node.metadata?.annotations?.[simulatedKubeletAnnotation] === "stopped";
    if (stop && n.alive) {
      n.stoppedByAnnotation = true;
      this.stopHeartbeat(n.name);
    } else if (!stop && !n.alive && n.stoppedByAnnotation) {
      n.stoppedByAnnotation = false;
      this.resumeHeartbeat(n.name);
    }
  }

  isAlive(name: string): boolean {
    return this.nodes.get(name)?.alive ?? false;
  }

  async run(signal: AbortSignal): Promise<void> {
    this.ctx.informers.start(signal);
    const o = this.options;
    const tickMs = Math.max(50, Math.min(1000, Math.floor(o.heartbeatMs / 4)));
    const ticker = setInterval(() => this.tick(), tickMs);
    const workers = runWorkers(
      this.queue,
      o.concurrency,
      (key) => this.syncPod(key),
      signal,
      (key, err, n) => this.log.warn({ pod: key, retries: n, err: String(err) }, "Pod status sync failed"),
    );
    try {
      await this.registerAll(signal);
      this.markRegistered();
      await workers;
    } finally {
      clearInterval(ticker);
    }
  }

  // ---- registration -------------------------------------------------------------------------------------

  // kube-node-lease is the API server's (its system namespaces), not the kubelet's to create: the simulated
  // nodes' identity may not create namespaces.
  private async registerAll(signal: AbortSignal): Promise<void> {
    const started = performance.now();
    await Promise.all([...this.nodes.values()].map((n) => this.registerWithRetry(n, signal)));
    this.log.info(
      { nodes: this.registeredCount, ms: Math.round(performance.now() - started) },
      "Simulated nodes registered",
    );
  }

  /** registerWithAPIServer: tries until it succeeds, backing off from 100 ms to 7 s, as the kubelet does. */
  private async registerWithRetry(n: SimNode, signal: AbortSignal): Promise<void> {
    let step = 100;
    while (!signal.aborted) {
      try {
        await this.limiter.run(() => this.register(n));
        return;
      } catch (e) {
        this.log.error({ node: n.name, err: String(e) }, "Unable to register node with API server");
      }
      await new Promise((r) => setTimeout(r, step));
      step = Math.min(step * 2, 7000);
    }
  }

  private async register(n: SimNode): Promise<void> {
    const o = this.options;
    const now = o.now();
    let node: Node;
    const want = buildNode(o, n.index, now);
    try {
      node = await this.nodeClient.create("", want);
      n.lastStatusReportAt = now;
      // The kubelet registers with its status; a server that drops status on create gets it posted at once
      // (the kubelet's first node status sync would do the same a moment later).
      if (kubeletConditionsChanged(node.status?.conditions))
        node = await this.nodeClient.patch(
          "",
          n.name,
          "merge",
          { status: want.status },
          { subresource: "status" },
        );
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      node = await this.nodeClient.get("", n.name);
      if (node.metadata?.annotations?.[simulatedNodeAnnotation] !== "true") {
        this.log.error({ node: n.name }, "A node of that name exists and is not simulated; leaving it alone");
        return;
      }
      // Re-registration of our own node after a restart: status is re-posted by the first tick.
      n.lastStatusReportAt = -Infinity;
    }
    n.uid = node.metadata?.uid ?? "";
    n.registered = true;
    // The lease controller runs beside registration: the first tick creates the lease (it needs the UID).
    n.nextRenewAt = o.now();
    this.registeredCount++;
    this.log.debug({ node: n.name }, "Successfully registered node");
  }

  private async ensureLease(n: SimNode, now: number): Promise<void> {
    const o = this.options;
    try {
      n.lease = await this.leaseClient.create(
        nodeLeaseNamespace,
        buildNodeLease({ name: n.name, uid: n.uid ?? "" }, o.leaseDurationSeconds, now),
      );
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const cur = await this.leaseClient.get(nodeLeaseNamespace, n.name);
      n.lease = await this.leaseClient.update(
        nodeLeaseNamespace,
        n.name,
        renewedLease(cur, o.leaseDurationSeconds, now),
      );
    }
  }

  // ---- heartbeats ---------------------------------------------------------------------------------------

  private tick(): void {
    const o = this.options;
    const now = o.now();
    for (const n of this.nodes.values()) {
      if (!n.registered || n.gone) continue;
      const cached = this.nodeInformer.lister.get("", n.name);
      const changed = !!cached && kubeletConditionsChanged(cached.status?.conditions);
      const due = heartbeatDue(n, now, changed, o.nodeStatusReportMs);
      if (!due.renewLease && !due.postStatus) continue;
      n.busy = true;
      void this.limiter
        .run(async () => {
          if (due.renewLease) await this.renewLease(n);
          if (due.postStatus) await this.postNodeStatus(n);
        })
        .catch((e: unknown) => this.log.warn({ node: n.name, err: String(e) }, "Heartbeat failed"))
        .finally(() => (n.busy = false));
    }
  }

  /** The lease controller's loop body: create the lease if there is none yet, else renew it. */
  private async renewLease(n: SimNode): Promise<void> {
    const o = this.options;
    const now = o.now();
    const held = n.lease;
    const first = !held;
    try {
      if (!held) await this.ensureLease(n, now);
      else
        n.lease = await this.leaseClient.update(
          nodeLeaseNamespace,
          n.name,
          renewedLease(held, o.leaseDurationSeconds, now),
        );
    } catch (e) {
      // Someone else wrote it: start from the server's copy, as the lease controller does; gone: create it.
      if (isConflict(e)) {
        const cur = await this.leaseClient.get(nodeLeaseNamespace, n.name);
        n.lease = await this.leaseClient.update(
          nodeLeaseNamespace,
          n.name,
          renewedLease(cur, o.leaseDurationSeconds, now),
        );
      } else if (isNotFound(e)) await this.ensureLease(n, now);
      else throw e;
    } finally {
      // Real kubelets start at unrelated times: spread the first renewals over one interval, not in a burst.
      if (!n.lease) n.nextRenewAt = o.now();
      else if (first) n.nextRenewAt = o.now() + o.heartbeatMs * Math.random();
      else n.nextRenewAt = nextRenewal(o.now(), o.heartbeatMs, Math.random());
    }
  }

  private async postNodeStatus(n: SimNode): Promise<void> {
    const now = this.options.now();
    const cached = this.nodeInformer.lister.get("", n.name);
    if (!cached) {
      if (this.nodeInformer.hasSynced()) n.lastStatusReportAt = now; // not in the cache yet
      return;
    }
    try {
      await this.nodeClient.patch(
        "",
        n.name,
        "merge",
        // Everything the kubelet owns in status (capacity, addresses, nodeInfo too: a server may have dropped them).
        {
          status: {
            ...buildNode(this.options, n.index, now).status,
            conditions: kubeletConditions(cached.status?.conditions, now),
          },
        },
        { subresource: "status" },
      );
      n.lastStatusReportAt = now;
    } catch (e) {
      if (isNotFound(e)) n.gone = true;
      else throw e;
    }
  }

  // ---- pods ---------------------------------------------------------------------------------------------

  private enqueuePod(p: ReadonlyPod): void {
    const node = p.spec?.nodeName;
    if (node && this.nodes.has(node)) this.queue.add(keyOf(p));
  }

  private enqueueNodePods(node: string): void {
    for (const p of this.podInformer.lister.byIndex(podsByNodeIndex, node)) this.queue.add(keyOf(p));
  }

  private forgetPod(p: ReadonlyPod): void {
    const uid = p.metadata?.uid;
    if (!uid) return;
    this.releaseIP(uid);
    this.written.delete(uid);
  }

  private releaseIP(uid: string): void {
    const a = this.podIPs.get(uid);
    if (!a) return;
    this.podIPs.delete(uid);
    this.nodes.get(a.node)?.ips?.release(a.ip);
  }

  /** The node's address allocator, rebuilt from the pods already running there (after a restart). */
  private allocator(n: SimNode): PodIPAllocator | undefined {
    const cidr = this.nodeInformer.lister.get("", n.name)?.spec?.podCIDR;
    if (!cidr) return undefined;
    if (n.ips?.cidr === cidr) return n.ips;
    let ips: PodIPAllocator;
    try {
      ips = new PodIPAllocator(cidr);
    } catch {
      this.log.warn({ node: n.name, podCIDR: cidr }, "Pod CIDR is not IPv4; pods there get no address");
      return undefined;
    }
    for (const p of this.podInformer.lister.byIndex(podsByNodeIndex, n.name)) {
      const ip = p.status?.podIP;
      const uid = p.metadata?.uid;
      if (ip && uid && !p.spec?.hostNetwork && ips.reserve(ip)) this.podIPs.set(uid, { node: n.name, ip });
    }
    n.ips = ips;
    return ips;
  }

  private podIP(n: SimNode, pod: ReadonlyPod): string | undefined {
    if (pod.spec?.hostNetwork) return n.hostIP;
    const uid = pod.metadata?.uid ?? "";
    const have = this.podIPs.get(uid);
    if (have) return have.ip;
    const ips = this.allocator(n);
    if (!ips) return undefined;
    const ip = ips.allocate();
    if (ip) this.podIPs.set(uid, { node: n.name, ip });
    return ip;
  }

  private recorderFor(n: SimNode): EventRecorder | undefined {
    if (!this.options.podEvents) return undefined;
    n.recorder ??= new EventRecorder({
      events: clientFor(this.ctx.client, eventResource),
      component: "kubelet",
      host: n.name,
      onError: (e) => this.log.debug({ err: String(e) }, "Event not recorded"),
    });
    return n.recorder;
  }

  private async syncPod(key: string): Promise<ReconcileResult | void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) return;
    const n = this.nodes.get(pod.spec?.nodeName ?? "");
    if (!n || !n.registered || !n.alive || n.gone) return;
    const uid = pod.metadata?.uid ?? "";
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp) return this.terminate(n, pod);
    if (phase === "Succeeded" || phase === "Failed") {
      this.releaseIP(uid);
      return;
    }
    const o = this.options;
    if (isReportedRunning(pod)) {
      if (o.podCompletionMs === undefined || !runsToCompletion(pod)) return;
      const started = Date.parse(pod.status?.startTime ?? "");
      const wait = (Number.isNaN(started) ? o.now() : started) + o.podCompletionMs - o.now();
      if (wait > 0) return { requeueAfterMs: wait };
      if (this.inFlight(pod, "Succeeded")) return;
      await this.writeStatus(pod, completedPodStatus(pod, o.now()));
      this.wrote(pod, "Succeeded");
      return;
    }
    if (this.inFlight(pod, "Running")) return; // our write has not reached the cache yet
    const ip = this.podIP(n, pod);
    if (!ip) {
      this.log.debug({ pod: key, node: n.name }, "Pod waits for the node's podCIDR or a free address");
      return;
    }
    await this.writeStatus(pod, runningPodStatus(pod, { podIP: ip, hostIP: n.hostIP, nowMs: o.now() }));
    this.wrote(pod, "Running");
    const rec = this.recorderFor(n);
    if (rec)
      for (const c of pod.spec?.containers ?? []) {
        const ref = podRef(pod);
        rec.event(ref, "Normal", "Pulled", `Container image "${c.image}" already present on machine`);
        rec.event(ref, "Normal", "Created", `Created container: ${c.name}`);
        rec.event(ref, "Normal", "Started", `Started container ${c.name}`);
      }
  }

  private wrote(pod: ReadonlyPod, state: "Running" | "Succeeded" | "Deleted"): void {
    this.written.set(pod.metadata?.uid ?? "", { state, seenRV: pod.metadata?.resourceVersion ?? "" });
  }

  /** Whether our last write for the pod was this state and the cache has not moved past the version we wrote on. */
  private inFlight(pod: ReadonlyPod, state: "Running" | "Succeeded"): boolean {
    const w = this.written.get(pod.metadata?.uid ?? "");
    return w?.state === state && w.seenRV === (pod.metadata?.resourceVersion ?? "");
  }

  /** A deleted pod: its containers stop at once, the final status is posted, then the pod object is removed. */
  private async terminate(n: SimNode, pod: ReadonlyPod): Promise<void> {
    const uid = pod.metadata?.uid ?? "";
    if (this.written.get(uid)?.state === "Deleted") return;
    const ns = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    const rec = this.recorderFor(n);
    if (rec && pod.status?.phase === "Running")
      for (const c of pod.spec?.containers ?? [])
        rec.event(podRef(pod), "Normal", "Killing", `Stopping container ${c.name}`);
    // A conflict here is a stale cache: it throws, and the pod is judged again from the fresher one.
    if (!isReportedTerminated(pod)) await this.writeStatus(pod, completedPodStatus(pod, this.options.now()));
    try {
      await this.limiter.run(() =>
        this.podClient.delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid } }),
      );
    } catch (e) {
      // Gone already, or replaced by a new pod of the same name (UID precondition): nothing left to do.
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    this.wrote(pod, "Deleted");
    this.releaseIP(uid);
  }

  /**
   * Writes the pod's status with the cached object's resourceVersion (a conflict re-queues the pod, which is
   * then judged again from the fresher cache). A PUT costs the server less than the kubelet's patch.
   */
  private async writeStatus(pod: ReadonlyPod, status: PodStatus): Promise<void> {
    const ns = pod.metadata?.namespace ?? "";
    const name = pod.metadata?.name ?? "";
    await this.limiter.run(() => this.podClient.updateStatus(ns, name, { ...(pod as Pod), status }));
  }
}

function podRef(pod: ReadonlyPod) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
      resourceVersion: pod.metadata?.resourceVersion,
    },
  };
}

/** Creates the simulator; call run(signal) to register the nodes and keep them alive. */
export function createSimulatedNodes(ctx: SimulatorContext, opts: SimulatedNodesOptions): SimulatedNodes {
  return new SimulatedNodes(ctx, opts);
}
