// Shared RBAC rules (pkg/apis/rbac/validation): policy rules, bindings' roleRef and subjects.
import type { PrinterColumn } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, invalid, notSupported, required } from "../../validation/field.js";
import { isDNS1123Subdomain, nameIsPathSegment } from "../../validation/names.js";
import type { PolicyRule, RoleRef, Subject } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

export const GroupName = "rbac.authorization.k8s.io";

export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.verbs?.length) errs.push(required(`${path}.verbs`, "verbs must contain at least one value"));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalid(`${path}.nonResourceURLs`, urls, "namespaced rules cannot apply to non-resource URLs"),
      );
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length)
      errs.push(
        invalid(
          `${path}.nonResourceURLs`,
          urls,
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    return errs;
  }
  if (!rule.apiGroups?.length)
    errs.push(required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (!rule.resources?.length)
    errs.push(required(`${path}.resources`, "resource rules must supply at least one resource"));
  return errs;
}

export function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? "";
  const apiGroup = subject.apiGroup ?? "";
  if (name.length === 0) errs.push(required(`${path}.name`));
  switch (subject.kind) {
    case "ServiceAccount":
      if (name.length > 0)
        for (const m of isDNS1123Subdomain(name)) errs.push(invalid(`${path}.name`, name, m));
      if (apiGroup.length > 0) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [""]));
      if (!namespaced && !subject.namespace) errs.push(required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (apiGroup !== GroupName) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [GroupName]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, subject.kind ?? "", ["ServiceAccount", "User", "Group"]));
  }
  return errs;
}

/** Binding checks; a RoleBinding may reference a Role or a ClusterRole, a ClusterRoleBinding only a ClusterRole. */
export function validateBinding(
  roleRef: RoleRef | undefined,
  subjects: Subject[] | undefined,
  kinds: string[],
  namespaced: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const ref = roleRef ?? { apiGroup: "", kind: "", name: "" };
  if (ref.apiGroup !== GroupName) errs.push(notSupported("roleRef.apiGroup", ref.apiGroup, [GroupName]));
  if (!kinds.includes(ref.kind)) errs.push(notSupported("roleRef.kind", ref.kind, kinds));
  if (!ref.name) errs.push(required("roleRef.name"));
  else for (const m of nameIsPathSegment(ref.name, false)) errs.push(invalid("roleRef.name", ref.name, m));
  (subjects ?? []).forEach((s, i) => errs.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
  return errs;
}

/** roleRef can never change: a binding to a different role is a different binding. */
export function validateRoleRefUnchanged(
  roleRef: RoleRef | undefined,
  old: RoleRef | undefined,
): FieldError[] {
  const a = roleRef ?? { apiGroup: "", kind: "", name: "" };
  const b = old ?? { apiGroup: "", kind: "", name: "" };
  return a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name
    ? []
    : [invalid("roleRef", a, "cannot change roleRef")];
}

export function defaultBinding(obj: { roleRef?: RoleRef; subjects?: Subject[] }): void {
  if (obj.roleRef && !obj.roleRef.apiGroup) obj.roleRef.apiGroup = GroupName;
  for (const s of obj.subjects ?? []) {
    if (s.apiGroup) continue;
    if (s.kind === "ServiceAccount") s.apiGroup = "";
    else if (s.kind === "User" || s.kind === "Group") s.apiGroup = GroupName;
  }
}

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts. */
export function subjectsStrings(subjects: Subject[] | undefined): {
  users: string[];
  groups: string[];
  sas: string[];
} {
  const out = { users: [] as string[], groups: [] as string[], sas: [] as string[] };
  for (const s of subjects ?? []) {
    if (s.kind === "ServiceAccount") out.sas.push(`${s.namespace ?? ""}/${s.name}`);
    else if (s.kind === "User") out.users.push(s.name);
    else if (s.kind === "Group") out.groups.push(s.name);
  }
  return out;
}

type Binding = KubeObject & { roleRef?: RoleRef; subjects?: Subject[] };

/** NAME ROLE AGE, and with -o wide USERS GROUPS SERVICEACCOUNTS (both binding kinds). */
export function bindingColumns(what: string): PrinterColumn[] {
  return [
    nameColumn,
    {
      name: "Role",
      type: "string",
      description:
        "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.",
      priority: 0,
      cell: (o: Binding) => `${o.roleRef?.kind ?? ""}/${o.roleRef?.name ?? ""}`,
    },
    ageColumn,
    {
      name: "Users",
      type: "string",
      description: `Users in the ${what}`,
      priority: 1,
      cell: (o: Binding) => subjectsStrings(o.subjects).users.join(", "),
    },
    {
      name: "Groups",
      type: "string",
      description: `Groups in the ${what}`,
      priority: 1,
      cell: (o: Binding) => subjectsStrings(o.subjects).groups.join(", "),
    },
    {
      name: "ServiceAccounts",
      type: "string",
      description: `ServiceAccounts in the ${what}`,
      priority: 1,
      cell: (o: Binding) => subjectsStrings(o.subjects).sas.join(", "),
    },
  ];
}

/** Go's Time.UTC().Format(time.RFC3339); the zero time when unset. */
function rfc3339(ts: string | undefined): string {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isNaN(t) ? "0001-01-01T00:00:00Z" : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Roles have no printer upstream: the API server's default table (NAME, CREATED AT as an RFC 3339 date). */
export const createdAtColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Created At",
    type: "date",
    description:
      "CreationTimestamp is a timestamp representing the server time when this object was created.",
    priority: 0,
    cell: (o: KubeObject) => rfc3339(o.metadata.creationTimestamp),
  },
];
