// NodeResourcesFit: the pod's requests (containers summed, init containers at their peak, pod overhead added)
// must fit in the node's allocatable minus what its pods already request, and the pod count must stay within
// allocatable "pods" (Filter). Scoring follows the configured strategy: LeastAllocated (default),
// MostAllocated or RequestedToCapacityRatio.
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../framework/interface.js";
import { ActionType, QueueingHint, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState, StateData } from "../../framework/cycle-state.js";
import { PodInfo } from "../../framework/pod-info.js";
import { NodeInfo } from "../../framework/node-info.js";
import type { Resource } from "../../framework/resource.js";
import type { Node, Pod } from "../../framework/types.js";
import { ResourceAllocationScorer, defaultResources, type ResourceSpec } from "./resource-allocation.js";
import { leastResourceScorer } from "./least-allocated.js";
import { mostResourceScorer } from "./most-allocated.js";
import { requestedToCapacityRatioScorer, type UtilizationShapePoint } from "./requested-to-capacity-ratio.js";
import { names } from "../names.js";

export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";

/** NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1). */
export interface NodeResourcesFitArgs {
  ignoredResources?: string[];
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: ScoringStrategyType;
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  };
}

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
  /** The pod would not fit even on the empty node: preemption cannot help. */
  unresolvable: boolean;
}

const preFilterStateKey = "PreFilter" + names.NodeResourcesFit;
const preScoreStateKey = "PreScore" + names.NodeResourcesFit;

class PreFilterState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

const isExtendedResourceName = (n: string) => n.includes("/") && !n.includes("kubernetes.io/");

/** The common case without allocation: true when the pod fits (same checks as fitsRequest, ignoring nothing). */
function fitsQuick(req: Resource, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) return false;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    return false;
  return req.scalar === null || req.scalar.size === 0;
}

/** fitsRequest: every resource the pod requests, and one more pod, must fit. */
export function fitsRequest(
  req: Resource,
  nodeInfo: NodeInfo,
  ignoredResources: ReadonlySet<string> = new Set(),
  ignoredGroups: ReadonlySet<string> = new Set(),
): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  const allowedPods = alloc.allowedPodNumber;
  if (nodeInfo.pods.length + 1 > allowedPods)
    out.push({
      resourceName: "pods",
      reason: "Too many pods",
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: allowedPods,
      unresolvable: false,
    });
  if (req.isZero()) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU)
    out.push({
      resourceName: "cpu",
      reason: "Insufficient cpu",
      requested: req.milliCPU,
      used: used.milliCPU,
      capacity: alloc.milliCPU,
      unresolvable: req.milliCPU > alloc.milliCPU,
    });
  if (req.memory > 0 && req.memory > alloc.memory - used.memory)
    out.push({
      resourceName: "memory",
      reason: "Insufficient memory",
      requested: req.memory,
      used: used.memory,
      capacity: alloc.memory,
      unresolvable: req.memory > alloc.memory,
    });
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    out.push({
      resourceName: "ephemeral-storage",
      reason: "Insufficient ephemeral-storage",
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
      unresolvable: req.ephemeralStorage > alloc.ephemeralStorage,
    });
  if (req.scalar)
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      if (isExtendedResourceName(name)) {
        if (ignoredResources.has(name) || ignoredGroups.has(name.split("/")[0])) continue;
      }
      const a = alloc.getScalar(name);
      const u = used.getScalar(name);
      if (q > a - u)
        out.push({
          resourceName: name,
          reason: `Insufficient ${name}`,
          requested: q,
          used: u,
          capacity: a,
          unresolvable: q > a,
        });
    }
  return out;
}

/** Whether the pod fits the node with nothing else on it (for queueing hints). */
function fitsEmptyNode(pod: Pod, node: Node): boolean {
  const ni = new NodeInfo();
  ni.setNode(node);
  return fitsRequest(new PodInfo(pod).resource.requests, ni).length === 0;
}

export class NodeResourcesFit
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = names.NodeResourcesFit;
  private readonly ignoredResources: Set<string>;
  private readonly ignoredGroups: Set<string>;
  readonly scorer: ResourceAllocationScorer;

  constructor(args: NodeResourcesFitArgs = {}) {
    this.ignoredResources = new Set(args.ignoredResources ?? []);
    this.ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
    const strategy = args.scoringStrategy ?? {};
    const resources = strategy.resources?.length ? strategy.resources : defaultResources;
    switch (strategy.type ?? "LeastAllocated") {
      case "LeastAllocated":
        this.scorer = new ResourceAllocationScorer(resources, leastResourceScorer(resources), false);
        break;
      case "MostAllocated":
        this.scorer = new ResourceAllocationScorer(resources, mostResourceScorer(resources), false);
        break;
      case "RequestedToCapacityRatio": {
        const shape = strategy.requestedToCapacityRatio?.shape;
        if (!shape?.length) throw new Error("NodeResourcesFit: requestedToCapacityRatio.shape is required");
        this.scorer = new ResourceAllocationScorer(
          resources,
          requestedToCapacityRatioScorer(resources, shape),
          false,
        );
        break;
      }
      default:
        throw new Error(`NodeResourcesFit: scoring strategy ${String(strategy.type)} is not supported`);
    }
  }

  preFilter(state: CycleState, pod: PodInfo): Result {
    state.write(preFilterStateKey, new PreFilterState(pod.resource.requests));
    return null;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const s = state.read<PreFilterState>(preFilterStateKey);
    const request = s ? s.request : pod.resource.requests;
    if (fitsQuick(request, nodeInfo)) return null;
    const insufficient = fitsRequest(request, nodeInfo, this.ignoredResources, this.ignoredGroups);
    if (insufficient.length === 0) return null;
    let code = Code.Unschedulable;
    const reasons: string[] = [];
    for (const r of insufficient) {
      reasons.push(r.reason);
      if (r.unresolvable) code = Code.UnschedulableAndUnresolvable;
    }
    return new Status(code, reasons);
  }

  preScore(state: CycleState, pod: PodInfo): Result {
    state.write(preScoreStateKey, new PreScoreState(this.scorer.podRequests(pod)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    const s = state.read<PreScoreState>(preScoreStateKey);
    return this.scorer.score(s ? s.podRequests : this.scorer.podRequests(pod), nodeInfo);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Pod", actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
        // Freed resources only come from pods that were on a node.
        hint: (_pod, oldObj) => {
          const p = oldObj as Pod | undefined;
          return p && !p.spec?.nodeName && !p.status?.nominatedNodeName
            ? QueueingHint.QueueSkip
            : QueueingHint.Queue;
        },
      },
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
        hint: (pod, _old, newObj) =>
          fitsEmptyNode(pod, newObj as Node) ? QueueingHint.Queue : QueueingHint.QueueSkip,
      },
    ];
  }
}
