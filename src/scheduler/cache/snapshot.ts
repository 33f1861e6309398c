// The node view one scheduling cycle works on (upstream's Snapshot): NodeInfo copies taken from the cache at
// the start of the cycle, so plugins see one consistent state. Updated incrementally (only NodeInfos whose
// generation moved are copied), never rebuilt per cycle.
import { NodeInfo } from "../framework/node-info.js";
import { PodInfo } from "../framework/pod-info.js";
import type { SharedLister } from "../framework/interface.js";
import type { Node, Pod } from "../framework/types.js";

export class Snapshot implements SharedLister {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];
  /** The cache generation this snapshot reflects. */
  generation = 0;

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }
  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }
  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinityNodeInfoList;
  }
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinityNodeInfoList;
  }
  numNodes(): number {
    return this.nodeInfoList.length;
  }

  /** Rebuilds the lists from the map in the given node order. */
  rebuildLists(order: readonly string[], all: boolean): void {
    if (all) {
      this.nodeInfoList = [];
      for (const name of order) {
        const ni = this.nodeInfoMap.get(name);
        if (ni) this.nodeInfoList.push(ni);
      }
    }
    this.havePodsWithAffinityNodeInfoList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityNodeInfoList = this.nodeInfoList.filter(
      (n) => n.podsWithRequiredAntiAffinity.length > 0,
    );
  }
}

/** A snapshot straight from objects (upstream's NewSnapshot), for plugin tests and preemption simulations. */
export function newSnapshot(
  pods: readonly Pod[],
  nodes: readonly Node[],
  podInfo = (p: Pod) => new PodInfo(p),
): Snapshot {
  const s = new Snapshot();
  // Which nodes hold each image (createImageExistenceMap).
  const holders = new Map<string, Set<string>>();
  for (const n of nodes)
    for (const img of n.status?.images ?? [])
      for (const name of img.names ?? []) {
        let set = holders.get(name);
        if (!set) holders.set(name, (set = new Set()));
        set.add(n.metadata.name ?? "");
      }
  for (const n of nodes) {
    const ni = new NodeInfo();
    ni.setNode(n);
    for (const img of n.status?.images ?? [])
      for (const name of img.names ?? [])
        ni.imageStates.set(name, { size: img.sizeBytes ?? 0, numNodes: holders.get(name)!.size });
    s.nodeInfoMap.set(n.metadata.name ?? "", ni);
  }
  for (const p of pods) {
    const name = p.spec?.nodeName;
    if (!name) continue;
    let ni = s.nodeInfoMap.get(name);
    if (!ni) s.nodeInfoMap.set(name, (ni = new NodeInfo()));
    ni.addPodInfo(podInfo(p));
  }
  s.rebuildLists(
    nodes.map((n) => n.metadata.name ?? ""),
    true,
  );
  return s;
}
