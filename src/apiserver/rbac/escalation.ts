// Escalation prevention, as upstream's rbac registry (policybased storage + validation.ConfirmNoEscalation):
// a Role/ClusterRole may only hold rules its writer holds (unless the writer may `escalate` it), and a
// binding may only reference a role whose rules the writer holds (unless the writer may `bind` it).
// Members of system:masters are exempt (EscalationAllowed).
import type { PolicyRule, RoleRef } from "../../api/rbac/v1/types.js";
import type { UserInfo } from "../authn/user.js";
import type { Authorizer } from "../authz/authorizer.js";
import type { AdmissionPlugin, Attributes } from "../admission/admission.js";
import { forbidden, notFound } from "../errors.js";
import { SystemPrivilegedGroup } from "./authorizer.js";
import type { RuleResolver } from "./resolver.js";
import { apiGroupMatches, nonResourceURLMatches, verbMatches } from "./rules.js";

export const GroupName = "rbac.authorization.k8s.io";

/** Splits a rule into rules of one group, one resource, one verb, (one name) — upstream BreakdownRule. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? [])
      for (const verb of rule.verbs) {
        if ((rule.resourceNames ?? []).length)
          for (const name of rule.resourceNames!)
            out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
  for (const url of rule.nonResourceURLs ?? [])
    for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function hasAll(have: string[] | undefined, want: string[] | undefined): boolean {
  const h = have ?? [];
  return (want ?? []).every((w) => h.includes(w));
}

/** upstream resourceCoversAll: "*", exact, or "*\/sub" covering "res/sub". */
function resourcesCovered(owner: string[] | undefined, requested: string[] | undefined): boolean {
  const o = owner ?? [];
  if (o.includes("*")) return true;
  return (requested ?? []).every((r) => {
    if (o.includes(r)) return true;
    const slash = r.indexOf("/");
    return slash >= 0 && o.includes(`*/${r.slice(slash + 1)}`);
  });
}

/** Whether one owner rule grants everything in a requested rule (upstream ruleCovers). */
export function ruleCovers(owner: PolicyRule, requested: PolicyRule): boolean {
  const verbs = requested.verbs.every((v) => verbMatches(owner, v));
  const groups = (requested.apiGroups ?? []).every((g) => apiGroupMatches(owner, g));
  const resources = resourcesCovered(owner.resources, requested.resources);
  const urls = (requested.nonResourceURLs ?? []).every((u) =>
    u.endsWith("*")
      ? (owner.nonResourceURLs ?? []).some(
          (o) => o === "*" || o === u || (o.endsWith("*") && u.startsWith(o.slice(0, -1))),
        )
      : nonResourceURLMatches(owner, u),
  );
  const names =
    (owner.resourceNames ?? []).length === 0 || hasAll(owner.resourceNames, requested.resourceNames);
  return verbs && groups && resources && urls && names;
}

/** The atomic rules of `requested` no rule of `owner` covers (upstream validation.Covers). */
export function uncoveredRules(owner: PolicyRule[], requested: PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const r of requested)
    for (const atom of breakdownRule(r)) if (!owner.some((o) => ruleCovers(o, atom))) missing.push(atom);
  return missing;
}

/** Merges simple rules (one group, one resource, no names) by group and resource — upstream CompactRules. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple =
      (r.apiGroups ?? []).length === 1 &&
      (r.resources ?? []).length === 1 &&
      !(r.resourceNames ?? []).length &&
      !(r.nonResourceURLs ?? []).length;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const cur = simple.get(key);
    if (cur) {
      for (const v of r.verbs) if (!cur.verbs.includes(v)) cur.verbs.push(v);
    } else {
      const c: PolicyRule = {
        apiGroups: [...r.apiGroups!],
        resources: [...r.resources!],
        verbs: [...r.verbs],
      };
      simple.set(key, c);
      out.push(c);
    }
  }
  return out;
}

/** Go's %q of a []string: ["a" "b"]. */
const goStrings = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(" ")}]`;

/** upstream rbacv1helpers.CompactString. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups?.length) parts.push(`APIGroups:${goStrings(r.apiGroups)}`);
  if (r.resources?.length) parts.push(`Resources:${goStrings(r.resources)}`);
  if (r.nonResourceURLs?.length) parts.push(`NonResourceURLs:${goStrings(r.nonResourceURLs)}`);
  if (r.resourceNames?.length) parts.push(`ResourceNames:${goStrings(r.resourceNames)}`);
  if (r.verbs.length) parts.push(`Verbs:${goStrings(r.verbs)}`);
  return `{${parts.join(", ")}}`;
}

/** null when the user holds every rule; else upstream's Forbidden message body. */
export function escalationMessage(
  resolver: RuleResolver,
  user: UserInfo,
  namespace: string,
  rules: PolicyRule[],
): string | null {
  const held = resolver.rulesFor(user, namespace);
  const missing = uncoveredRules(held.rules, rules);
  if (!missing.length) return null;
  let msg = `user ${JSON.stringify(user.username)} (groups=${goStrings(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${compactRules(missing).map(compactString).join("\n")}`;
  if (held.errors.length) msg += `; resolution errors: [${held.errors.join(" ")}]`;
  return msg;
}

const fullAuthority: PolicyRule[] = [
  { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
  { verbs: ["*"], nonResourceURLs: ["*"] },
];

/** The admission step for writes of rbac.authorization.k8s.io objects. */
export function rbacEscalationCheck(resolver: RuleResolver, authorizer: Authorizer): AdmissionPlugin {
  const may = async (user: UserInfo, verb: string, resource: string, namespace: string, name: string) =>
    (
      await authorizer.authorize({
        user,
        verb,
        resourceRequest: true,
        path: "",
        namespace,
        apiGroup: GroupName,
        apiVersion: "",
        resource,
        subresource: "",
        name,
      })
    ).decision === "Allow";
  return {
    name: "RBACEscalation",
    async admit(a: Attributes): Promise<void> {
      if (a.resource.group !== GroupName || a.subresource) return;
      if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
      if (!a.object || a.user.groups.includes(SystemPrivilegedGroup)) return;
      const obj = a.object as {
        metadata?: { name?: string };
        rules?: PolicyRule[];
        aggregationRule?: { clusterRoleSelectors?: unknown[] };
        roleRef?: RoleRef;
      };
      const name = a.name || obj.metadata?.name || "";
      const gr = a.resource.gr;
      switch (a.resource.plural) {
        case "roles":
        case "clusterroles": {
          if (await may(a.user, "escalate", a.resource.plural, a.namespace, name)) return;
          // An aggregated ClusterRole may come to hold anything: it takes full authority to write one.
          const rules = obj.aggregationRule?.clusterRoleSelectors?.length ? fullAuthority : (obj.rules ?? []);
          const msg = escalationMessage(resolver, a.user, a.namespace, rules);
          if (msg) throw forbidden(gr, name, msg);
          return;
        }
        case "rolebindings":
        case "clusterrolebindings": {
          const ref = obj.roleRef;
          if (!ref) return;
          const refResource = ref.kind === "Role" ? "roles" : "clusterroles";
          if (await may(a.user, "bind", refResource, a.namespace, ref.name)) return;
          const r = resolver.getRoleReferenceRules(ref, a.namespace);
          if (r.err) throw notFound({ group: GroupName, resource: refResource }, ref.name);
          const msg = escalationMessage(resolver, a.user, a.namespace, r.rules);
          if (msg) throw forbidden(gr, name, msg);
          return;
        }
      }
    },
  };
}
