// The rule resolver, as upstream's validation.DefaultRuleResolver: walks the bindings that apply to a user
// and the rules of the roles they reference. ClusterRoles with an aggregationRule contribute the rules of
// every ClusterRole their selectors match (what upstream's aggregation controller writes into them).
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
} from "../../api/rbac/v1/types.js";
import type { UserInfo } from "../authn/user.js";

/** Where the RBAC objects come from (the API server's watch cache). */
export interface RbacSource {
  role(namespace: string, name: string): Role | undefined;
  clusterRole(name: string): ClusterRole | undefined;
  clusterRoles(): Iterable<ClusterRole>;
  roleBindings(namespace: string): Iterable<RoleBinding>;
  clusterRoleBindings(): Iterable<ClusterRoleBinding>;
  /** Changes whenever any object may have changed (the cache's revision); lets aggregation be memoized. */
  revision?(): number;
  /** Changes whenever a RoleBinding or ClusterRoleBinding may have changed; lets bindings be indexed by subject. */
  bindingsVersion?(): string;
}

/** Called per rule; `source` describes the binding it came from; return false to stop. */
export type RuleVisitor = (source: () => string, rule: PolicyRule | undefined, err?: string) => boolean;

export const serviceAccountUsernamePrefix = "system:serviceaccount:";
export const serviceAccountUsername = (namespace: string, name: string) =>
  `${serviceAccountUsernamePrefix}${namespace}:${name}`;

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount")
    return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** The subject of a binding that the user is, if any (upstream appliesTo / appliesToUser). */
export function appliesTo(
  user: UserInfo,
  subjects: Subject[] | undefined,
  namespace: string,
): Subject | undefined {
  for (const s of subjects ?? []) {
    switch (s.kind) {
      case "User":
        if (user.username === s.name) return s;
        break;
      case "Group":
        if (user.groups.includes(s.name)) return s;
        break;
      case "ServiceAccount": {
        const ns = s.namespace || namespace;
        if (ns && user.username === serviceAccountUsername(ns, s.name)) return s;
        break;
      }
    }
  }
  return undefined;
}

interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.LabelSelector semantics; an empty selector matches everything. */
export function selectorMatches(sel: MetaLabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    switch (e.operator) {
      case "In":
        if (!has || !(e.values ?? []).includes(l[e.key])) return false;
        break;
      case "NotIn":
        if (has && (e.values ?? []).includes(l[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Index keys of a binding subject ("" namespace: a ClusterRoleBinding's ServiceAccount must name one). */
function subjectKey(s: Subject, bindingNamespace: string): string | undefined {
  switch (s.kind) {
    case "User":
      return `u:${s.name}`;
    case "Group":
      return `g:${s.name}`;
    case "ServiceAccount": {
      const ns = s.namespace || bindingNamespace;
      return ns ? `u:${serviceAccountUsername(ns, s.name)}` : undefined;
    }
  }
  return undefined;
}

/** The keys under which bindings that may apply to the user are indexed. */
const userKeys = (user: UserInfo) => [`u:${user.username}`, ...user.groups.map((g) => `g:${g}`)];

/** Bindings by subject key, in the source's order. */
class BindingIndex<B extends { subjects?: Subject[] }> {
  private readonly byKey = new Map<string, { at: number; b: B }[]>();
  constructor(bindings: Iterable<B>, namespace: string) {
    let at = 0;
    for (const b of bindings) {
      const keys = new Set<string>();
      for (const s of b.subjects ?? []) {
        const k = subjectKey(s, namespace);
        if (k) keys.add(k);
      }
      for (const k of keys) {
        let list = this.byKey.get(k);
        if (!list) this.byKey.set(k, (list = []));
        list.push({ at, b });
      }
      at++;
    }
  }
  /** The bindings that may apply to the user, in the source's order. */
  candidates(user: UserInfo): B[] {
    const lists = userKeys(user)
      .map((k) => this.byKey.get(k))
      .filter((l): l is { at: number; b: B }[] => !!l);
    if (lists.length === 0) return [];
    if (lists.length === 1) return lists[0].map((e) => e.b);
    const seen = new Set<number>();
    return lists
      .flat()
      .filter((e) => !seen.has(e.at) && !!seen.add(e.at))
      .sort((x, y) => x.at - y.at)
      .map((e) => e.b);
  }
}

export class RuleResolver {
  private aggregated = new Map<string, PolicyRule[]>();
  private aggregatedAt = -1;
  /** Bindings indexed by subject, rebuilt when a binding changes (upstream walks them all per request). */
  private indexVersion = "";
  private clusterIndex?: BindingIndex<ClusterRoleBinding>;
  private readonly namespaceIndex = new Map<string, BindingIndex<RoleBinding>>();
  constructor(readonly source: RbacSource) {}

  private clusterBindingsFor(user: UserInfo): Iterable<ClusterRoleBinding> {
    if (!this.fresh()) return this.source.clusterRoleBindings();
    this.clusterIndex ??= new BindingIndex(this.source.clusterRoleBindings(), "");
    return this.clusterIndex.candidates(user);
  }

  private roleBindingsFor(user: UserInfo, namespace: string): Iterable<RoleBinding> {
    if (!this.fresh()) return this.source.roleBindings(namespace);
    let idx = this.namespaceIndex.get(namespace);
    if (!idx)
      this.namespaceIndex.set(
        namespace,
        (idx = new BindingIndex(this.source.roleBindings(namespace), namespace)),
      );
    return idx.candidates(user);
  }

  /** True when the source can say whether bindings changed; drops stale indexes. */
  private fresh(): boolean {
    const v = this.source.bindingsVersion?.();
    if (v === undefined) return false;
    if (v !== this.indexVersion) {
      this.indexVersion = v;
      this.clusterIndex = undefined;
      this.namespaceIndex.clear();
    }
    return true;
  }

  /** The rules of a ClusterRole, with those its aggregationRule selects. */
  clusterRoleRules(role: ClusterRole): PolicyRule[] {
    const selectors = role.aggregationRule?.clusterRoleSelectors;
    if (!selectors?.length) return role.rules ?? [];
    const rev = this.source.revision?.();
    if (rev === undefined) return this.aggregate(role, selectors);
    if (rev !== this.aggregatedAt) {
      this.aggregated.clear();
      this.aggregatedAt = rev;
    }
    const name = role.metadata?.name ?? "";
    let rules = this.aggregated.get(name);
    if (!rules) this.aggregated.set(name, (rules = this.aggregate(role, selectors)));
    return rules;
  }

  private aggregate(role: ClusterRole, selectors: readonly object[]): PolicyRule[] {
    const rules = [...(role.rules ?? [])];
    const seen = new Set(rules.map((r) => JSON.stringify(r)));
    for (const other of this.source.clusterRoles()) {
      if (other.metadata?.name === role.metadata?.name) continue;
      if (!selectors.some((s) => selectorMatches(s, other.metadata?.labels))) continue;
      for (const r of other.rules ?? []) {
        const k = JSON.stringify(r);
        if (!seen.has(k)) {
          seen.add(k);
          rules.push(r);
        }
      }
    }
    return rules;
  }

  /** The rules a role reference grants in `bindingNamespace` ("" for a ClusterRoleBinding). */
  getRoleReferenceRules(ref: RoleRef, bindingNamespace: string): { rules: PolicyRule[]; err?: string } {
    if (ref.kind === "Role") {
      const r = this.source.role(bindingNamespace, ref.name);
      if (!r)
        return { rules: [], err: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
      return { rules: r.rules ?? [] };
    }
    if (ref.kind === "ClusterRole") {
      const r = this.source.clusterRole(ref.name);
      if (!r)
        return {
          rules: [],
          err: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`,
        };
      return { rules: this.clusterRoleRules(r) };
    }
    return { rules: [], err: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
  }

  /** Visits every rule that applies to the user in `namespace` ("" = cluster scope only). */
  visitRulesFor(user: UserInfo, namespace: string, visit: RuleVisitor): void {
    for (const b of this.clusterBindingsFor(user)) {
      const s = appliesTo(user, b.subjects, "");
      if (!s) continue;
      const { rules, err } = this.getRoleReferenceRules(b.roleRef, "");
      const describe = () =>
        `ClusterRoleBinding ${JSON.stringify(b.metadata?.name ?? "")} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(s, "")}`;
      if (err && !visit(describe, undefined, err)) return;
      for (const r of rules) if (!visit(describe, r)) return;
    }
    if (!namespace) return;
    for (const b of this.roleBindingsFor(user, namespace)) {
      const s = appliesTo(user, b.subjects, namespace);
      if (!s) continue;
      const { rules, err } = this.getRoleReferenceRules(b.roleRef, namespace);
      const describe = () =>
        `RoleBinding ${JSON.stringify(`${b.metadata?.name ?? ""}/${namespace}`)} of ${b.roleRef.kind} ${JSON.stringify(b.roleRef.name)} to ${describeSubject(s, namespace)}`;
      if (err && !visit(describe, undefined, err)) return;
      for (const r of rules) if (!visit(describe, r)) return;
    }
  }

  /** Every rule for the user in the namespace, and resolution errors. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const rules: PolicyRule[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_s, r, err) => {
      if (r) rules.push(r);
      if (err) errors.push(err);
      return true;
    });
    return { rules, errors };
  }
}
