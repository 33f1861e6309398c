// The ResourceQuota admission plugin: an object whose creation would take a namespace past one of its
// ResourceQuotas' hard limits is refused with upstream's message, and pods must state requests/limits for
// the cpu and memory a quota constrains. Usage is counted from the watch cache (what the quota controller
// writes into status.used); a scoped quota constrains only the pods in its scopes.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { canonicalQuantity, compareQuantities, type QuantityLike } from "../../../api/resource/quantity.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";
import {
  addUsage,
  quotaMatchesScopes,
  quotaResourceFor,
  quotaScopes,
  usageOf,
  type Usage,
} from "../../../api/core/v1/resourcequota-usage.js";

type Json = Record<string, any>;

export interface ResourceQuotaDeps {
  list(group: string, plural: string, namespace: string): Iterable<KubeObject>;
}

/** upstream prettyPrint: sorted key=value pairs. */
const prettyPrint = (u: Usage) =>
  [...u.keys()]
    .sort()
    .map((k) => `${k}=${canonicalQuantity(u.get(k)!)}`)
    .join(",");

const constrained = new Set([
  "cpu",
  "memory",
  "requests.cpu",
  "requests.memory",
  "limits.cpu",
  "limits.memory",
]);

/** upstream podEvaluator.Constraints: every container states what a cpu/memory quota counts. */
function podConstraints(required: string[], pod: Json): string | undefined {
  const missing = new Map<string, Set<string>>();
  for (const c of [
    ...((pod.spec?.containers ?? []) as Json[]),
    ...((pod.spec?.initContainers ?? []) as Json[]),
  ])
    for (const r of required) {
      if (!constrained.has(r)) continue;
      const isLimit = r.startsWith("limits.");
      const base = r.replace(/^(requests|limits)\./, "");
      const list = (isLimit ? c.resources?.limits : c.resources?.requests) as
        Record<string, unknown> | undefined;
      if (!list || !(base in list)) {
        if (!missing.has(r)) missing.set(r, new Set());
        missing.get(r)!.add(c.name);
      }
    }
  if (!missing.size) return undefined;
  return `must specify ${[...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(",")}`)
    .join("; ")}`;
}

export function resourceQuota(deps: ResourceQuotaDeps): AdmissionPlugin {
  return {
    name: "ResourceQuota",
    validate(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource || !a.namespace || !a.object) return;
      const quotas = [...deps.list("", "resourcequotas", a.namespace)] as Json[];
      if (!quotas.length) return;
      const group = a.resource.group;
      const plural = a.resource.plural;
      const delta = usageOf(group, plural, a.object);
      for (const q of quotas) {
        // a scoped quota constrains only the pods in its scopes
        const scopes = quotaScopes(q.spec as Json | undefined);
        if (!quotaMatchesScopes(scopes, group, plural, a.object)) continue;
        const hard = (q.spec?.hard ?? {}) as Record<string, QuantityLike>;
        const names = Object.keys(hard);
        if (group === "" && plural === "pods") {
          const err = podConstraints(names, a.object);
          if (err) throw forbidden(a.resource.gr, a.name, `failed quota: ${q.metadata.name}: ${err}`);
        }
        const requested: Usage = new Map([...delta].filter(([k]) => k in hard));
        if (!requested.size) continue;
        // current usage of the resources requested, as the quota controller would count it
        const used: Usage = new Map();
        const counted = new Set<string>();
        for (const k of requested.keys()) {
          const r = quotaResourceFor(k);
          if (!r || counted.has(`${r.group}/${r.plural}`)) continue;
          counted.add(`${r.group}/${r.plural}`);
          for (const o of deps.list(r.group, r.plural, a.namespace)) {
            if (o.metadata.deletionTimestamp && r.plural === "pods") continue;
            if (!quotaMatchesScopes(scopes, r.group, r.plural, o)) continue;
            const u = usageOf(r.group, r.plural, o);
            addUsage(used, new Map([...u].filter(([name]) => requested.has(name))));
          }
        }
        for (const k of requested.keys()) if (!used.has(k)) used.set(k, 0);
        const exceeded = [...requested.keys()].filter((k) => {
          const total: Usage = new Map([[k, used.get(k)!]]);
          addUsage(total, new Map([[k, requested.get(k)!]]));
          return compareQuantities(total.get(k)!, hard[k]) > 0;
        });
        if (!exceeded.length) continue;
        const mask = (u: Usage | Record<string, QuantityLike>) =>
          new Map(exceeded.map((k) => [k, u instanceof Map ? u.get(k)! : u[k]]));
        throw forbidden(
          a.resource.gr,
          a.name,
          `exceeded quota: ${q.metadata.name}, requested: ${prettyPrint(mask(requested))}, used: ${prettyPrint(mask(used))}, limited: ${prettyPrint(mask(hard))}`,
        );
      }
    },
  };
}
