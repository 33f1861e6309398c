// NodeName: a pod that names a node (spec.nodeName) fits only that node.
import type { EnqueueExtensions, FilterPlugin } from "../../framework/interface.js";
import { ActionType, Update, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import { names } from "../names.js";

export const errReasonNodeName = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeName;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const want = pod.pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return Status.of(Code.UnschedulableAndUnresolvable, errReasonNodeName);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Node", actionType: ActionType.Add | Update } }];
  }
}
