// The scheduler's cache (upstream's internal/cache): nodes with the pods bound to them, plus pods the
// scheduler has *assumed* onto a node at Reserve while their binding is still in flight — so the next cycle
// already counts them. An assumed pod is confirmed when the informer shows it bound, forgotten when the bind
// fails, and expired when the binding finished but its confirmation never arrived within the TTL.
// NodeInfos sit in a list ordered by last change, so a snapshot update visits only the nodes that changed.
import { NodeInfo, type ImageStateSummary } from "../framework/node-info.js";
import type { PodInfo } from "../framework/pod-info.js";
import { podKey } from "../framework/pod-info.js";
import type { Node, Pod } from "../framework/types.js";
import { NodeTree } from "./node-tree.js";
import type { Snapshot } from "./snapshot.js";
import type { Logger } from "../../client/log.js";
import { silentLogger } from "../../client/log.js";

interface PodState {
  pi: PodInfo;
  /** When an assumed pod whose binding finished expires (undefined: never). */
  deadline?: number;
  bindingFinished: boolean;
}

class NodeInfoListItem {
  next?: NodeInfoListItem;
  prev?: NodeInfoListItem;
  constructor(readonly info: NodeInfo) {}
}

interface ImageState {
  size: number;
  nodes: Set<string>;
}

export interface CacheOptions {
  /** How long an assumed pod whose binding finished may wait for confirmation (0: forever). Upstream: 15 min. */
  assumedPodTTLMs?: number;
  now?: () => number;
  log?: Logger;
}

export class Cache {
  private readonly nodes = new Map<string, NodeInfoListItem>();
  private head?: NodeInfoListItem;
  private readonly nodeTree = new NodeTree();
  private readonly assumedPods = new Set<string>();
  private readonly podStates = new Map<string, PodState>();
  private readonly imageStates = new Map<string, ImageState>();
  private readonly ttl: number;
  private readonly now: () => number;
  private readonly log: Logger;

  constructor(o: CacheOptions = {}) {
    this.ttl = o.assumedPodTTLMs ?? 15 * 60_000;
    this.now = o.now ?? Date.now;
    this.log = o.log ?? silentLogger;
  }

  // ---- the NodeInfo list, most recently changed first

  private moveToHead(item: NodeInfoListItem): void {
    if (this.head === item) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    item.prev = undefined;
    item.next = this.head;
    if (this.head) this.head.prev = item;
    this.head = item;
  }

  private removeFromList(name: string): void {
    const item = this.nodes.get(name);
    if (!item) return;
    if (item.prev) item.prev.next = item.next;
    if (item.next) item.next.prev = item.prev;
    if (this.head === item) this.head = item.next;
    this.nodes.delete(name);
  }

  private itemFor(nodeName: string): NodeInfoListItem {
    let item = this.nodes.get(nodeName);
    if (!item) {
      item = new NodeInfoListItem(new NodeInfo());
      this.nodes.set(nodeName, item);
    }
    return item;
  }

  // ---- pods

  private addPodToNode(pi: PodInfo): void {
    const item = this.itemFor(pi.pod.spec?.nodeName ?? "");
    item.info.addPodInfo(pi);
    this.moveToHead(item);
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? "";
    const item = this.nodes.get(name);
    if (!item) {
      this.log.error({ pod: podKey(pod), node: name }, "node not found when trying to remove pod");
      return;
    }
    if (!item.info.removePod(pod))
      this.log.error({ pod: podKey(pod), node: name }, "pod not found on its node");
    if (item.info.pods.length === 0 && !item.info.node) this.removeFromList(name);
    else this.moveToHead(item);
  }

  /** Counts a pod on its node (pod.spec.nodeName set) before its binding is confirmed. */
  assumePod(pi: PodInfo): string | undefined {
    const key = pi.key;
    if (this.podStates.has(key))
      return `pod ${pi.namespace}/${pi.name}(${key}) is in the cache, so can't be assumed`;
    this.addPodToNode(pi);
    this.podStates.set(key, { pi, bindingFinished: false });
    this.assumedPods.add(key);
    return undefined;
  }

  /** The bind call returned: from now on the assumed pod may expire. */
  finishBinding(pod: Pod): void {
    const key = podKey(pod);
    const ps = this.podStates.get(key);
    if (ps && this.assumedPods.has(key)) {
      ps.bindingFinished = true;
      ps.deadline = this.ttl > 0 ? this.now() + this.ttl : undefined;
    }
  }

  /** Drops an assumed pod (its binding failed). */
  forgetPod(pod: Pod): string | undefined {
    const key = podKey(pod);
    const ps = this.podStates.get(key);
    if (ps && ps.pi.pod.spec?.nodeName !== pod.spec?.nodeName)
      return `pod ${key} was assumed on ${pod.spec?.nodeName} but assigned to ${ps.pi.pod.spec?.nodeName}`;
    if (!ps || !this.assumedPods.has(key)) return `pod ${key} wasn't assumed so cannot be forgotten`;
    this.removePodFromNode(ps.pi.pod);
    this.podStates.delete(key);
    this.assumedPods.delete(key);
    return undefined;
  }

  /** A bound pod seen by the informer: confirms an assumed pod, or adds it (also after expiry). */
  addPod(pi: PodInfo): void {
    const key = pi.key;
    const ps = this.podStates.get(key);
    if (ps && this.assumedPods.has(key)) {
      this.removePodFromNode(ps.pi.pod);
      this.addPodToNode(pi);
      this.assumedPods.delete(key);
      this.podStates.set(key, { pi, bindingFinished: true });
      return;
    }
    if (ps) {
      this.log.error({ pod: key }, "pod was already in added state");
      return;
    }
    this.addPodToNode(pi);
    this.podStates.set(key, { pi, bindingFinished: true });
  }

  updatePod(oldPod: Pod, pi: PodInfo): void {
    const key = pi.key;
    const ps = this.podStates.get(key);
    if (!ps || this.assumedPods.has(key)) {
      // Not yet confirmed (or expired): treat the update as the confirming add.
      this.addPod(pi);
      return;
    }
    if (ps.pi.pod.spec?.nodeName !== oldPod.spec?.nodeName)
      this.log.error({ pod: key }, "pod updated on a different node than previously added to");
    this.removePodFromNode(ps.pi.pod);
    this.addPodToNode(pi);
    ps.pi = pi;
  }

  removePod(pod: Pod): void {
    const key = podKey(pod);
    const ps = this.podStates.get(key);
    if (!ps) return;
    this.removePodFromNode(ps.pi.pod);
    this.podStates.delete(key);
    this.assumedPods.delete(key);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumedPods.has(podKey(pod));
  }

  getPod(pod: Pod): PodInfo | undefined {
    return this.podStates.get(podKey(pod))?.pi;
  }

  /** Expires assumed pods whose binding finished but was never confirmed within the TTL. */
  cleanupAssumedPods(now = this.now()): void {
    for (const key of [...this.assumedPods]) {
      const ps = this.podStates.get(key);
      if (!ps || !ps.bindingFinished) continue;
      if (ps.deadline !== undefined && now > ps.deadline) {
        this.log.warn(
          { pod: `${ps.pi.namespace}/${ps.pi.name}`, node: ps.pi.pod.spec?.nodeName },
          "assumed pod expired",
        );
        this.removePodFromNode(ps.pi.pod);
        this.podStates.delete(key);
        this.assumedPods.delete(key);
      }
    }
  }

  // ---- nodes

  addNode(node: Node): void {
    const name = node.metadata.name ?? "";
    const item = this.itemFor(name);
    if (item.info.node) this.removeNodeImageStates(item.info.node);
    this.moveToHead(item);
    this.nodeTree.addNode(node);
    this.addNodeImageStates(node, item.info);
    item.info.setNode(node);
  }

  updateNode(oldNode: Node, newNode: Node): void {
    const name = newNode.metadata.name ?? "";
    const item = this.itemFor(name);
    if (item.info.node) this.removeNodeImageStates(item.info.node);
    this.moveToHead(item);
    this.nodeTree.updateNode(item.info.node ?? oldNode, newNode);
    this.addNodeImageStates(newNode, item.info);
    item.info.setNode(newNode);
  }

  /** Removes the node; its NodeInfo stays (without Node) while pods still point at it. */
  removeNode(node: Node): void {
    const name = node.metadata.name ?? "";
    const item = this.nodes.get(name);
    if (!item) return;
    item.info.removeNode();
    if (item.info.pods.length === 0) this.removeFromList(name);
    else this.moveToHead(item);
    this.nodeTree.removeNode(node);
    this.removeNodeImageStates(node);
  }

  private addNodeImageStates(node: Node, info: NodeInfo): void {
    const sum = new Map<string, ImageStateSummary>();
    const name = node.metadata.name ?? "";
    for (const image of node.status?.images ?? []) {
      for (const n of image.names ?? []) {
        let st = this.imageStates.get(n);
        if (!st) this.imageStates.set(n, (st = { size: image.sizeBytes ?? 0, nodes: new Set() }));
        st.nodes.add(name);
        if (!sum.has(n)) sum.set(n, { size: st.size, numNodes: st.nodes.size, nodes: st.nodes });
      }
    }
    info.imageStates = sum;
  }

  private removeNodeImageStates(node: Node): void {
    const name = node.metadata.name ?? "";
    for (const image of node.status?.images ?? []) {
      for (const n of image.names ?? []) {
        const st = this.imageStates.get(n);
        if (!st) continue;
        st.nodes.delete(name);
        if (st.nodes.size === 0) this.imageStates.delete(n);
      }
    }
  }

  get nodeCount(): number {
    return this.nodeTree.numNodes;
  }
  get podCount(): number {
    return this.podStates.size;
  }

  /**
   * Brings a snapshot up to date: copies the NodeInfos changed since its generation (into the snapshot's
   * existing objects, which its lists hold) and rebuilds the lists only when membership changed.
   */
  updateSnapshot(snap: Snapshot): void {
    const gen = snap.generation;
    let updateAll = false;
    let updateAffinityLists = false;
    for (let item = this.head; item; item = item.next) {
      if (item.info.generation <= gen) break;
      const node = item.info.node;
      if (!node) continue;
      const name = node.metadata.name ?? "";
      let existing = snap.nodeInfoMap.get(name);
      if (!existing) {
        updateAll = true;
        existing = new NodeInfo();
        snap.nodeInfoMap.set(name, existing);
      }
      if (
        existing.podsWithAffinity.length > 0 !== item.info.podsWithAffinity.length > 0 ||
        existing.podsWithRequiredAntiAffinity.length > 0 !== item.info.podsWithRequiredAntiAffinity.length > 0
      )
        updateAffinityLists = true;
      existing.copyFrom(item.info);
    }
    if (this.head) snap.generation = this.head.info.generation;
    if (snap.nodeInfoMap.size > this.nodeTree.numNodes) {
      for (const name of [...snap.nodeInfoMap.keys()]) {
        const item = this.nodes.get(name);
        if (!item || !item.info.node) snap.nodeInfoMap.delete(name);
      }
      updateAll = true;
    }
    if (updateAll || updateAffinityLists) snap.rebuildLists(updateAll ? this.nodeTree.list() : [], updateAll);
  }
}
