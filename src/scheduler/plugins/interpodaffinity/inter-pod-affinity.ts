// InterPodAffinity: required pod affinity and anti-affinity (the incoming pod's and existing pods') filter
// nodes by topology domain; preferred terms score them. Terms may select namespaces by namespaceSelector.
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
import type { CycleState } from "../../framework/cycle-state.js";
import { termMatches, type AffinityTerm, type PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import type { Node, Pod } from "../../framework/types.js";
import { isEmpty, matches } from "../../util/labels.js";
import {
  PreFilterState,
  errReasonAffinityRulesNotMatch,
  errReasonAntiAffinityRulesNotMatch,
  errReasonExistingAntiAffinityRulesNotMatch,
} from "./filtering.js";
import { PreScoreState, normalize, processExistingPod, scoreNode } from "./scoring.js";
import { names } from "../names.js";

/** InterPodAffinityArgs (kubescheduler.config.k8s.io/v1). */
export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

const preFilterStateKey = "PreFilter" + names.InterPodAffinity;
const preScoreStateKey = "PreScore" + names.InterPodAffinity;

type Labels = Readonly<Record<string, string>> | undefined;

export class InterPodAffinity
  implements
    PreFilterPlugin,
    FilterPlugin,
    PreScorePlugin,
    ScorePlugin,
    EnqueueExtensions,
    PreFilterExtensions
{
  readonly name = names.InterPodAffinity;
  private readonly hardPodAffinityWeight: number;
  private readonly ignorePreferredTermsOfExistingPods: boolean;

  constructor(
    private readonly handle: Handle,
    args: InterPodAffinityArgs = {},
  ) {
    this.hardPodAffinityWeight = args.hardPodAffinityWeight ?? 1;
    this.ignorePreferredTermsOfExistingPods = args.ignorePreferredTermsOfExistingPods ?? false;
  }

  /** The labels of a namespace, from the informer (undefined when unknown). */
  private namespaceLabels(ns: string): Labels {
    return this.handle.listers.namespaces?.get("", ns)?.metadata.labels;
  }

  /** Resolves a non-empty namespaceSelector into the term's namespaces (mergeAffinityTermNamespacesIfNotEmpty). */
  private mergeNamespaces<T extends AffinityTerm>(t: T): T {
    if (t.namespaceSelector === null || isEmpty(t.namespaceSelector)) return t;
    const namespaces = new Set(t.namespaces);
    for (const ns of this.handle.listers.namespaces?.list() ?? [])
      if (matches(t.namespaceSelector, ns.metadata.labels)) namespaces.add(ns.metadata.name ?? "");
    return { ...t, namespaces, namespaceSelector: null };
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    if (pod.parseError) return Status.of(Code.UnschedulableAndUnresolvable, `parsing pod: ${pod.parseError}`);
    const lister = this.handle.snapshotSharedLister();
    const s = new PreFilterState(
      pod,
      pod.requiredAffinityTerms.map((t) => this.mergeNamespaces(t)),
      pod.requiredAntiAffinityTerms.map((t) => this.mergeNamespaces(t)),
      this.namespaceLabels(pod.namespace),
    );
    s.compute(nodes, lister.havePodsWithRequiredAntiAffinityList());
    if (
      s.existingAntiAffinityCounts.size === 0 &&
      s.requiredAffinityTerms.length === 0 &&
      s.requiredAntiAffinityTerms.length === 0
    )
      return Status.of(Code.Skip);
    state.write(preFilterStateKey, s);
    return null;
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    if (nodeInfo.node) s.updateWithPod(toAdd, nodeInfo.node, 1);
    return null;
  }

  removePod(state: CycleState, _pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    if (nodeInfo.node) s.updateWithPod(toRemove, nodeInfo.node, -1);
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (!s) return Status.error(new Error(`reading "${preFilterStateKey}" from cycleState: not found`));
    if (!s.satisfyPodAffinity(nodeInfo))
      return Status.of(Code.UnschedulableAndUnresolvable, errReasonAffinityRulesNotMatch);
    if (!s.satisfyPodAntiAffinity(nodeInfo))
      return Status.of(Code.Unschedulable, errReasonAntiAffinityRulesNotMatch);
    if (!s.satisfyExistingPodsAntiAffinity(nodeInfo))
      return Status.of(Code.Unschedulable, errReasonExistingAntiAffinityRulesNotMatch);
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    if (nodes.length === 0) return Status.of(Code.Skip);
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return Status.of(Code.Skip);
    const lister = this.handle.snapshotSharedLister();
    // Without preferred terms of its own, only nodes hosting pods with affinity can contribute.
    const allNodes = hasConstraints ? lister.list() : lister.havePodsWithAffinityList();
    if (allNodes.length === 0) return Status.of(Code.Skip);
    const s = new PreScoreState(
      pod,
      pod.preferredAffinityTerms.map((t) => this.mergeNamespaces(t)),
      pod.preferredAntiAffinityTerms.map((t) => this.mergeNamespaces(t)),
      this.namespaceLabels(pod.namespace),
    );
    for (const ni of allNodes) {
      const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
      for (const existing of pods) processExistingPod(s, existing, ni, this.hardPodAffinityWeight);
    }
    if (s.topologyScore.size === 0) return Status.of(Code.Skip);
    state.write(preScoreStateKey, s);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (!s) return Status.error(new Error(`reading "${preScoreStateKey}" from cycleState: not found`));
    return scoreNode(s, nodeInfo.labels);
  }

  normalizeScore(
    state: CycleState,
    _pod: PodInfo,
    _nodes: readonly NodeInfo[],
    scores: Float64Array,
  ): Result {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (!s || s.topologyScore.size === 0) return null;
    normalize(scores);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: {
          resource: "Pod",
          actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
        },
        hint: (pod, oldObj, newObj) =>
          this.isSchedulableAfterPodChange(pod, oldObj as Pod | undefined, newObj as Pod | undefined),
      },
      { event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }

  /** A new or relabelled pod may satisfy affinity; a deleted or relabelled one may lift anti-affinity. */
  private isSchedulableAfterPodChange(
    pending: Pod,
    oldPod: Pod | undefined,
    newPod: Pod | undefined,
  ): QueueingHint {
    const pi = this.handle.podInfoFor(pending);
    const nsLabels = (p: Pod) => this.namespaceLabels(p.metadata.namespace ?? "");
    if (newPod && pi.requiredAffinityTerms.some((t) => termMatches(t, newPod, nsLabels(newPod))))
      return QueueingHint.Queue;
    if (
      oldPod &&
      (oldPod.spec?.affinity?.podAntiAffinity ||
        pi.requiredAntiAffinityTerms.some((t) => termMatches(t, oldPod, nsLabels(oldPod))))
    )
      return QueueingHint.Queue;
    return QueueingHint.QueueSkip;
  }
}

export type { Node };
