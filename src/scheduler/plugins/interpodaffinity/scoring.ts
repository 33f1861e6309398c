// InterPodAffinity's preferences: a score per topology domain from the incoming pod's preferred terms
// (matching existing pods add/subtract the term's weight) and from existing pods' terms the incoming pod
// matches (their required affinity counts hardPodAffinityWeight). Nodes then score by their domains' totals,
// normalized min..max to 0..100.
import type { StateData } from "../../framework/cycle-state.js";
import type { NodeInfo } from "../../framework/node-info.js";
import {
  termMatches,
  type AffinityTerm,
  type PodInfo,
  type WeightedAffinityTerm,
} from "../../framework/pod-info.js";
import type { Node, Pod } from "../../framework/types.js";

type Labels = Readonly<Record<string, string>> | undefined;

/** topologyKey → value → score. */
export type ScoreMap = Map<string, Map<string, number>>;

export class PreScoreState implements StateData {
  readonly topologyScore: ScoreMap = new Map();
  constructor(
    readonly pod: PodInfo,
    readonly preferredAffinityTerms: readonly WeightedAffinityTerm[],
    readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[],
    readonly namespaceLabels: Labels,
  ) {}
  clone(): StateData {
    return this;
  }
}

function processTerm(
  m: ScoreMap,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  nsLabels: Labels,
  node: Node,
  mult: number,
) {
  if (!termMatches(term, pod, nsLabels)) return;
  const v = node.metadata.labels?.[term.topologyKey];
  if (v === undefined) return;
  let byValue = m.get(term.topologyKey);
  if (!byValue) m.set(term.topologyKey, (byValue = new Map()));
  byValue.set(v, (byValue.get(v) ?? 0) + weight * mult);
}

function processTerms(
  m: ScoreMap,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  nsLabels: Labels,
  node: Node,
  mult: number,
) {
  for (const t of terms) processTerm(m, t, t.weight, pod, nsLabels, node, mult);
}

/** One existing pod's contribution (processExistingPod). */
export function processExistingPod(
  s: PreScoreState,
  existing: PodInfo,
  nodeInfo: NodeInfo,
  hardPodAffinityWeight: number,
): void {
  const node = nodeInfo.node;
  if (!node || !node.metadata.labels || Object.keys(node.metadata.labels).length === 0) return;
  const m = s.topologyScore;
  const incoming = s.pod.pod;
  // The incoming pod's terms have their namespaceSelector resolved, so no namespace labels are needed.
  processTerms(m, s.preferredAffinityTerms, existing.pod, undefined, node, 1);
  processTerms(m, s.preferredAntiAffinityTerms, existing.pod, undefined, node, -1);
  if (hardPodAffinityWeight > 0)
    for (const t of existing.requiredAffinityTerms)
      processTerm(m, t, hardPodAffinityWeight, incoming, s.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAffinityTerms, incoming, s.namespaceLabels, node, 1);
  processTerms(m, existing.preferredAntiAffinityTerms, incoming, s.namespaceLabels, node, -1);
}

/** A node's score: the sum of its domains' scores. */
export function scoreNode(s: PreScoreState, labels: Labels): number {
  if (!labels) return 0;
  let score = 0;
  for (const [key, byValue] of s.topologyScore) {
    const v = labels[key];
    if (v !== undefined) score += byValue.get(v) ?? 0;
  }
  return score;
}

/** Scales scores linearly so the lowest becomes 0 and the highest 100 (all 0 when they are equal). */
export function normalize(scores: Float64Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > max) max = scores[i];
    if (scores[i] < min) min = scores[i];
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++)
    // Same float order as upstream: 100 × (fraction), then truncate.
    scores[i] = diff > 0 ? Math.trunc(100 * ((scores[i] - min) / diff)) : 0;
}
