// NodeAffinity: the pod's nodeSelector and required node affinity must match the node (Filter); preferred
// terms add their weights (Score, normalized to the best node). Required terms on metadata.name narrow the
// nodes to filter at PreFilter.
import {
  PreFilterResult,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from "../../framework/interface.js";
import { ActionType, QueueingHint, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState, StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { maxNodeScore, type Node } from "../../framework/types.js";
import { defaultNormalizeScore } from "../../framework/normalize-score.js";
import { PreferredSchedulingTerms, RequiredNodeAffinity } from "../../util/nodeaffinity.js";
import { names } from "../names.js";

export const errReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const errReasonConflict = "pod affinity terms conflict";

const preFilterStateKey = "PreFilter" + names.NodeAffinity;
const preScoreStateKey = "PreScore" + names.NodeAffinity;

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerms) {}
  clone(): StateData {
    return this;
  }
}

export class NodeAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.NodeAffinity;

  preFilter(state: CycleState, pod: PodInfo): PreFilterResult | Result {
    const spec = pod.pod.spec;
    const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!req && (!spec?.nodeSelector || Object.keys(spec.nodeSelector).length === 0))
      return Status.of(Code.Skip);
    state.write(preFilterStateKey, new PreFilterState(new RequiredNodeAffinity(pod.pod)));
    const terms = req?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return null;
    // Terms are ORed; a term's metadata.name In requirements are ANDed.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key !== "metadata.name" || r.operator !== "In") continue;
        const s = new Set(r.values ?? []);
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
      }
      // A term without node-name requirements lets every node through.
      if (!termNames) return null;
      nodeNames = nodeNames ? new Set([...nodeNames, ...termNames]) : termNames;
    }
    if (nodeNames && nodeNames.size === 0)
      return Status.of(Code.UnschedulableAndUnresolvable, errReasonConflict);
    return nodeNames ? new PreFilterResult(nodeNames) : null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    const required = s ? s.required : new RequiredNodeAffinity(pod.pod);
    if (!nodeInfo.node || !required.match(nodeInfo.node))
      return Status.of(Code.UnschedulableAndUnresolvable, errReasonPod);
    return null;
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred || preferred.length === 0) return Status.of(Code.Skip);
    state.write(preScoreStateKey, new PreScoreState(new PreferredSchedulingTerms(preferred)));
    return null;
  }

  /** The sum of the weights of the preferred terms the node matches. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(preScoreStateKey);
    const preferred =
      s?.preferred ??
      new PreferredSchedulingTerms(
        pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [],
      );
    return nodeInfo.node ? preferred.score(nodeInfo.node) : 0;
  }

  normalizeScore(
    _state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): Result {
    defaultNormalizeScore(maxNodeScore, false, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        // Worth retrying only when the added or relabelled node now matches the pod.
        hint: (pod, _old, newObj) =>
          new RequiredNodeAffinity(pod).match(newObj as Node) ? QueueingHint.Queue : QueueingHint.QueueSkip,
      },
    ];
  }
}
