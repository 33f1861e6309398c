// The kubelet's admission of a pod bound to it (lifecycle/predicate.go, the scheduler's GeneralPredicates
// the kubelet re-checks): node affinity (nodeSelector and required node affinity), host ports, and the
// pods/cpu/memory the node has left. A rejected pod is Failed with "Pod was rejected: <message>".
import type { Pod } from "../../api/core/v1/pod.js";
import { quantityMilliValue, quantityValue, tryQuantity } from "../../api/resource/quantity.js";

export type AdmitResult = { admit: true } | { admit: false; reason: string; message: string };

export interface NodeForAdmission {
  name: string;
  labels: Record<string, string>;
  /** Allocatable pods, milli-CPU and memory bytes. */
  pods: number;
  milliCPU: number;
  memoryBytes: number;
}

type Requirement = { key: string; operator: string; values?: string[] };

function requirementMatches(r: Requirement, value: string | undefined): boolean {
  const vals = r.values ?? [];
  switch (r.operator) {
    case "In":
      return value !== undefined && vals.includes(value);
    case "NotIn":
      return value === undefined || !vals.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || vals.length !== 1 || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(vals[0]))
        return false;
      return r.operator === "Gt" ? Number(value) > Number(vals[0]) : Number(value) < Number(vals[0]);
    }
    default:
      return false;
  }
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution (terms ORed, requirements ANDed). */
export function nodeAffinityMatches(pod: Pod, node: Pick<NodeForAdmission, "name" | "labels">): boolean {
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (node.labels[k] !== v) return false;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined) return true;
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? [];
    const fields = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return (
      exprs.every((r) => requirementMatches(r, node.labels[r.key])) &&
      fields.every((r) => r.key === "metadata.name" && requirementMatches(r, node.name))
    );
  });
}

/** The pod's effective request of a resource: max(sum of containers, largest init container) + overhead. */
export function podRequest(pod: Pod, resource: "cpu" | "memory"): number {
  const value = (q: string | number | undefined) => {
    const p = tryQuantity(q);
    if (p === undefined) return 0;
    return resource === "cpu" ? quantityMilliValue(p) : quantityValue(p);
  };
  const req = (c: { resources?: { requests?: Record<string, string | number> } }) =>
    value(c.resources?.requests?.[resource]);
  const sum = (pod.spec?.containers ?? []).reduce((a, c) => a + req(c), 0);
  const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map(req));
  return Math.max(sum, init) + value(pod.spec?.overhead?.[resource]);
}

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.hostPort) out.push(`${p.protocol ?? "TCP"}/${p.hostIP || "0.0.0.0"}/${p.hostPort}`);
  return out;
}

function portsConflict(a: string, b: string): boolean {
  const [pa, ia, na] = a.split("/");
  const [pb, ib, nb] = b.split("/");
  return pa === pb && na === nb && (ia === ib || ia === "0.0.0.0" || ib === "0.0.0.0");
}

/** canAdmitPod against the pods already admitted (and still active) on this node. */
export function admitPod(pod: Pod, active: Pod[], node: NodeForAdmission): AdmitResult {
  if (!nodeAffinityMatches(pod, node))
    return { admit: false, reason: "NodeAffinity", message: "Predicate NodeAffinity failed" };
  const used = active.flatMap(hostPorts);
  if (hostPorts(pod).some((p) => used.some((u) => portsConflict(p, u))))
    return { admit: false, reason: "NodePorts", message: "Predicate NodePorts failed" };
  if (active.length + 1 > node.pods) return insufficient("pods", 1, active.length, node.pods);
  for (const [resource, capacity] of [
    ["cpu", node.milliCPU],
    ["memory", node.memoryBytes],
  ] as const) {
    const want = podRequest(pod, resource);
    if (want === 0) continue;
    const inUse = active.reduce((a, p) => a + podRequest(p, resource), 0);
    if (inUse + want > capacity) return insufficient(resource, want, inUse, capacity);
  }
  return { admit: true };
}

function insufficient(resource: string, requested: number, used: number, capacity: number): AdmitResult {
  return {
    admit: false,
    reason: `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}
