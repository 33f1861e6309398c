// Pods nominated to a node by preemption (upstream's nominator): while their victims terminate, other pods
// scheduled to that node must leave room for them (see Framework.runFilterPluginsWithNominatedPods).
import type { NominatingInfo, PodNominator } from "../framework/interface.js";
import type { PodInfo } from "../framework/pod-info.js";
import { podKey } from "../framework/pod-info.js";
import type { Pod } from "../framework/types.js";

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Nominates the pod to info.nominatedNodeName, or to its status.nominatedNodeName when no info is given. */
  addNominatedPod(pi: PodInfo, info?: NominatingInfo): void {
    this.deleteNominatedPodIfExists(pi.pod);
    let node = pi.pod.status?.nominatedNodeName ?? "";
    if (info) {
      if (info.mode === "override") node = info.nominatedNodeName;
      else if (info.mode === "noop" && !node) return;
    }
    // Bound pods are not nominated.
    if (!node || pi.pod.spec?.nodeName) return;
    this.nodeOf.set(pi.key, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(pi);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    const key = podKey(pod);
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node);
    if (!list) return;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  /** Re-nominates an updated pod unless the update cleared its nomination. */
  updateNominatedPod(oldPod: Pod, pi: PodInfo): void {
    const key = podKey(oldPod);
    const had = this.nodeOf.get(key);
    let info: NominatingInfo | undefined;
    // An update that does not carry the nomination yet (the status patch is still in flight) keeps it.
    if (had && !oldPod.status?.nominatedNodeName && !pi.pod.status?.nominatedNodeName)
      info = { nominatedNodeName: had, mode: "override" };
    this.deleteNominatedPodIfExists(oldPod);
    this.addNominatedPod(pi, info);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? empty;
  }

  get size(): number {
    return this.nodeOf.size;
  }
}

const empty: readonly PodInfo[] = Object.freeze([]);
