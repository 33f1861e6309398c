// What the scheduler knows about one node (upstream's NodeInfo): the Node, the pods on it (bound and
// assumed), their summed requests, used host ports and the images present. Kept up to date incrementally by
// the cache; every change bumps `generation` so snapshots copy only what changed.
import type { Node, Pod } from "./types.js";
import { Resource } from "./resource.js";
import { PodInfo, podKey } from "./pod-info.js";

let generationCounter = 0;
/** Monotonic across all NodeInfos, so a deleted-and-recreated node never reuses a generation. */
export const nextGeneration = () => ++generationCounter;

export interface ImageStateSummary {
  /** Bytes. */
  size: number;
  /** How many nodes have the image (as of the snapshot). */
  numNodes: number;
  /** In the cache: the live set of nodes with the image, counted when a snapshot copies the NodeInfo. */
  nodes?: ReadonlySet<string>;
}

/** Host ports in use: hostIP → "protocol/port" (upstream's HostPortInfo). */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>();
  static readonly bindAll = "0.0.0.0";

  private static norm(ip: string, protocol: string, port: number): [string, string] {
    return [ip || HostPortInfo.bindAll, `${protocol || "TCP"}/${port}`];
  }

  add(ip: string, protocol: string, port: number): void {
    const [i, k] = HostPortInfo.norm(ip, protocol, port);
    let m = this.byIP.get(i);
    if (!m) this.byIP.set(i, (m = new Map()));
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  remove(ip: string, protocol: string, port: number): void {
    const [i, k] = HostPortInfo.norm(ip, protocol, port);
    const m = this.byIP.get(i);
    if (!m) return;
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIP.delete(i);
  }

  /** 0.0.0.0 conflicts with the same protocol/port on any IP; a specific IP with itself and 0.0.0.0. */
  checkConflict(ip: string, protocol: string, port: number): boolean {
    const [i, k] = HostPortInfo.norm(ip, protocol, port);
    if (i === HostPortInfo.bindAll) {
      for (const m of this.byIP.values()) if (m.has(k)) return true;
      return false;
    }
    return !!this.byIP.get(i)?.has(k) || !!this.byIP.get(HostPortInfo.bindAll)?.has(k);
  }

  get size(): number {
    return this.byIP.size;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    return c;
  }
}

type Taint = NonNullable<NonNullable<Node["spec"]>["taints"]>[number];
const noLabels: Readonly<Record<string, string>> = Object.freeze({});
const noTaints: readonly Taint[] = Object.freeze([]);

export class NodeInfo {
  /** undefined while pods point at a node the cache has not seen (or that was deleted). */
  node: Node | undefined;
  /** The node's name, labels, taints and cordon, copied out once so hot loops read plain fields. */
  name = "";
  labels: Readonly<Record<string, string>> = noLabels;
  taints: readonly Taint[] = noTaints;
  unschedulable = false;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested = new Resource();
  /** Requested with each container's missing CPU/memory counted as the defaults (for scoring). */
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  imageStates = new Map<string, ImageStateSummary>();
  generation = nextGeneration();

  constructor(...pods: PodInfo[]) {
    for (const p of pods) this.addPodInfo(p);
  }

  setNode(node: Node): void {
    this.node = node;
    this.name = node.metadata.name ?? "";
    this.labels = node.metadata.labels ?? noLabels;
    this.taints = node.spec?.taints ?? noTaints;
    this.unschedulable = node.spec?.unschedulable === true;
    this.allocatable = Resource.fromList(node.status?.allocatable);
    this.generation = nextGeneration();
  }

  removeNode(): void {
    this.node = undefined;
    this.labels = noLabels;
    this.taints = noTaints;
    this.unschedulable = false;
    this.generation = nextGeneration();
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with this pod's key; false when it is not here. */
  removePod(pod: Pod): boolean {
    const key = podKey(pod);
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const pi = this.pods[i];
    removeAt(this.pods, i);
    const a = this.podsWithAffinity.findIndex((p) => p.key === key);
    if (a >= 0) removeAt(this.podsWithAffinity, a);
    const r = this.podsWithRequiredAntiAffinity.findIndex((p) => p.key === key);
    if (r >= 0) removeAt(this.podsWithRequiredAntiAffinity, r);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: number): void {
    const res = pi.resource;
    this.requested.addResource(res.requests, sign);
    this.nonZeroRequested.milliCPU += sign * res.non0CPU;
    this.nonZeroRequested.memory += sign * res.non0Mem;
    for (const hp of pi.hostPorts) {
      if (sign > 0) this.usedPorts.add(hp.hostIP, hp.protocol, hp.hostPort);
      else this.usedPorts.remove(hp.hostIP, hp.protocol, hp.hostPort);
    }
    this.generation = nextGeneration();
  }

  /** A copy for a snapshot or a preemption dry run: pod lists and counters copied, pods and Node shared. */
  clone(): NodeInfo {
    const c = Object.create(NodeInfo.prototype) as NodeInfo;
    c.copyFrom(this);
    return c;
  }

  /** Overwrites this NodeInfo with a copy of another, keeping this object's identity (snapshot lists hold it). */
  copyFrom(o: NodeInfo): void {
    this.node = o.node;
    this.name = o.name;
    this.labels = o.labels;
    this.taints = o.taints;
    this.unschedulable = o.unschedulable;
    this.pods = o.pods.slice();
    this.podsWithAffinity = o.podsWithAffinity.slice();
    this.podsWithRequiredAntiAffinity = o.podsWithRequiredAntiAffinity.slice();
    this.usedPorts = o.usedPorts.size ? o.usedPorts.clone() : new HostPortInfo();
    this.requested = o.requested.clone();
    this.nonZeroRequested = o.nonZeroRequested.clone();
    this.allocatable = o.allocatable.clone();
    if (o.imageStates.size === 0) this.imageStates = o.imageStates;
    else {
      this.imageStates = new Map();
      for (const [k, v] of o.imageStates)
        this.imageStates.set(k, { size: v.size, numNodes: v.nodes?.size ?? v.numNodes });
    }
    this.generation = o.generation;
  }
}

function removeAt<T>(a: T[], i: number): void {
  a[i] = a[a.length - 1];
  a.pop();
}
