// Pod conditions as controllers read and set them (pkg/api/v1/pod/util.go): a condition's lastTransitionTime
// moves only when its status changes.
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodCondition, PodStatus } from "../../api/core/v1/podstatus.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { rfc3339 } from "./metatime.js";

type ReadonlyPod = DeepReadonly<Pod>;

export function getPodCondition(
  status: DeepReadonly<PodStatus> | undefined,
  type: string,
): DeepReadonly<PodCondition> | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** IsPodReady: the Ready condition is True. */
export function podIsReady(pod: ReadonlyPod): boolean {
  return getPodCondition(pod.status, "Ready")?.status === "True";
}

/** IsPodTerminal: phase Succeeded or Failed. */
export function podIsTerminal(pod: ReadonlyPod): boolean {
  const p = pod.status?.phase;
  return p === "Succeeded" || p === "Failed";
}

/**
 * UpdatePodCondition: sets the condition in the (mutable) status; the transition time is now when the
 * status changes and kept otherwise. Returns whether anything changed.
 */
export function updatePodCondition(status: PodStatus, c: PodCondition, nowMs: number): boolean {
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((x) => x.type === c.type);
  const now = rfc3339(nowMs);
  if (i < 0) {
    conditions.push({ ...c, lastTransitionTime: c.lastTransitionTime ?? now });
    return true;
  }
  const old = conditions[i];
  const next: PodCondition = {
    ...c,
    lastTransitionTime: c.status !== old.status ? (c.lastTransitionTime ?? now) : old.lastTransitionTime,
  };
  if (old.lastProbeTime !== undefined && next.lastProbeTime === undefined)
    next.lastProbeTime = old.lastProbeTime;
  const same =
    old.status === next.status &&
    (old.reason ?? "") === (next.reason ?? "") &&
    (old.message ?? "") === (next.message ?? "") &&
    old.lastTransitionTime === next.lastTransitionTime &&
    old.lastProbeTime === next.lastProbeTime;
  conditions[i] = next;
  return !same;
}

/** A deep, mutable copy of a cached object (listers hand out shared, read-only objects). */
export function mutableCopy<T>(obj: DeepReadonly<T> | T): T {
  return structuredClone(obj) as T;
}
