// The extension points (upstream's framework/interface.go). A plugin is a small object with a name that
// implements only the points it uses; the framework runner finds them by method. Pods arrive as PodInfo
// (parsed once), nodes as NodeInfo (from this cycle's snapshot).
import type { CycleState } from "./cycle-state.js";
import type { Result, Status } from "./status.js";
import type { PodInfo } from "./pod-info.js";
import type { NodeInfo } from "./node-info.js";
import type { Node, Pod } from "./types.js";
import type { ClusterEventWithHint } from "./events.js";
import type { NodeToStatus } from "./fit-error.js";
import type { QueuedPodInfo } from "./queued-pod-info.js";
import type { RestClient } from "../../client/rest/client.js";
import type { Lister } from "../../client/informer/cache.js";
import type { Logger } from "../../client/log.js";
import type { KubeObject } from "../../api/meta/v1/types.js";

export interface Plugin {
  readonly name: string;
}

/** Gates a pod before it enters the active queue (e.g. scheduling gates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Result;
}

/** Orders the active queue; exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Plugins that reject pods say which cluster events may make those pods schedulable. */
export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEventWithHint[];
}

/** A PreFilter may narrow the nodes worth filtering (e.g. node affinity to metadata.name). */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}
}

/** Incremental updates of PreFilter state when a pod is added/removed (nominated pods, preemption). */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Result;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Result;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterResult | Result;
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result;
}

/** How PostFilter's nominated node applies: override sets (or clears, with "") the pod's nominatedNodeName. */
export interface NominatingInfo {
  nominatedNodeName: string;
  mode: "override" | "noop";
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filteredNodeStatus: NodeToStatus,
  ): { nominatingInfo?: NominatingInfo; status: Result };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result;
}

/** Score returns a number, or a Status on an internal error. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status;
  /** Scales this plugin's raw scores (aligned with `nodes`) into [0, 100] in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: Float64Array): Result;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Result;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success, a rejection, or Wait with a timeout (ms). */
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: Result; timeoutMs?: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result>;
}

/** Binds the pod; Skip hands the pod to the next bind plugin. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** The nodes of this cycle's snapshot. */
export interface SharedLister {
  list(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
}

/** Informer caches the plugins read (any may be absent in unit tests). */
export interface Listers {
  namespaces?: Lister<KubeObject>;
  pods?: Lister<KubeObject>;
  podDisruptionBudgets?: Lister<KubeObject>;
  services?: Lister<KubeObject>;
  replicaSets?: Lister<KubeObject>;
  statefulSets?: Lister<KubeObject>;
  replicationControllers?: Lister<KubeObject>;
}

/** Where events go (the client's EventRecorder fits). */
export interface EventSink {
  eventf(
    obj: {
      apiVersion?: string;
      kind?: string;
      metadata: { namespace?: string; name?: string; uid?: string };
    },
    type: "Normal" | "Warning",
    reason: string,
    fmt: string,
    ...args: unknown[]
  ): void;
}

/** Nominated pods: those that preempted and wait for their victims to go (upstream's PodNominator). */
export interface PodNominator {
  addNominatedPod(pi: PodInfo, info?: NominatingInfo): void;
  deleteNominatedPodIfExists(pod: Pod): void;
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** How many pods are nominated (0 lets the filter loop skip per-node lookups). */
  readonly size: number;
}

/** What plugins may use besides their arguments (upstream's framework.Handle). */
export interface Handle {
  readonly profileName: string;
  snapshotSharedLister(): SharedLister;
  readonly client?: RestClient;
  readonly listers: Listers;
  readonly recorder: EventSink;
  readonly nominator: PodNominator;
  readonly log: Logger;
  now(): number;
  random(): number;
  /** The pod's resolved priority and preemption policy (spec, else its PriorityClass, else defaults). */
  podInfoFor(pod: Pod): PodInfo;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Result;
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    toRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Result;
  /** Moves pods straight to the active queue (e.g. after a failed asynchronous preemption). */
  activate(pods: readonly Pod[]): void;
}

export type PluginFactory = (args: any, handle: Handle) => Plugin;

/** Node objects for hints. */
export type { Node };
