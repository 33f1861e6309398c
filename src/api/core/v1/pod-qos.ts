// The pod's QoS class as upstream's GetPodQOS (pkg/apis/core/helper/qos): Guaranteed when every
// container sets equal cpu and memory requests and limits, BestEffort when none sets any, else Burstable.
import { compareQuantities, addQuantities, tryQuantity, type Quantity } from "../../resource/quantity.js";
import type { Pod } from "./pod.js";
import type { ResourceList } from "./resources.js";

const qosResources = ["cpu", "memory"];

// Kept for importers of this module; defined in src/api/resource/quantity.ts.
export { tryQuantity };

export type PodQOSClass = "Guaranteed" | "Burstable" | "BestEffort";

export function getPodQOS(pod: Pod): PodQOSClass {
  const spec = pod.spec ?? { containers: [] };
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (into: Map<string, Quantity>, list: ResourceList | undefined, found?: Set<string>) => {
    for (const [name, text] of Object.entries(list ?? {})) {
      if (!qosResources.includes(name)) continue;
      const q = tryQuantity(text);
      if (!q || compareQuantities(q, 0) <= 0) continue;
      found?.add(name);
      const prev = into.get(name);
      into.set(name, prev ? addQuantities(prev, q) : q);
    }
  };
  // Pod-level resources (PodLevelResources), when set, decide alone.
  const podLevel = spec.resources;
  const podLevelSet =
    podLevel &&
    (Object.keys(podLevel.requests ?? {}).length > 0 || Object.keys(podLevel.limits ?? {}).length > 0);
  const sources = podLevelSet
    ? [podLevel]
    : [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.resources);
  for (const r of sources) {
    const found = new Set<string>();
    add(requests, r?.requests);
    add(limits, r?.limits, found);
    if (!qosResources.every((name) => found.has(name))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantities(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
