// Node conditions and topology as the node controllers read them (pkg/controller/util/node,
// k8s.io/component-helpers/node/topology).
import type { Node } from "../../api/core/v1/node.js";
import type { NodeCondition } from "../../api/core/v1/node-types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export function getNodeCondition(
  node: DeepReadonly<Node> | undefined,
  type: string,
): DeepReadonly<NodeCondition> | undefined {
  return node?.status?.conditions?.find((c) => c.type === type);
}

/** IsNodeReady: the Ready condition is True. */
export const nodeIsReady = (node: DeepReadonly<Node> | undefined): boolean =>
  getNodeCondition(node, "Ready")?.status === "True";

/** GetZoneKey: region and zone joined with ":\0:" ("" when the node has neither). */
export function zoneKey(node: DeepReadonly<Node>): string {
  const l = node.metadata?.labels ?? {};
  const zone = l["topology.kubernetes.io/zone"] ?? l["failure-domain.beta.kubernetes.io/zone"] ?? "";
  const region = l["topology.kubernetes.io/region"] ?? l["failure-domain.beta.kubernetes.io/region"] ?? "";
  if (!region && !zone) return "";
  return `${region}:\u0000:${zone}`;
}
