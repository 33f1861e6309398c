// getPodsToDelete (pkg/controller/replicaset): when there are more pods than wanted, rank them (pods doubled
// up on a node with other pods of the same owner rank higher) and delete from the front.
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";
import { isPodActive } from "../util/pod.js";
import { sortForDeletion } from "../util/ranking.js";

export function getPodsToDelete(
  filteredPods: readonly DeepReadonly<PodObject>[],
  relatedPods: readonly DeepReadonly<PodObject>[],
  diff: number,
  nowMs: number,
): DeepReadonly<PodObject>[] {
  // No need to rank when all of them go.
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const onNode = new Map<string, number>();
  for (const p of relatedPods)
    if (isPodActive(p)) onNode.set(p.spec?.nodeName ?? "", (onNode.get(p.spec?.nodeName ?? "") ?? 0) + 1);
  const ranked = filteredPods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? "") ?? 0 }));
  return sortForDeletion(ranked, nowMs)
    .slice(0, diff)
    .map((r) => r.pod);
}
