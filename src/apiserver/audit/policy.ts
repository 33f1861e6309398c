// The audit Policy (audit.k8s.io/v1, --audit-policy-file): the first rule that matches a request gives its
// level (None, Metadata, Request, RequestResponse) and the stages to leave out; no rule matching means None,
// as upstream's policy checker decides.
import YAML from "yaml";

export type Level = "None" | "Metadata" | "Request" | "RequestResponse";
export type Stage = "RequestReceived" | "ResponseStarted" | "ResponseComplete" | "Panic";

export const levels: Level[] = ["None", "Metadata", "Request", "RequestResponse"];
const stages: Stage[] = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];

export interface GroupResources {
  group?: string;
  resources?: string[];
  resourceNames?: string[];
}

export interface PolicyRule {
  level: Level;
  users?: string[];
  userGroups?: string[];
  verbs?: string[];
  resources?: GroupResources[];
  namespaces?: string[];
  nonResourceURLs?: string[];
  omitStages?: Stage[];
}

export interface Policy {
  rules: PolicyRule[];
  omitStages: Stage[];
}

/** What the policy looks at in a request. */
export interface RequestAttributes {
  user: { username: string; groups: string[] };
  verb: string;
  resourceRequest: boolean;
  path: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

function strings(v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new Error(`${path}: must be a list of strings`);
  return v as string[];
}

function stageList(v: unknown, path: string): Stage[] {
  const s = strings(v, path) ?? [];
  for (const x of s)
    if (!stages.includes(x as Stage))
      throw new Error(`${path}: Unsupported value: "${x}": supported values: "${stages.join('", "')}"`);
  return s as Stage[];
}

/** Parses and validates a policy file (YAML or JSON); throws with the field path, as upstream refuses to start. */
export function parsePolicy(text: string): Policy {
  const doc = YAML.parse(text) as Record<string, any> | null;
  if (!doc || doc.kind !== "Policy" || !/^audit\.k8s\.io\/v1/.test(String(doc.apiVersion)))
    throw new Error("audit policy: kind must be Policy in audit.k8s.io/v1");
  const rules = doc.rules as unknown;
  if (!Array.isArray(rules) || !rules.length)
    throw new Error("rules: Required value: at least one rule is required");
  return {
    omitStages: stageList(doc.omitStages, "omitStages"),
    rules: rules.map((r: Record<string, any>, i): PolicyRule => {
      const p = `rules[${i}]`;
      if (!levels.includes(r?.level))
        throw new Error(`${p}.level: Unsupported value: ${JSON.stringify(r?.level)}`);
      const rule: PolicyRule = {
        level: r.level as Level,
        omitStages: stageList(r.omitStages, `${p}.omitStages`),
      };
      for (const k of ["users", "userGroups", "verbs", "namespaces", "nonResourceURLs"] as const) {
        const v = strings(r[k], `${p}.${k}`);
        if (v) rule[k] = v;
      }
      if (r.resources !== undefined) {
        if (!Array.isArray(r.resources)) throw new Error(`${p}.resources: must be a list`);
        rule.resources = (r.resources as Record<string, unknown>[]).map((g, j) => ({
          group: typeof g.group === "string" ? g.group : "",
          resources: strings(g.resources, `${p}.resources[${j}].resources`),
          resourceNames: strings(g.resourceNames, `${p}.resources[${j}].resourceNames`),
        }));
      }
      if (rule.nonResourceURLs && (rule.resources || rule.namespaces))
        throw new Error(
          `${p}.nonResourceURLs: Invalid value: rules cannot apply to both regular resources and non-resource URLs`,
        );
      return rule;
    }),
  };
}

/** upstream ruleMatchesResource: "pods", "pods/log", "pods/*", "*" and "*\/status" forms. */
function resourceMatches(gr: GroupResources, a: RequestAttributes): boolean {
  if ((gr.group ?? "") !== a.apiGroup) return false;
  if (gr.resources?.length) {
    const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const hit = gr.resources.some(
      (r) =>
        r === full || r === "*" || (a.subresource && (r === `${a.resource}/*` || r === `*/${a.subresource}`)),
    );
    if (!hit) return false;
  }
  if (gr.resourceNames?.length && !gr.resourceNames.includes(a.name)) return false;
  return true;
}

function ruleMatches(r: PolicyRule, a: RequestAttributes): boolean {
  if (r.users?.length && !r.users.includes(a.user.username)) return false;
  if (r.userGroups?.length && !a.user.groups.some((g) => r.userGroups!.includes(g))) return false;
  if (r.verbs?.length && !r.verbs.includes(a.verb)) return false;
  // a rule naming resources or namespaces applies to resource requests, one naming URLs to the rest
  if (r.namespaces?.length || r.resources?.length) {
    if (!a.resourceRequest) return false;
    if (r.namespaces?.length && !r.namespaces.includes(a.namespace)) return false;
    if (r.resources?.length && !r.resources.some((gr) => resourceMatches(gr, a))) return false;
  }
  if (r.nonResourceURLs?.length) {
    if (a.resourceRequest) return false;
    const hit = r.nonResourceURLs.some((u) =>
      u.endsWith("*") ? a.path.startsWith(u.slice(0, -1)) : u === a.path,
    );
    if (!hit) return false;
  }
  return true;
}

/** The level and omitted stages for a request. */
export function evaluatePolicy(p: Policy, a: RequestAttributes): { level: Level; omitStages: Stage[] } {
  for (const r of p.rules)
    if (ruleMatches(r, a))
      return { level: r.level, omitStages: [...new Set([...p.omitStages, ...(r.omitStages ?? [])])] };
  return { level: "None", omitStages: p.omitStages };
}
