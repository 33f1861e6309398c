// When a pod on a node with NoExecute taints must go (the taint eviction controller's processPodOnNode):
// at once if some taint is not tolerated, after the smallest tolerationSeconds of the tolerations in use,
// or never if they tolerate forever. An eviction already scheduled keeps its start time.
import type { Taint } from "../../api/core/v1/node-types.js";
import type { Toleration } from "../../api/core/v1/affinity.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { matchingTolerations } from "../util/nodetaints.js";

export interface ScheduledEviction {
  /** When the eviction was first scheduled (its start time survives re-planning). */
  createdAt: number;
  /** When the pod is to be deleted. */
  fireAt: number;
}

export interface EvictionPlan {
  /** Drop the scheduled eviction (a "Cancelling deletion" event when there was one). */
  cancel: boolean;
  /** The eviction to schedule (replacing any cancelled one). */
  schedule?: ScheduledEviction;
}

/** getMinTolerationTime: -1 for forever, 0 for at once, else milliseconds. */
export function minTolerationMs(used: readonly DeepReadonly<Toleration>[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? -1 : min * 1000;
}

export function planEviction(
  tolerations: readonly DeepReadonly<Toleration>[] | undefined,
  noExecuteTaints: readonly DeepReadonly<Taint>[],
  nowMs: number,
  existing: ScheduledEviction | undefined,
): EvictionPlan {
  if (noExecuteTaints.length === 0) return { cancel: true };
  const { allTolerated, used } = matchingTolerations(noExecuteTaints, tolerations);
  if (!allTolerated) return { cancel: true, schedule: { createdAt: nowMs, fireAt: nowMs } };
  const min = minTolerationMs(used);
  if (min < 0) return { cancel: true };
  const trigger = nowMs + min;
  if (existing) {
    if (existing.createdAt + min < trigger) return { cancel: false };
    return { cancel: true, schedule: { createdAt: existing.createdAt, fireAt: trigger } };
  }
  return { cancel: false, schedule: { createdAt: nowMs, fireAt: trigger } };
}
