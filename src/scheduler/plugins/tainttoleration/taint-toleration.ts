// TaintToleration: a node's NoSchedule/NoExecute taints keep off pods that do not tolerate them (Filter);
// nodes with fewer untolerated PreferNoSchedule taints score higher (Score, reversed normalization).
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../framework/interface.js";
import { ActionType, QueueingHint, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState, StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { maxNodeScore, type Node } from "../../framework/types.js";
import { defaultNormalizeScore } from "../../framework/normalize-score.js";
import {
  doNotScheduleTaint,
  findMatchingUntoleratedTaint,
  tolerationsTolerateTaint,
  type Toleration,
} from "../../util/taints.js";
import { names } from "../names.js";

const preScoreStateKey = "PreScore" + names.TaintToleration;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = names.TaintToleration;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(taints, pod.pod.spec?.tolerations, doNotScheduleTaint);
    if (!taint) return null;
    return Status.of(
      Code.UnschedulableAndUnresolvable,
      `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`,
    );
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    if (nodes.length === 0) return null;
    // A toleration with no effect tolerates every effect, PreferNoSchedule included.
    const tolerations = (pod.pod.spec?.tolerations ?? []).filter(
      (t) => !t.effect || t.effect === "PreferNoSchedule",
    );
    state.write(preScoreStateKey, new PreScoreState(tolerations));
    return null;
  }

  /** The number of PreferNoSchedule taints the pod does not tolerate. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const taints = nodeInfo.taints;
    if (taints.length === 0) return 0;
    const s = state.read<PreScoreState>(preScoreStateKey);
    const tolerations = s ? s.tolerationsPreferNoSchedule : (pod.pod.spec?.tolerations ?? []);
    let n = 0;
    for (const t of taints) {
      if (t.effect !== "PreferNoSchedule") continue;
      if (!tolerationsTolerateTaint(tolerations, t)) n++;
    }
    return n;
  }

  normalizeScore(
    _state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): Result {
    defaultNormalizeScore(maxNodeScore, true, scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        // Worth retrying only when the node's taints are now all tolerated.
        hint: (pod, _old, newObj) => {
          const node = newObj as Node | undefined;
          return findMatchingUntoleratedTaint(node?.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint)
            ? QueueingHint.QueueSkip
            : QueueingHint.Queue;
        },
      },
      { event: { resource: "Pod", actionType: ActionType.UpdatePodToleration } },
    ];
  }
}
