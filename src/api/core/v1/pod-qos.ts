// The pod's QoS class as upstream's GetPodQOS (pkg/apis/core/helper/qos): Guaranteed when every
// container sets equal cpu and memory requests and limits, BestEffort when none sets any, else Burstable.
import type { Pod } from "./pod.js";
import type { ResourceList } from "./resources.js";

const qosResources = ["cpu", "memory"];

const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The numeric value of a quantity ("100m" = 0.1, "1Gi" = 2^30); NaN if it is not one. */
export function quantityValue(q: string | number): number {
  if (typeof q === "number") return q;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(q.trim());
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * suffixes[m[3] ?? ""];
}

export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

export function getPodQOS(pod: Pod): PodQOSClass {
  const spec = pod.spec ?? { containers: [] };
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const add = (into: Map<string, number>, list: ResourceList | undefined, found?: Set<string>) => {
    for (const [name, q] of Object.entries(list ?? {})) {
      if (!qosResources.includes(name)) continue;
      const v = quantityValue(q);
      if (!(v > 0)) continue;
      found?.add(name);
      into.set(name, (into.get(name) ?? 0) + v);
    }
  };
  // Pod-level resources (PodLevelResources) decide alone when set.
  const podLevel = spec.resources;
  if (
    podLevel &&
    (Object.keys(podLevel.requests ?? {}).length || Object.keys(podLevel.limits ?? {}).length)
  ) {
    const found = new Set<string>();
    add(requests, podLevel.requests);
    add(limits, podLevel.limits, found);
    if (!qosResources.every((r) => found.has(r))) guaranteed = false;
  } else {
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const found = new Set<string>();
      add(requests, c.resources?.requests);
      add(limits, c.resources?.limits, found);
      if (!qosResources.every((r) => found.has(r))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || lim !== req) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
