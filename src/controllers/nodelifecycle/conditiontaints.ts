// TaintNodesByCondition: the NoSchedule taints a node's conditions (and spec.unschedulable) call for, and
// the NoExecute taint templates of taint-based eviction.
import type { Node } from "../../api/core/v1/node.js";
import type { Taint } from "../../api/core/v1/node-types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import {
  taintNodeDiskPressure,
  taintNodeMemoryPressure,
  taintNodeNetworkUnavailable,
  taintNodeNotReady,
  taintNodePIDPressure,
  taintNodeUnreachable,
  taintNodeUnschedulable,
  taintSetDiff,
} from "../util/nodetaints.js";

export const unreachableTaintTemplate: Taint = { key: taintNodeUnreachable, effect: "NoExecute" };
export const notReadyTaintTemplate: Taint = { key: taintNodeNotReady, effect: "NoExecute" };

/** nodeConditionToTaintKeyStatusMap */
const conditionTaints: Record<string, Record<string, string>> = {
  Ready: { False: taintNodeNotReady, Unknown: taintNodeUnreachable },
  MemoryPressure: { True: taintNodeMemoryPressure },
  DiskPressure: { True: taintNodeDiskPressure },
  NetworkUnavailable: { True: taintNodeNetworkUnavailable },
  PIDPressure: { True: taintNodePIDPressure },
};

const conditionTaintKeys = new Set([
  taintNodeNotReady,
  taintNodeUnreachable,
  taintNodeMemoryPressure,
  taintNodeDiskPressure,
  taintNodeNetworkUnavailable,
  taintNodePIDPressure,
]);

/** doNoScheduleTaintingPass: the NoSchedule taints to add and remove so they mirror the node's conditions. */
export function noScheduleTaintChanges(node: DeepReadonly<Node>): {
  add: DeepReadonly<Taint>[];
  remove: DeepReadonly<Taint>[];
} {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = conditionTaints[c.type]?.[c.status];
    if (key) want.push({ key, effect: "NoSchedule" });
  }
  if (node.spec?.unschedulable) want.push({ key: taintNodeUnschedulable, effect: "NoSchedule" });
  const have = (node.spec?.taints ?? []).filter(
    (t) => t.effect === "NoSchedule" && (t.key === taintNodeUnschedulable || conditionTaintKeys.has(t.key)),
  );
  return taintSetDiff(want, have);
}
