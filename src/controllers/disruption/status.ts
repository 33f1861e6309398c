// A PodDisruptionBudget's status computed from its pods (trySync in pkg/controller/disruption), pure:
// expected pods and desired healthy from minAvailable/maxUnavailable (percentages of the owning
// controllers' scale), current healthy = Ready pods neither being deleted nor recently evicted.
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodDisruptionBudget } from "../../api/policy/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { podIsReady } from "../util/podconditions.js";
import { parseTime } from "../util/metatime.js";

type RPod = DeepReadonly<Pod>;
type RPDB = DeepReadonly<PodDisruptionBudget>;

/** DeletionTimeout: an eviction not followed by a deletion within this long is forgotten. */
export const deletionTimeoutMs = 2 * 60_000;

/** The owning controller's identity and scale, undefined when no known controller owns it. */
export type ScaleFinder = (pod: RPod) => { uid: string; scale: number } | undefined;

export interface ExpectedCount {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

/**
 * GetScaledValueFromIntOrPercent with rounding up: an integer is itself, "N%" is ceil(N% of total); any
 * other string is an error.
 */
export function scaledValue(v: number | string, total: number): number | { error: string } {
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^-?\d+$/.test(v)) return Number(v);
    return { error: `invalid value for IntOrString: invalid type: string is not a percentage` };
  }
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** getExpectedScale: the summed scale of the distinct controllers owning the pods. */
export function expectedScale(
  pods: readonly RPod[],
  find: ScaleFinder,
): { expected: number; unmanaged: string[] } | { error: string } {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (!ref) {
      unmanaged.push(pod.metadata?.name ?? "");
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = find(pod);
    if (!found) return { error: `found no controllers for pod ${JSON.stringify(pod.metadata?.name ?? "")}` };
    scales.set(found.uid, found.scale);
  }
  let expected = 0;
  for (const s of scales.values()) expected += s;
  return { expected, unmanaged };
}

/** getExpectedPodCount */
export function expectedPodCount(
  pdb: RPDB,
  pods: readonly RPod[],
  find: ScaleFinder,
): ExpectedCount | { error: string } {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const s = expectedScale(pods, find);
    if ("error" in s) return s;
    const max = scaledValue(spec.maxUnavailable, s.expected);
    if (typeof max !== "number") return max;
    return {
      expectedCount: s.expected,
      desiredHealthy: Math.max(0, s.expected - max),
      unmanagedPods: s.unmanaged,
    };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === "number")
      return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const s = expectedScale(pods, find);
    if ("error" in s) return s;
    const min = scaledValue(spec.minAvailable, s.expected);
    if (typeof min !== "number") return min;
    return { expectedCount: s.expected, desiredHealthy: min, unmanagedPods: s.unmanaged };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/**
 * buildDisruptedPodMap: evictions still expected to turn into deletions (younger than the timeout), the
 * ones that timed out (a NotDeleted event each), and when to look again.
 */
export function disruptedPodMap(
  pdb: RPDB,
  pods: readonly RPod[],
  nowMs: number,
): { disrupted: Record<string, string>; expired: string[]; recheckAt?: number } {
  const recorded = pdb.status?.disruptedPods ?? {};
  const disrupted: Record<string, string> = {};
  const expired: string[] = [];
  let recheckAt: number | undefined;
  for (const pod of pods) {
    const name = pod.metadata?.name ?? "";
    if (pod.metadata?.deletionTimestamp) continue;
    const at = recorded[name];
    if (at === undefined) continue;
    const expectedDeletion = (parseTime(at) ?? 0) + deletionTimeoutMs;
    if (expectedDeletion < nowMs) expired.push(name);
    else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      disrupted[name] = at;
    }
  }
  return { disrupted, expired, recheckAt };
}

/** countHealthyPods */
export function countHealthyPods(
  pods: readonly RPod[],
  disrupted: Record<string, string>,
  nowMs: number,
): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue;
    const at = disrupted[pod.metadata?.name ?? ""];
    if (at !== undefined && (parseTime(at) ?? 0) + deletionTimeoutMs > nowMs) continue;
    if (podIsReady(pod)) healthy++;
  }
  return healthy;
}

/** disruptionsAllowed: healthy beyond desired, and never while no pod is expected. */
export function disruptionsAllowed(
  currentHealthy: number,
  desiredHealthy: number,
  expectedCount: number,
): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}
