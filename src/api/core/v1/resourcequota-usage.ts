// What one object counts against a ResourceQuota (shared by the ResourceQuota admission plugin and the
// resourcequota controller) (upstream's quota evaluators, pkg/quota/v1/evaluator/core):
// object counts, pod compute requests and limits, service node ports and load balancers, claim storage.
import { addQuantities, compareQuantities, type QuantityLike, tryQuantity } from "../../resource/quantity.js";

type Json = Record<string, any>;
export type Usage = Map<string, QuantityLike>;

/** Resources counted by their plain name (the legacy object-count quota names). */
const legacyCounted = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
]);

const add = (u: Usage, k: string, v: QuantityLike) => u.set(k, u.has(k) ? addQuantities(u.get(k)!, v) : v);

/** upstream resourcehelper.PodRequests/PodLimits: max(sum of containers, each init container) + overhead. */
function podResources(spec: Json, field: "requests" | "limits"): Usage {
  const sum: Usage = new Map();
  for (const c of (spec.containers ?? []) as Json[])
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as Record<string, QuantityLike>))
      add(sum, k, v);
  for (const c of (spec.initContainers ?? []) as Json[])
    for (const [k, v] of Object.entries((c.resources?.[field] ?? {}) as Record<string, QuantityLike>)) {
      const cur = sum.get(k);
      const q = tryQuantity(typeof v === "object" ? undefined : v);
      if (q && (cur === undefined || compareQuantities(q, cur) > 0)) sum.set(k, q);
    }
  for (const [k, v] of Object.entries((spec.overhead ?? {}) as Record<string, QuantityLike>)) add(sum, k, v);
  return sum;
}
const terminal = (pod: Json) => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** The usage one object adds; `group`/`plural` name its resource. */
export function usageOf(group: string, plural: string, obj: Json): Usage {
  const u: Usage = new Map();
  if (group === "" && plural === "pods" && terminal(obj)) return u;
  u.set(`count/${plural}${group ? `.${group}` : ""}`, 1);
  if (group === "" && legacyCounted.has(plural)) u.set(plural, 1);
  if (group === "" && plural === "pods") {
    const spec = (obj.spec ?? {}) as Json;
    for (const [k, v] of podResources(spec, "requests")) {
      u.set(`requests.${k}`, v);
      if (k === "cpu" || k === "memory" || k === "ephemeral-storage") u.set(k, v);
    }
    for (const [k, v] of podResources(spec, "limits")) u.set(`limits.${k}`, v);
  }
  if (group === "" && plural === "services") {
    const type = obj.spec?.type as string | undefined;
    if (type === "LoadBalancer") u.set("services.loadbalancers", 1);
    if (type === "NodePort" || type === "LoadBalancer")
      u.set("services.nodeports", ((obj.spec?.ports ?? []) as Json[]).length);
  }
  if (group === "" && plural === "persistentvolumeclaims") {
    const storage = obj.spec?.resources?.requests?.storage as QuantityLike | undefined;
    if (storage !== undefined) u.set("requests.storage", storage);
  }
  return u;
}

export function addUsage(into: Usage, more: Usage): void {
  for (const [k, v] of more) add(into, k, v);
}

/** Which resource a quota name counts ("count/deployments.apps", "pods", "requests.cpu", ...). */
export function quotaResourceFor(name: string): { group: string; plural: string } | undefined {
  if (name.startsWith("count/")) {
    const r = name.slice("count/".length);
    const dot = r.indexOf(".");
    return dot < 0 ? { group: "", plural: r } : { group: r.slice(dot + 1), plural: r.slice(0, dot) };
  }
  if (name.startsWith("services.")) return { group: "", plural: "services" };
  if (name === "requests.storage") return { group: "", plural: "persistentvolumeclaims" };
  if (
    [
      "pods",
      "services",
      "replicationcontrollers",
      "resourcequotas",
      "secrets",
      "configmaps",
      "persistentvolumeclaims",
    ].includes(name)
  )
    return { group: "", plural: name };
  return { group: "", plural: "pods" };
}

interface ScopeRequirement {
  scopeName: string;
  operator: string;
  values?: string[];
}

/** spec.scopes and spec.scopeSelector as one list of requirements (upstream getScopeSelectorsFromQuota). */
export function quotaScopes(spec: Json | undefined): ScopeRequirement[] {
  const out: ScopeRequirement[] = ((spec?.scopes ?? []) as string[]).map((s) => ({
    scopeName: s,
    operator: "Exists",
  }));
  for (const e of (spec?.scopeSelector?.matchExpressions ?? []) as ScopeRequirement[]) out.push(e);
  return out;
}

const isBestEffort = (pod: Json) =>
  [...((pod.spec?.containers ?? []) as Json[]), ...((pod.spec?.initContainers ?? []) as Json[])].every(
    (c) => !Object.keys(c.resources?.requests ?? {}).length && !Object.keys(c.resources?.limits ?? {}).length,
  );

/** upstream podMatchesScopeFunc: does a pod fall under one scope requirement? */
function podMatchesScope(r: ScopeRequirement, pod: Json): boolean {
  switch (r.scopeName) {
    case "Terminating":
      return typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0;
    case "NotTerminating":
      return !(typeof pod.spec?.activeDeadlineSeconds === "number" && pod.spec.activeDeadlineSeconds >= 0);
    case "BestEffort":
      return isBestEffort(pod);
    case "NotBestEffort":
      return !isBestEffort(pod);
    case "PriorityClass": {
      const pc = (pod.spec?.priorityClassName ?? "") as string;
      if (r.operator === "Exists") return pc !== "";
      if (r.operator === "DoesNotExist") return pc === "";
      if (r.operator === "In") return (r.values ?? []).includes(pc);
      if (r.operator === "NotIn") return !(r.values ?? []).includes(pc);
      return false;
    }
    case "CrossNamespacePodAffinity": {
      const terms = [
        ...((pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
          []) as Json[]),
        ...(
          (pod.spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) as Json[]
        ).map((w) => w.podAffinityTerm as Json),
        ...((pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ??
          []) as Json[]),
        ...(
          (pod.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ??
            []) as Json[]
        ).map((w) => w.podAffinityTerm as Json),
      ];
      return terms.some((t) => t?.namespaceSelector || (t?.namespaces as string[] | undefined)?.length);
    }
    default:
      return false;
  }
}

/**
 * Whether a quota with these scopes counts this object: an unscoped quota counts everything; a scoped one
 * only pods that match every scope (upstream's evaluators match scopes for pods alone).
 */
export function quotaMatchesScopes(
  scopes: ScopeRequirement[],
  group: string,
  plural: string,
  obj: Json,
): boolean {
  if (!scopes.length) return true;
  if (group !== "" || plural !== "pods") return false;
  return scopes.every((r) => podMatchesScope(r, obj));
}
