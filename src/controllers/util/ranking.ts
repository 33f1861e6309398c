// Which pods a controller deletes first when scaling down (controller.ActivePodsWithRanks, with the
// PodDeletionCost and LogarithmicScaleDown behaviour that upstream enables by default). Sorting puts the
// pods to delete first at the front.
import type { Pod } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { isPodReady, podReadyTime, maxContainerRestarts, timeMs } from "./pod.js";

type ReadonlyPod = DeepReadonly<Pod>;

export const podDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** GetDeletionCostFromPodAnnotations: an int32, 0 when absent or unparsable. */
export function podDeletionCost(pod: ReadonlyPod): number {
  const v = pod.metadata?.annotations?.[podDeletionCostAnnotation];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n > 2147483647 || n < -2147483648 ? 0 : n;
}

/** afterOrZero: t1 after t2, a zero time counting as after any other. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** Base-2 logarithmic ranks of the two ages (in nanoseconds, as Go's time.Duration) compared. */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return rank(t1) - rank(t2);
}

export interface RankedPod<P extends ReadonlyPod = ReadonlyPod> {
  pod: P;
  /** How many related active pods share this pod's node ("doubled up" pods go first). */
  rank: number;
}

/** True when `a` should be deleted before `b` (ActivePodsWithRanks.Less). */
export function deleteBefore(a: RankedPod, b: RankedPod, now: number | undefined): boolean {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec?.nodeName ?? "";
  const nb = pb.spec?.nodeName ?? "";
  // 1. Unassigned < assigned
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running
  const oa = phaseOrdinal[pa.status?.phase ?? ""] ?? 0;
  const ob = phaseOrdinal[pb.status?.phase ?? ""] ?? 0;
  if (oa !== ob) return oa < ob;
  // 3. Not ready < ready
  const ra = isPodReady(pa);
  const rb = isPodReady(pb);
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost < higher
  const ca = podDeletionCost(pa);
  const cb = podDeletionCost(pb);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up < not doubled up
  if (a.rank !== b.rank) return a.rank > b.rank;
  const uidLess = () => (pa.metadata?.uid ?? "") < (pb.metadata?.uid ?? "");
  // 6. Been ready for a shorter time < longer
  if (ra && rb) {
    const ta = podReadyTime(pa);
    const tb = podReadyTime(pb);
    if (ta !== tb) {
      if (now === undefined || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
      const diff = logarithmicRankDiff(ta, tb, now);
      return diff === 0 ? uidLess() : diff < 0;
    }
  }
  // 7. More restarts < fewer
  const xa = maxContainerRestarts(pa);
  const xb = maxContainerRestarts(pb);
  if (xa !== xb) return xa > xb;
  // 8. Newer < older (empty creation time first)
  const ka = timeMs(pa.metadata?.creationTimestamp);
  const kb = timeMs(pb.metadata?.creationTimestamp);
  if (ka !== kb) {
    if (now === undefined || ka === undefined || kb === undefined) return afterOrZero(ka, kb);
    const diff = logarithmicRankDiff(ka, kb, now);
    return diff === 0 ? uidLess() : diff < 0;
  }
  return false;
}

/** Sorts pods so the best candidates for deletion come first. */
export function sortForDeletion<P extends ReadonlyPod>(
  pods: RankedPod<P>[],
  now: number | undefined,
): RankedPod<P>[] {
  return pods.sort((a, b) => (deleteBefore(a, b, now) ? -1 : deleteBefore(b, a, now) ? 1 : 0));
}
