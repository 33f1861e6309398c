// NodePorts: a pod's host ports must be free on the node (same protocol and port on the same IP, or on
// 0.0.0.0 which overlaps every IP).
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from "../../framework/interface.js";
import { ActionType, Update, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { names } from "../names.js";

export const errReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = names.NodePorts;

  preFilter(_state: CycleState, pod: PodInfo): Result {
    return pod.hostPorts.length === 0 ? Status.of(Code.Skip) : null;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    for (const p of pod.hostPorts)
      if (nodeInfo.usedPorts.checkConflict(p.hostIP, p.protocol, p.hostPort))
        return Status.of(Code.Unschedulable, errReasonNodePorts);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: "AssignedPod", actionType: ActionType.Delete } },
      { event: { resource: "Node", actionType: ActionType.Add | Update } },
    ];
  }
}
