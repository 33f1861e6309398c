import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { roles } from "./role.js";
import { clusterRoles } from "./clusterrole.js";
import { roleBindings } from "./rolebinding.js";
import { clusterRoleBindings } from "./clusterrolebinding.js";
import { ClusterRole, RoleBinding } from "./types.js";
import { resources } from "./index.js";

FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

// The aggregated "view"-style ClusterRole and a binding, as in the RBAC docs.
const aggregated = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "monitoring", creationTimestamp: "2024-01-01T00:00:00Z" },
  aggregationRule: {
    clusterRoleSelectors: [{ matchLabels: { "rbac.example.com/aggregate-to-monitoring": "true" } }],
  },
  rules: [],
};
const binding = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: { name: "read-pods", namespace: "default", creationTimestamp: "2024-01-01T00:00:00Z" },
  subjects: [
    { kind: "User", name: "jane", apiGroup: "rbac.authorization.k8s.io" },
    { kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" },
    { kind: "ServiceAccount", name: "default", namespace: "kube-system" },
  ],
  roleRef: { kind: "Role", name: "pod-reader", apiGroup: "rbac.authorization.k8s.io" },
};

test("schemas accept docs manifests and reject unknown fields", () => {
  assert.deepEqual(
    [...Value.Errors(ClusterRole, aggregated)].map((e) => e.path),
    [],
  );
  assert.deepEqual(
    [...Value.Errors(RoleBinding, binding)].map((e) => e.path),
    [],
  );
  assert.equal(
    Value.Check(RoleBinding, { ...binding, roleRef: { ...binding.roleRef, namespace: "x" } }),
    false,
  );
});

test("discovery order, scope, names are path segments", () => {
  assert.deepEqual(
    resources.map((r) => [r.plural, r.namespaced]),
    [
      ["clusterrolebindings", false],
      ["clusterroles", false],
      ["rolebindings", true],
      ["roles", true],
    ],
  );
  assert.deepEqual(roles.nameValidator!("system:controller:foo", false), []);
  assert.deepEqual(roles.nameValidator!("a/b", false), ["may not contain '/'"]);
});

test("policy rules", () => {
  const role = (rules: any[]): any => ({ metadata: { name: "r", namespace: "d" }, rules });
  assert.deepEqual(roles.validate!(role([{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }])), []);
  assert.deepEqual(roles.validate!(role([{ apiGroups: [""], resources: ["pods"] }])).map(errorString), [
    "rules[0].verbs: Required value: verbs must contain at least one value",
  ]);
  assert.deepEqual(roles.validate!(role([{ verbs: ["get"] }])).map(errorString), [
    "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
    "rules[0].resources: Required value: resource rules must supply at least one resource",
  ]);
  assert.deepEqual(
    roles.validate!(role([{ verbs: ["get"], nonResourceURLs: ["/healthz"] }])).map(errorString),
    [
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ],
  );
  // ClusterRoles may grant non-resource URLs.
  assert.deepEqual(
    clusterRoles.validate!({
      metadata: { name: "c" },
      rules: [{ verbs: ["get"], nonResourceURLs: ["/healthz"] }],
    } as any),
    [],
  );
});

test("aggregationRule needs selectors", () => {
  assert.deepEqual(clusterRoles.validate!(structuredClone(aggregated) as any), []);
  assert.deepEqual(
    clusterRoles.validate!({ metadata: { name: "c" }, aggregationRule: {} } as any).map(errorString),
    [
      "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    ],
  );
});

test("binding defaults: roleRef and subject apiGroup", () => {
  const b: any = {
    metadata: { name: "b", namespace: "d" },
    roleRef: { kind: "Role", name: "r" },
    subjects: [
      { kind: "User", name: "u" },
      { kind: "ServiceAccount", name: "s" },
      { kind: "Group", name: "g" },
    ],
  };
  roleBindings.defaults!(b);
  assert.equal(b.roleRef.apiGroup, "rbac.authorization.k8s.io");
  assert.deepEqual(
    b.subjects.map((s: any) => s.apiGroup),
    ["rbac.authorization.k8s.io", "", "rbac.authorization.k8s.io"],
  );
  assert.deepEqual(roleBindings.validate!(b), []);
});

test("binding validation", () => {
  const b: any = structuredClone(binding);
  b.roleRef.kind = "Policy";
  b.subjects.push({ kind: "Robot", name: "r" }, { kind: "User", name: "x", apiGroup: "" });
  assert.deepEqual(roleBindings.validate!(b).map(errorString), [
    'roleRef.kind: Unsupported value: "Policy": supported values: "Role", "ClusterRole"',
    'subjects[3].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    'subjects[4].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
  ]);
  const crb: any = {
    metadata: { name: "c" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
    subjects: [{ kind: "ServiceAccount", name: "default", apiGroup: "" }],
  };
  assert.deepEqual(clusterRoleBindings.validate!(crb).map(errorString), [
    'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    "subjects[0].namespace: Required value",
  ]);
});

test("roleRef is immutable", () => {
  const old: any = structuredClone(binding);
  const b: any = structuredClone(binding);
  b.roleRef.name = "pod-writer";
  const errs = roleBindings.validateUpdate!(b, old);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, "roleRef");
  assert.equal(errs[0].detail, "cannot change roleRef");
  b.roleRef.name = "pod-reader";
  b.subjects = [];
  assert.deepEqual(roleBindings.validateUpdate!(b, old), []);
});

test("columns: roles NAME CREATED AT; bindings NAME ROLE AGE + wide USERS GROUPS SERVICEACCOUNTS", () => {
  assert.deepEqual(
    roles.printerColumns!.map((c) => [c.name.toUpperCase(), c.type]),
    [
      ["NAME", "string"],
      ["CREATED AT", "date"],
    ],
  );
  assert.deepEqual(
    clusterRoles.printerColumns!.map((c) => c.cell(aggregated, 0)),
    ["monitoring", "2024-01-01T00:00:00Z"],
  );
  const cols = roleBindings.printerColumns!;
  assert.deepEqual(
    cols.map((c) => [c.name.toUpperCase(), c.priority]),
    [
      ["NAME", 0],
      ["ROLE", 0],
      ["AGE", 0],
      ["USERS", 1],
      ["GROUPS", 1],
      ["SERVICEACCOUNTS", 1],
    ],
  );
  const now = Date.parse("2024-01-01T03:30:00Z");
  assert.deepEqual(
    cols.map((c) => c.cell(binding, now)),
    ["read-pods", "Role/pod-reader", "3h30m", "jane", "devs", "kube-system/default"],
  );
});
