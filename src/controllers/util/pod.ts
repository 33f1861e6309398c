// Pod readiness and availability as controllers judge them (pkg/api/v1/pod/util.go, controller_utils.go).
import type { Pod } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

type ReadonlyPod = DeepReadonly<Pod>;

/** A time field as milliseconds; undefined for an absent (zero) time. */
export function timeMs(t: string | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
}

export function podReadyCondition(pod: ReadonlyPod) {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

export function isPodReady(pod: ReadonlyPod): boolean {
  return podReadyCondition(pod)?.status === "True";
}

/** Ready for at least minReadySeconds (IsPodAvailable). */
export function isPodAvailable(pod: ReadonlyPod, minReadySeconds: number, nowMs: number): boolean {
  const c = podReadyCondition(pod);
  if (c?.status !== "True") return false;
  if (!minReadySeconds) return true;
  const since = timeMs(c.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < nowMs;
}

/** The time the pod became Ready, or undefined when it is not ready. */
export function podReadyTime(pod: ReadonlyPod): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === "True" ? timeMs(c.lastTransitionTime) : undefined;
}

export function isPodTerminal(pod: ReadonlyPod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/** Not terminated and not being deleted (IsPodActive). */
export function isPodActive(pod: ReadonlyPod): boolean {
  return !isPodTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

export function maxContainerRestarts(pod: ReadonlyPod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/** "ns/name", the key controllers use for pods (PodKey). */
export const podKey = (pod: { metadata?: { namespace?: string; name?: string } }): string =>
  `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
