// NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods that tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { EnqueueExtensions, FilterPlugin } from "../../framework/interface.js";
import { ActionType, QueueingHint, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo } from "../../framework/node-info.js";
import type { Node, Pod } from "../../framework/types.js";
import { taintNodeUnschedulable, tolerationsTolerateTaint } from "../../util/taints.js";
import { names } from "../names.js";

export const errReasonUnschedulable = "node(s) were unschedulable";

const unschedulableTaint = { key: taintNodeUnschedulable, effect: "NoSchedule" };

const toleratesUnschedulable = (pod: Pod) =>
  tolerationsTolerateTaint(pod.spec?.tolerations, unschedulableTaint);

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = names.NodeUnschedulable;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    if (!nodeInfo.unschedulable) return null;
    if (toleratesUnschedulable(pod.pod)) return null;
    return Status.of(Code.UnschedulableAndUnresolvable, errReasonUnschedulable);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: "Node", actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        // Worth retrying only when the node now takes pods.
        hint: (_pod, _old, newObj) =>
          (newObj as Node | undefined)?.spec?.unschedulable ? QueueingHint.QueueSkip : QueueingHint.Queue,
      },
      { event: { resource: "Pod", actionType: ActionType.UpdatePodToleration } },
    ];
  }
}
