// NodeResourcesBalancedAllocation: prefers nodes whose resources would be used in even proportions with the
// pod on them; score = (1 − standard deviation of the requested/allocatable fractions) × 100.
import type { PreScorePlugin, ScorePlugin } from "../../framework/interface.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState, StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { maxNodeScore } from "../../framework/types.js";
import {
  ResourceAllocationScorer,
  defaultResources,
  type ResourceSpec,
} from "../noderesources/resource-allocation.js";
import { names } from "../names.js";

export interface NodeResourcesBalancedAllocationArgs {
  resources?: ResourceSpec[];
}

const preScoreStateKey = "PreScore" + names.NodeResourcesBalancedAllocation;

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** balancedResourceScorer: fractions capped at 1; for two resources std = |f1 − f2| / 2. */
export function balancedResourceScorer(requested: Float64Array, allocatable: Float64Array): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i] / allocatable[i], 1);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * maxNodeScore);
}

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = names.NodeResourcesBalancedAllocation;
  private readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesBalancedAllocationArgs = {}) {
    const resources = args.resources?.length ? args.resources : defaultResources;
    this.scorer = new ResourceAllocationScorer(resources, balancedResourceScorer, true);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    const requests = this.scorer.podRequests(pod);
    // Best-effort pods are not scored, so that they do not all pile onto one node.
    if (requests.every((r) => r === 0)) return Status.of(Code.Skip);
    state.write(preScoreStateKey, new PreScoreState(requests));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(preScoreStateKey);
    return this.scorer.score(s ? s.podRequests : this.scorer.podRequests(pod), nodeInfo);
  }
}
