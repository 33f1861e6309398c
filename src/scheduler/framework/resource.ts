// Compute resources as the scheduler counts them (upstream's framework.Resource and component-helpers'
// PodRequests): CPU in millicores, everything else in whole units, as plain numbers for the hot path.
import { quantityMilliValue, quantityValue } from "../../api/resource/quantity.js";
import type { Pod } from "./types.js";

type ResourceList = Readonly<Record<string, string | number>> | undefined;

/** Upstream's DefaultMilliCPURequest / DefaultMemoryRequest: what a container without requests counts as when scoring. */
export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

/** Extended (example.com/gpu), prefixed native, hugepages-* and attachable-volumes-* resources (IsScalarResourceName). */
export function isScalarResourceName(name: string): boolean {
  return name.includes("/") || name.startsWith("hugepages-") || name.startsWith("attachable-volumes-");
}

/** The value of one quantity in the unit the scheduler counts that resource in. */
export function resourceValue(name: string, q: string | number): number {
  return name === "cpu" ? quantityMilliValue(q) : quantityValue(q);
}

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  /** Node allocatable "pods". */
  allowedPodNumber = 0;
  scalar: Map<string, number> | null = null;

  static fromList(rl: ResourceList): Resource {
    const r = new Resource();
    r.addList(rl);
    return r;
  }

  addList(rl: ResourceList): void {
    if (!rl) return;
    for (const name in rl) this.addValue(name, resourceValue(name, rl[name]));
  }

  addValue(name: string, v: number): void {
    switch (name) {
      case "cpu":
        this.milliCPU += v;
        break;
      case "memory":
        this.memory += v;
        break;
      case "pods":
        this.allowedPodNumber += v;
        break;
      case "ephemeral-storage":
        this.ephemeralStorage += v;
        break;
      default:
        if (isScalarResourceName(name)) this.setScalar(name, (this.scalar?.get(name) ?? 0) + v);
    }
  }

  setScalar(name: string, v: number): void {
    (this.scalar ??= new Map()).set(name, v);
  }

  getScalar(name: string): number {
    return this.scalar?.get(name) ?? 0;
  }

  /** Adds (sign 1) or subtracts (sign -1) another resource. */
  addResource(o: Resource, sign: number): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    if (o.scalar) for (const [k, v] of o.scalar) this.setScalar(k, this.getScalar(k) + sign * v);
  }

  isZero(): boolean {
    return this.milliCPU === 0 && this.memory === 0 && this.ephemeralStorage === 0 && !this.scalar?.size;
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalar) r.scalar = new Map(this.scalar);
    return r;
  }
}

type Values = Map<string, number>;

function addInto(into: Values, rl: Values): void {
  for (const [k, v] of rl) into.set(k, (into.get(k) ?? 0) + v);
}
function maxInto(into: Values, rl: Values): void {
  for (const [k, v] of rl) {
    const cur = into.get(k);
    if (cur === undefined || v > cur) into.set(k, v);
  }
}
function values(rl: ResourceList, nonMissing?: Values): Values {
  const m: Values = new Map();
  if (rl) for (const name in rl) m.set(name, resourceValue(name, rl[name]));
  if (nonMissing) for (const [k, v] of nonMissing) if (!m.has(k)) m.set(k, v);
  return m;
}

const podLevelResourceNames = (name: string) =>
  name === "cpu" || name === "memory" || name.startsWith("hugepages-");

/**
 * component-helpers' PodRequests: containers add up; init containers run one at a time, each alongside the
 * restartable (sidecar) init containers started before it, so the pod needs the larger of the two; pod-level
 * requests replace the aggregate for the resources they name; the overhead is added on top.
 * `nonMissing` supplies a value for containers that request nothing of a resource (scoring's non-zero view).
 */
export function podRequests(pod: Pod, nonMissing?: Values): Values {
  const spec = pod.spec;
  const reqs: Values = new Map();
  for (const c of spec?.containers ?? []) addInto(reqs, values(c.resources?.requests, nonMissing));
  const sidecars: Values = new Map();
  const initMax: Values = new Map();
  for (const c of spec?.initContainers ?? []) {
    const cr = values(c.resources?.requests, nonMissing);
    if (c.restartPolicy === "Always") {
      addInto(reqs, cr);
      addInto(sidecars, cr);
      maxInto(initMax, sidecars);
    } else {
      const tmp: Values = new Map(cr);
      addInto(tmp, sidecars);
      maxInto(initMax, tmp);
    }
  }
  maxInto(reqs, initMax);
  const podLevel = spec?.resources?.requests;
  if (podLevel) {
    for (const name in podLevel)
      if (podLevelResourceNames(name)) reqs.set(name, resourceValue(name, podLevel[name]));
  }
  if (spec?.overhead) addInto(reqs, values(spec.overhead));
  return reqs;
}

/** What a pod occupies on its node: its requests, and the non-zero CPU/memory scoring counts (PodInfo.CalculateResource). */
export interface PodResource {
  requests: Resource;
  non0CPU: number;
  non0Mem: number;
}

export function calculatePodResource(pod: Pod): PodResource {
  const reqs = podRequests(pod);
  const requests = new Resource();
  for (const [k, v] of reqs) requests.addValue(k, v);
  const podLevel = pod.spec?.resources?.requests;
  const nonMissing: Values = new Map();
  if (!podLevel || !("cpu" in podLevel)) nonMissing.set("cpu", defaultMilliCPURequest);
  if (!podLevel || !("memory" in podLevel)) nonMissing.set("memory", defaultMemoryRequest);
  const non0 = nonMissing.size ? podRequests(pod, nonMissing) : reqs;
  return { requests, non0CPU: non0.get("cpu") ?? 0, non0Mem: non0.get("memory") ?? 0 };
}
