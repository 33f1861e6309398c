// PodTopologySpread: DoNotSchedule constraints filter out nodes where placing the pod would make
// (matching pods in the node's domain + 1) − (the fewest in any domain) exceed maxSkew; ScheduleAnyway
// constraints (and the cluster defaults) score nodes in emptier domains higher.
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../framework/interface.js";
import { ActionType, QueueingHint, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState, StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { labelHostname, maxNodeScore, type Pod } from "../../framework/types.js";
import { matches } from "../../util/labels.js";
import { RequiredNodeAffinity } from "../../util/nodeaffinity.js";
import {
  buildDefaultConstraints,
  countPodsMatchSelector,
  filterConstraints,
  matchNodeInclusionPolicies,
  nodeLabelsMatchSpreadConstraints,
  systemDefaultConstraints,
  type Constraint,
  type DefaultConstraint,
} from "./common.js";
import { names } from "../names.js";

export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const errReasonNodeLabelNotMatch = errReasonConstraintsNotMatch + " (missing required label)";

/** PodTopologySpreadArgs: "System" defaulting uses systemDefaultConstraints. */
export interface PodTopologySpreadArgs {
  defaultConstraints?: DefaultConstraint[];
  defaultingType?: "System" | "List";
}

const preFilterStateKey = "PreFilter" + names.PodTopologySpread;
const preScoreStateKey = "PreScore" + names.PodTopologySpread;

class PreFilterState implements StateData {
  /** Per constraint: topology value → matching pods in that domain. */
  constructor(
    readonly constraints: Constraint[],
    readonly tpValueToMatchNum: Map<string, number>[],
    private mins: number[] = [],
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.mins.slice(),
    );
  }

  /** The global minimum for constraint i (0 when fewer domains than minDomains). */
  minMatchNum(i: number): number {
    const m = this.tpValueToMatchNum[i];
    if (m.size < this.constraints[i].minDomains) return 0;
    let min = this.mins[i];
    if (min === undefined) {
      min = Infinity;
      for (const v of m.values()) if (v < min) min = v;
      this.mins[i] = min;
    }
    return min;
  }

  add(i: number, value: string, delta: number): void {
    const m = this.tpValueToMatchNum[i];
    m.set(value, (m.get(value) ?? 0) + delta);
    this.mins[i] = undefined as unknown as number;
  }
}

class PreScoreState implements StateData {
  constraints: Constraint[] = [];
  ignoredNodes = new Set<string>();
  /** "index\0value" → matching pods, for non-hostname constraints. */
  topologyPairToPodCounts = new Map<string, number>();
  topologyNormalizingWeight: number[] = [];
  clone(): StateData {
    return this;
  }
}

const pairKey = (i: number, v: string) => i + "\0" + v;

export class PodTopologySpread
  implements
    PreFilterPlugin,
    FilterPlugin,
    PreScorePlugin,
    ScorePlugin,
    EnqueueExtensions,
    PreFilterExtensions
{
  readonly name = names.PodTopologySpread;
  private readonly defaultConstraints: readonly DefaultConstraint[];
  private readonly systemDefaulted: boolean;

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    this.systemDefaulted = (args.defaultingType ?? "System") === "System";
    this.defaultConstraints = this.systemDefaulted
      ? systemDefaultConstraints
      : (args.defaultConstraints ?? []);
  }

  private constraintsFor(pod: Pod, action: string): Constraint[] | string {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata.labels, action);
    return buildDefaultConstraints(pod, this.defaultConstraints, action, this.handle);
  }

  // ---- Filter

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    const constraints = this.constraintsFor(pod.pod, "DoNotSchedule");
    if (typeof constraints === "string")
      return Status.error(new Error(`obtaining pod's hard topology spread constraints: ${constraints}`));
    if (constraints.length === 0) return Status.of(Code.Skip);
    const s = new PreFilterState(
      constraints,
      constraints.map(() => new Map<string, number>()),
    );
    const required = new RequiredNodeAffinity(pod.pod);
    const ns = pod.namespace;
    // Inclusion policies that can exclude nothing are not checked per node.
    const policiesMatter = constraints.some(
      (c) => (c.nodeAffinityPolicy === "Honor" && !required.isEmpty) || c.nodeTaintsPolicy === "Honor",
    );
    const n = constraints.length;
    const values: string[] = new Array<string>(n);
    for (const ni of nodes) {
      const node = ni.node;
      if (!node) continue;
      const labels = node.metadata.labels;
      if (!labels) continue;
      let hasAll = true;
      for (let i = 0; i < n; i++) {
        const v = labels[constraints[i].topologyKey];
        if (v === undefined) {
          hasAll = false;
          break;
        }
        values[i] = v;
      }
      if (!hasAll) continue;
      for (let i = 0; i < n; i++) {
        const c = constraints[i];
        if (policiesMatter && !matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
        const m = s.tpValueToMatchNum[i];
        const cnt = ni.pods.length === 0 ? 0 : countPodsMatchSelector(ni.pods, c.selector, ns);
        const cur = m.get(values[i]);
        if (cur === undefined) m.set(values[i], cnt);
        else if (cnt !== 0) m.set(values[i], cur + cnt);
      }
    }
    state.write(preFilterStateKey, s);
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  private updateWithPod(
    state: CycleState,
    pod: PodInfo,
    other: PodInfo,
    nodeInfo: NodeInfo,
    delta: number,
  ): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    const node = nodeInfo.node;
    if (!node || other.namespace !== pod.namespace) return null;
    if (!nodeLabelsMatchSpreadConstraints(node.metadata.labels, s.constraints)) return null;
    const required = new RequiredNodeAffinity(pod.pod);
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      if (!matches(c.selector, other.pod.metadata.labels)) continue;
      if (!matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
      s.add(i, node.metadata.labels![c.topologyKey], delta);
    }
    return null;
  }

  addPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Result {
    return this.updateWithPod(state, pod, toAdd, nodeInfo, 1);
  }

  removePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Result {
    return this.updateWithPod(state, pod, toRemove, nodeInfo, -1);
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    const labels = nodeInfo.labels;
    const podLabels = pod.pod.metadata.labels;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = labels?.[c.topologyKey];
      if (v === undefined) return Status.of(Code.UnschedulableAndUnresolvable, errReasonNodeLabelNotMatch);
      const minMatch = s.minMatchNum(i);
      const self = matches(c.selector, podLabels) ? 1 : 0;
      const matchNum = s.tpValueToMatchNum[i].get(v) ?? 0;
      if (matchNum + self - minMatch > c.maxSkew)
        return Status.of(Code.Unschedulable, errReasonConstraintsNotMatch);
    }
    return null;
  }

  // ---- Score

  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): Result {
    const allNodes = this.handle.snapshotSharedLister().list();
    if (filteredNodes.length === 0 || allNodes.length === 0) return Status.of(Code.Skip);
    const constraints = this.constraintsFor(pod.pod, "ScheduleAnyway");
    if (typeof constraints === "string")
      return Status.error(new Error(`calculating preScoreState: ${constraints}`));
    if (constraints.length === 0) return Status.of(Code.Skip);
    const s = new PreScoreState();
    s.constraints = constraints;
    // Nodes missing a topology label are ignored only for the pod's own constraints, so nodes without a zone
    // still get hostname spreading under the cluster defaults.
    const requireAll = (pod.pod.spec?.topologySpreadConstraints?.length ?? 0) > 0 || !this.systemDefaulted;
    const topoSize = constraints.map(() => 0);
    for (const ni of filteredNodes) {
      const labels = ni.node?.metadata.labels;
      if (requireAll && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
        s.ignoredNodes.add(ni.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i];
        if (c.topologyKey === labelHostname) continue;
        const key = pairKey(i, labels?.[c.topologyKey] ?? "");
        if (!s.topologyPairToPodCounts.has(key)) {
          s.topologyPairToPodCounts.set(key, 0);
          topoSize[i]++;
        }
      }
    }
    s.topologyNormalizingWeight = constraints.map((c, i) =>
      Math.log(
        (c.topologyKey === labelHostname ? filteredNodes.length - s.ignoredNodes.size : topoSize[i]) + 2,
      ),
    );
    const required = new RequiredNodeAffinity(pod.pod);
    const ns = pod.namespace;
    if (s.topologyPairToPodCounts.size > 0)
      for (const ni of allNodes) {
        const node = ni.node;
        if (!node) continue;
        const labels = node.metadata.labels;
        if (requireAll && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
        for (let i = 0; i < constraints.length; i++) {
          const c = constraints[i];
          if (c.topologyKey === labelHostname) continue;
          if (!matchNodeInclusionPolicies(c, pod.pod, node, required)) continue;
          const key = pairKey(i, labels?.[c.topologyKey] ?? "");
          const cur = s.topologyPairToPodCounts.get(key);
          if (cur === undefined) continue;
          s.topologyPairToPodCounts.set(key, cur + countPodsMatchSelector(ni.pods, c.selector, ns));
        }
      }
    state.write(preScoreStateKey, s);
    return null;
  }

  /** Matching pods in the node's domains, each weighted by log(domains + 2), plus maxSkew − 1. */
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (!s) return Status.error(new Error(`reading "${preScoreStateKey}" from cycleState: not found`));
    if (s.ignoredNodes.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.labels;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i];
      const v = labels?.[c.topologyKey];
      if (v === undefined) continue;
      const cnt =
        c.topologyKey === labelHostname
          ? countPodsMatchSelector(nodeInfo.pods, c.selector, pod.namespace)
          : (s.topologyPairToPodCounts.get(pairKey(i, v)) ?? 0);
      score += cnt * s.topologyNormalizingWeight[i] + (c.maxSkew - 1);
    }
    return Math.round(score);
  }

  /** Fewer matching pods score higher: 100 × (max + min − score) / max; ignored nodes get 0. */
  normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): Result {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (!s) return null;
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i].name)) continue;
      if (scores[i] < min) min = scores[i];
      if (scores[i] > max) max = scores[i];
    }
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i].name)) scores[i] = 0;
      else if (max === 0) scores[i] = maxNodeScore;
      else scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i])) / max);
    }
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: {
          resource: "Pod",
          actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
        },
        hint: (pending, oldObj, newObj) =>
          this.isSchedulableAfterPodChange(pending, oldObj as Pod | undefined, newObj as Pod | undefined),
      },
      {
        event: {
          resource: "Node",
          actionType:
            ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        },
      },
    ];
  }

  /** Only pods in the same namespace that one of the pending pod's constraints selects change the counts. */
  private isSchedulableAfterPodChange(
    pending: Pod,
    oldPod: Pod | undefined,
    newPod: Pod | undefined,
  ): QueueingHint {
    const changed = newPod ?? oldPod;
    if (!changed || changed.metadata.namespace !== pending.metadata.namespace) return QueueingHint.QueueSkip;
    const constraints = this.constraintsFor(pending, "DoNotSchedule");
    if (typeof constraints === "string") return QueueingHint.Queue;
    for (const c of constraints)
      if (matches(c.selector, newPod?.metadata.labels) || matches(c.selector, oldPod?.metadata.labels))
        return QueueingHint.Queue;
    return QueueingHint.QueueSkip;
  }
}
