// Cluster events that can make an unschedulable pod schedulable (upstream's ClusterEvent): plugins register
// the events that may resolve their rejections, and the queue moves a pod only when such an event arrives.
import type { Pod } from "./types.js";

export type EventResource = "Pod" | "AssignedPod" | "UnscheduledPod" | "Node" | "*";

/** Action bits; a registered event matches an incoming one when they share a bit. */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update. */
  UpdateOther: 1 << 11,
  All: (1 << 12) - 1,
} as const;
export const Update =
  ActionType.UpdateNodeAllocatable |
  ActionType.UpdateNodeLabel |
  ActionType.UpdateNodeTaint |
  ActionType.UpdateNodeCondition |
  ActionType.UpdateNodeAnnotation |
  ActionType.UpdatePodLabel |
  ActionType.UpdatePodScaleDown |
  ActionType.UpdatePodToleration |
  ActionType.UpdatePodSchedulingGatesEliminated |
  ActionType.UpdateOther;

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** For logs and metrics, e.g. "NodeAdd". */
  label: string;
}

export const enum QueueingHint {
  QueueSkip = 0,
  Queue = 1,
}

/** Decides, for one pod the plugin rejected, whether this event may make it schedulable. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: Omit<ClusterEvent, "label">;
  hint?: QueueingHintFn;
}

const ev = (resource: EventResource, actionType: number, label: string): ClusterEvent => ({
  resource,
  actionType,
  label,
});
export const Events = {
  NodeAdd: ev("Node", ActionType.Add, "NodeAdd"),
  AssignedPodAdd: ev("AssignedPod", ActionType.Add, "AssignedPodAdd"),
  AssignedPodDelete: ev("AssignedPod", ActionType.Delete, "AssignedPodDelete"),
  UnschedulableTimeout: ev("*", ActionType.All, "UnschedulableTimeout"),
  ForceActivate: ev("*", ActionType.All, "ForceActivate"),
};

/** Registered `reg` matches `incoming` (upstream's MatchClusterEvents, with Pod covering Assigned/Unscheduled). */
export function matchClusterEvents(reg: Omit<ClusterEvent, "label">, incoming: ClusterEvent): boolean {
  if (reg.resource === "*" && reg.actionType === ActionType.All) return true;
  const resourceOK =
    reg.resource === "*" ||
    reg.resource === incoming.resource ||
    (reg.resource === "Pod" &&
      (incoming.resource === "AssignedPod" || incoming.resource === "UnscheduledPod"));
  return resourceOK && (reg.actionType & incoming.actionType) !== 0;
}
