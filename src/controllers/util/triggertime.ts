// The endpoints.kubernetes.io/last-change-trigger-time annotation (TriggerTimeTracker): the earliest time
// of the pod or service changes that this sync publishes — a pod's change time is its Ready condition's
// lastTransitionTime, a service's its creation time; a service seen for the first time uses its creation time.
import type { Pod } from "../../api/core/v1/pod.js";
import type { Service } from "../../api/core/v1/service.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { parseTime } from "./metatime.js";

export const lastChangeTriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";

interface ServiceState {
  lastPodTriggerTimes: Map<string, number>;
  lastServiceTriggerTime?: number;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time to publish (ms), or undefined when nothing changed (the annotation is then cleared). */
  compute(
    namespace: string,
    svc: DeepReadonly<Service>,
    pods: readonly DeepReadonly<Pod>[],
  ): number | undefined {
    const key = `${namespace}/${svc.metadata?.name ?? ""}`;
    const state = this.states.get(key);
    const known = state !== undefined;
    const prev = state ?? { lastPodTriggerTimes: new Map<string, number>() };
    let min: number | undefined;
    const podTimes = new Map<string, number>();
    for (const p of pods) {
      const t = parseTime(p.status?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime);
      if (t === undefined) continue;
      const name = p.metadata?.name ?? "";
      podTimes.set(name, t);
      const last = prev.lastPodTriggerTimes.get(name);
      if (last === undefined || t > last) min = min === undefined ? t : Math.min(min, t);
    }
    const svcTime = parseTime(svc.metadata?.creationTimestamp);
    if (
      svcTime !== undefined &&
      (prev.lastServiceTriggerTime === undefined || svcTime > prev.lastServiceTriggerTime)
    )
      min = min === undefined ? svcTime : Math.min(min, svcTime);
    this.states.set(key, { lastPodTriggerTimes: podTimes, lastServiceTriggerTime: svcTime });
    if (!known) return svcTime;
    return min;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}
