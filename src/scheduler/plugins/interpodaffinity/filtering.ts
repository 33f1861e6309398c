// InterPodAffinity's required rules: counts per topology pair (topologyKey=value) computed once at PreFilter,
// checked per node at Filter.
//  - affinityCounts: existing pods matching ALL the incoming pod's required affinity terms;
//  - antiAffinityCounts: existing pods matching each of its required anti-affinity terms;
//  - existingAntiAffinityCounts: existing pods whose required anti-affinity terms match the incoming pod.
import type { StateData } from "../../framework/cycle-state.js";
import type { NodeInfo } from "../../framework/node-info.js";
import {
  podMatchesAllAffinityTerms,
  termMatches,
  type AffinityTerm,
  type PodInfo,
} from "../../framework/pod-info.js";
import type { Node, Pod } from "../../framework/types.js";

type Labels = Readonly<Record<string, string>> | undefined;

export const errReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const errReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const errReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

/** Counts per topology pair: topologyKey → value → count (entries at 0 are removed). */
export class TopologyCounts {
  readonly m = new Map<string, Map<string, number>>();
  private n = 0;

  /** The number of topology pairs with a count. */
  get size(): number {
    return this.n;
  }
  get(k: string, v: string): number {
    return this.m.get(k)?.get(v) ?? 0;
  }
  add(k: string, v: string, delta: number): void {
    let byValue = this.m.get(k);
    if (!byValue) this.m.set(k, (byValue = new Map()));
    const had = byValue.get(v);
    const c = (had ?? 0) + delta;
    if (c === 0) {
      if (had !== undefined) {
        byValue.delete(v);
        this.n--;
        if (byValue.size === 0) this.m.delete(k);
      }
    } else {
      if (had === undefined) this.n++;
      byValue.set(v, c);
    }
  }
  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, byValue] of this.m) c.m.set(k, new Map(byValue));
    c.n = this.n;
    return c;
  }

  /** If the target pod matches all terms, counts it under each term's topology pair on its node. */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], target: Pod, node: Node, value: number): void {
    if (!podMatchesAllAffinityTerms(terms, target)) return;
    const labels = node.metadata.labels;
    if (!labels) return;
    for (const t of terms) {
      const v = labels[t.topologyKey];
      if (v !== undefined) this.add(t.topologyKey, v, value);
    }
  }

  /** Counts the target pod under each anti-affinity term it matches. */
  updateWithAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    target: Pod,
    nsLabels: Labels,
    node: Node,
    value: number,
  ): void {
    const labels = node.metadata.labels;
    if (!labels) return;
    for (const t of terms) {
      if (!termMatches(t, target, nsLabels)) continue;
      const v = labels[t.topologyKey];
      if (v !== undefined) this.add(t.topologyKey, v, value);
    }
  }
}

export class PreFilterState implements StateData {
  existingAntiAffinityCounts = new TopologyCounts();
  affinityCounts = new TopologyCounts();
  antiAffinityCounts = new TopologyCounts();

  /** The incoming pod's required terms, with namespaceSelectors resolved into namespaces. */
  constructor(
    readonly pod: PodInfo,
    readonly requiredAffinityTerms: readonly AffinityTerm[],
    readonly requiredAntiAffinityTerms: readonly AffinityTerm[],
    readonly namespaceLabels: Labels,
  ) {}

  clone(): StateData {
    const c = new PreFilterState(
      this.pod,
      this.requiredAffinityTerms,
      this.requiredAntiAffinityTerms,
      this.namespaceLabels,
    );
    c.existingAntiAffinityCounts = this.existingAntiAffinityCounts.clone();
    c.affinityCounts = this.affinityCounts.clone();
    c.antiAffinityCounts = this.antiAffinityCounts.clone();
    return c;
  }

  /** Adds (1) or removes (-1) an existing pod, e.g. a nominated pod or a preemption victim. */
  updateWithPod(pi: PodInfo, node: Node, multiplier: number): void {
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
      pi.requiredAntiAffinityTerms,
      this.pod.pod,
      this.namespaceLabels,
      node,
      multiplier,
    );
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinityTerms, pi.pod, node, multiplier);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(
      this.requiredAntiAffinityTerms,
      pi.pod,
      undefined,
      node,
      multiplier,
    );
  }

  /** Computes the three counts over the snapshot. */
  compute(allNodes: readonly NodeInfo[], nodesWithRequiredAntiAffinityPods: readonly NodeInfo[]): void {
    for (const ni of nodesWithRequiredAntiAffinityPods) {
      const node = ni.node;
      if (!node) continue;
      for (const existing of ni.podsWithRequiredAntiAffinity)
        this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
          existing.requiredAntiAffinityTerms,
          this.pod.pod,
          this.namespaceLabels,
          node,
          1,
        );
    }
    if (this.requiredAffinityTerms.length === 0 && this.requiredAntiAffinityTerms.length === 0) return;
    for (const ni of allNodes) {
      const node = ni.node;
      if (!node) continue;
      for (const existing of ni.pods) {
        if (this.requiredAffinityTerms.length)
          this.affinityCounts.updateWithAffinityTerms(this.requiredAffinityTerms, existing.pod, node, 1);
        if (this.requiredAntiAffinityTerms.length)
          this.antiAffinityCounts.updateWithAntiAffinityTerms(
            this.requiredAntiAffinityTerms,
            existing.pod,
            undefined,
            node,
            1,
          );
      }
    }
  }

  /**
   * Every required affinity term's topology must exist on the node with a matching pod in that domain — or,
   * for the first of a group of pods with affinity to themselves, no pod matches anywhere yet and the pod
   * matches its own terms.
   */
  satisfyPodAffinity(nodeInfo: NodeInfo): boolean {
    let podsExist = true;
    const labels = nodeInfo.labels;
    for (const t of this.requiredAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v === undefined) return false;
      if (this.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false;
    }
    if (!podsExist)
      return (
        this.affinityCounts.size === 0 && podMatchesAllAffinityTerms(this.requiredAffinityTerms, this.pod.pod)
      );
    return true;
  }

  /** No pod matching one of the incoming pod's anti-affinity terms in the node's domain for that term. */
  satisfyPodAntiAffinity(nodeInfo: NodeInfo): boolean {
    if (this.antiAffinityCounts.size === 0) return true;
    const labels = nodeInfo.labels;
    for (const t of this.requiredAntiAffinityTerms) {
      const v = labels[t.topologyKey];
      if (v !== undefined && this.antiAffinityCounts.get(t.topologyKey, v) > 0) return false;
    }
    return true;
  }

  /** No existing pod whose anti-affinity the incoming pod would violate in any of the node's domains. */
  satisfyExistingPodsAntiAffinity(nodeInfo: NodeInfo): boolean {
    if (this.existingAntiAffinityCounts.size === 0) return true;
    const labels = nodeInfo.labels;
    // Only the topology keys that have counts can match one of the node's labels.
    for (const [k, byValue] of this.existingAntiAffinityCounts.m) {
      const v = labels[k];
      if (v !== undefined && (byValue.get(v) ?? 0) > 0) return false;
    }
    return true;
  }
}
