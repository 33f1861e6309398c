import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../testing/harness.js";
import { ruleAllows } from "./rules.js";
import { compactString, uncoveredRules } from "./escalation.js";
import type { AuthorizationAttributes } from "../authz/authorizer.js";

let h: Harness;
before(async () => {
  h = await startHarness({ authorizationMode: "RBAC" });
  const ns = await h.req("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } },
  });
  assert.equal(ns.status, 201, ns.text);
});
after(async () => {
  await h.stop();
});

const rbacPath = (ns: string, plural: string) =>
  ns
    ? `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/${plural}`
    : `/apis/rbac.authorization.k8s.io/v1/${plural}`;

async function create(ns: string, plural: string, body: object, token?: string) {
  return h.req("POST", rbacPath(ns, plural), { body, token });
}

const attrs = (o: Partial<AuthorizationAttributes>): AuthorizationAttributes => ({
  user: { username: "u", groups: [] },
  verb: "get",
  resourceRequest: true,
  path: "",
  namespace: "",
  apiGroup: "",
  apiVersion: "v1",
  resource: "pods",
  subresource: "",
  name: "",
  ...o,
});

test("rules match verbs, groups, subresources, names and non-resource URLs with wildcards", () => {
  assert.equal(
    ruleAllows(attrs({ subresource: "log" }), { verbs: ["get"], apiGroups: [""], resources: ["pods"] }),
    false,
  );
  assert.equal(
    ruleAllows(attrs({ subresource: "log" }), { verbs: ["get"], apiGroups: [""], resources: ["pods/log"] }),
    true,
  );
  assert.equal(
    ruleAllows(attrs({ subresource: "log" }), { verbs: ["get"], apiGroups: [""], resources: ["*/log"] }),
    true,
  );
  assert.equal(
    ruleAllows(attrs({ name: "a" }), {
      verbs: ["*"],
      apiGroups: ["*"],
      resources: ["pods"],
      resourceNames: ["b"],
    }),
    false,
  );
  assert.equal(
    ruleAllows(attrs({ name: "b" }), {
      verbs: ["*"],
      apiGroups: ["*"],
      resources: ["pods"],
      resourceNames: ["b"],
    }),
    true,
  );
  assert.equal(
    ruleAllows(attrs({ apiGroup: "apps" }), { verbs: ["get"], apiGroups: [""], resources: ["*"] }),
    false,
  );
  const nr = attrs({ resourceRequest: false, path: "/apis/apps/v1" });
  assert.equal(ruleAllows(nr, { verbs: ["get"], nonResourceURLs: ["/apis/*"] }), true);
  assert.equal(ruleAllows(nr, { verbs: ["get"], nonResourceURLs: ["/apis"] }), false);
});

test("escalation coverage and upstream's compact rule strings", () => {
  const missing = uncoveredRules(
    [{ verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] }],
    [{ verbs: ["get", "delete"], apiGroups: [""], resources: ["pods", "secrets"] }],
  );
  assert.deepEqual(missing.map(compactString), [
    '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    '{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    '{APIGroups:[""], Resources:["secrets"], Verbs:["delete"]}',
  ]);
});

test("a RoleBinding grants its Role in its namespace only, with upstream's 403 wording otherwise", async () => {
  assert.equal(
    (
      await create("dev", "roles", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "pod-reader" },
        rules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] }],
      })
    ).status,
    201,
  );
  assert.equal(
    (
      await create("dev", "rolebindings", {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "reader" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
        subjects: [{ kind: "ServiceAccount", name: "reader", namespace: "dev" }],
      })
    ).status,
    201,
  );
  // the harness authenticates "Bearer user-<name>" as <name> in system:authenticated
  const sa = "user-system:serviceaccount:dev:reader";
  const ok = await h.req("GET", "/api/v1/namespaces/dev/pods", { token: sa });
  assert.equal(ok.status, 200, ok.text);
  const denied = await h.req("GET", "/api/v1/namespaces/dev/secrets", { token: sa });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.json.message,
    'secrets is forbidden: User "system:serviceaccount:dev:reader" cannot list resource "secrets" in API group "" in the namespace "dev"',
  );
  assert.equal(denied.json.reason, "Forbidden");
  assert.deepEqual(denied.json.details, { kind: "secrets" });
  const other = await h.req("GET", "/api/v1/namespaces/default/pods", { token: sa });
  assert.equal(other.status, 403);
  const cluster = await h.req("GET", "/api/v1/nodes", { token: sa });
  assert.equal(
    cluster.json.message,
    'nodes is forbidden: User "system:serviceaccount:dev:reader" cannot list resource "nodes" in API group "" at the cluster scope',
  );
});

test("resourceNames allow a list whose fieldSelector pins metadata.name to one of them", async () => {
  const cm = await h.req("POST", "/api/v1/namespaces/dev/configmaps", {
    body: { metadata: { name: "one" } },
  });
  assert.equal(cm.status, 201, cm.text);
  const role = await create("dev", "roles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "one-configmap" },
    rules: [{ verbs: ["list", "watch"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["one"] }],
  });
  assert.equal(role.status, 201, role.text);
  const binding = await create("dev", "rolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "one-configmap" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "one-configmap" },
    subjects: [{ kind: "User", name: "named-reader", apiGroup: "rbac.authorization.k8s.io" }],
  });
  assert.equal(binding.status, 201, binding.text);
  const token = "user-named-reader";
  const cms = "/api/v1/namespaces/dev/configmaps";
  const ok = await h.req("GET", `${cms}?fieldSelector=metadata.name%3Done`, { token });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(
    ok.json.items.map((o: any) => o.metadata.name),
    ["one"],
  );
  assert.equal((await h.req("GET", cms, { token })).status, 403);
  const other = await h.req("GET", `${cms}?fieldSelector=metadata.name%3Dtwo`, { token });
  assert.equal(other.status, 403);
  assert.equal(
    other.json.message,
    'configmaps "two" is forbidden: User "named-reader" cannot list resource "configmaps" in API group "" in the namespace "dev"',
  );
});

test("discovery and self reviews are open to every authenticated user through the bootstrap policy", async () => {
  for (const p of ["/api", "/apis", "/api/v1", "/apis/apps/v1", "/version"])
    assert.equal((await h.req("GET", p, { token: "user-nobody" })).status, 200, p);
  const metrics = await h.req("GET", "/metrics", { token: "user-nobody" });
  assert.equal(metrics.status, 403);
  assert.equal(metrics.json.message, 'forbidden: User "nobody" cannot get path "/metrics"');
  const ssar = await h.req("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
    token: "user-nobody",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { namespace: "dev", verb: "list", resource: "pods" } },
    },
  });
  assert.equal(ssar.status, 201, ssar.text);
  assert.equal(ssar.json.status.allowed, false);
});

test("SubjectAccessReview and SelfSubjectRulesReview use the RBAC rules", async () => {
  const sar = await h.req("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews", {
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: "system:serviceaccount:dev:reader",
        groups: ["system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"],
        resourceAttributes: { namespace: "dev", verb: "watch", resource: "pods" },
      },
    },
  });
  assert.equal(sar.json.status.allowed, true);
  assert.equal(
    sar.json.status.reason,
    'RBAC: allowed by RoleBinding "reader/dev" of Role "pod-reader" to ServiceAccount "reader/dev"',
  );
  const rules = await h.req("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
    token: "user-system:serviceaccount:dev:reader",
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectRulesReview",
      spec: { namespace: "dev" },
    },
  });
  assert.equal(rules.status, 201, rules.text);
  assert.ok(
    rules.json.status.resourceRules.some(
      (r: any) => r.resources.includes("pods") && r.verbs.includes("list"),
    ),
  );
  assert.ok(
    rules.json.status.resourceRules.some((r: any) => r.resources.includes("selfsubjectaccessreviews")),
  );
  assert.ok(rules.json.status.nonResourceRules.some((r: any) => r.nonResourceURLs.includes("/api")));
});

test("the aggregated view role grants what system:aggregate-to-view and labelled roles hold", async () => {
  await create("dev", "rolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "viewer" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "vera" }],
  });
  assert.equal(
    (await h.req("GET", "/apis/apps/v1/namespaces/dev/deployments", { token: "user-vera" })).status,
    200,
  );
  assert.equal((await h.req("GET", "/api/v1/namespaces/dev/secrets", { token: "user-vera" })).status, 403);
  assert.equal(
    (await h.req("GET", "/apis/apps/v1/namespaces/default/deployments", { token: "user-vera" })).status,
    403,
  );
  await create("", "clusterroles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "secret-view", labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" } },
    rules: [{ verbs: ["list"], apiGroups: [""], resources: ["secrets"] }],
  });
  assert.equal((await h.req("GET", "/api/v1/namespaces/dev/secrets", { token: "user-vera" })).status, 200);
});

test("no one grants what they do not hold, unless they may escalate or bind", async () => {
  // mallory may manage roles and bindings in dev, and read pods there
  await create("dev", "roles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: "role-admin" },
    rules: [
      {
        verbs: ["create", "update"],
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["roles", "rolebindings"],
      },
      { verbs: ["get"], apiGroups: [""], resources: ["pods"] },
    ],
  });
  await create("dev", "rolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "mallory" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "role-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }],
  });
  const tok = "user-mallory";
  const held = await create(
    "dev",
    "roles",
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "pods-get" },
      rules: [{ verbs: ["get"], apiGroups: [""], resources: ["pods"] }],
    },
    tok,
  );
  assert.equal(held.status, 201, held.text);
  const esc = await create(
    "dev",
    "roles",
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "secrets-get" },
      rules: [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"] }],
    },
    tok,
  );
  assert.equal(esc.status, 403);
  assert.equal(
    esc.json.message,
    'roles.rbac.authorization.k8s.io "secrets-get" is forbidden: user "mallory" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
  );
  const bindAdmin = await create(
    "dev",
    "rolebindings",
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "steal" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }],
    },
    tok,
  );
  assert.equal(bindAdmin.status, 403);
  assert.match(bindAdmin.json.message, /is attempting to grant RBAC permissions not currently held/);
  const bindHeld = await create(
    "dev",
    "rolebindings",
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "ok" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pods-get" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "someone" }],
    },
    tok,
  );
  assert.equal(bindHeld.status, 201, bindHeld.text);
  // with `bind` on cluster-admin, binding it is allowed
  await create("", "clusterroles", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "bind-admin" },
    rules: [
      {
        verbs: ["bind"],
        apiGroups: ["rbac.authorization.k8s.io"],
        resources: ["clusterroles"],
        resourceNames: ["cluster-admin"],
      },
    ],
  });
  await create("dev", "rolebindings", {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: "mallory-bind" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "bind-admin" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "mallory" }],
  });
  const bound = await create(
    "dev",
    "rolebindings",
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "steal2" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "bob" }],
    },
    tok,
  );
  assert.equal(bound.status, 201, bound.text);
});

test("bootstrap roles carry upstream's labels and autoupdate annotation", async () => {
  const r = await h.req("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/edit");
  assert.equal(r.status, 200);
  assert.equal(r.json.metadata.annotations["rbac.authorization.kubernetes.io/autoupdate"], "true");
  assert.equal(r.json.metadata.labels["rbac.authorization.k8s.io/aggregate-to-admin"], "true");
  assert.deepEqual(r.json.aggregationRule.clusterRoleSelectors, [
    { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" } },
  ]);
  const b = await h.req("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/cluster-admin");
  assert.deepEqual(b.json.subjects, [
    { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" },
  ]);
});

test("deny by default: every verb on a sample of resources is 403 for a user without bindings", async () => {
  const cases: [string, string, string][] = [];
  for (const [list, item] of [
    ["/api/v1/namespaces/dev/pods", "/api/v1/namespaces/dev/pods/x"],
    ["/api/v1/namespaces/dev/secrets", "/api/v1/namespaces/dev/secrets/x"],
    ["/apis/apps/v1/namespaces/dev/deployments", "/apis/apps/v1/namespaces/dev/deployments/x"],
    ["/api/v1/nodes", "/api/v1/nodes/x"],
    ["/apis/rbac.authorization.k8s.io/v1/clusterroles", "/apis/rbac.authorization.k8s.io/v1/clusterroles/x"],
  ]) {
    cases.push(["GET", list, "list"], ["GET", `${list}?watch=true`, "watch"], ["POST", list, "create"]);
    cases.push(["DELETE", list, "deletecollection"], ["GET", item, "get"], ["PUT", item, "update"]);
    cases.push(["PATCH", item, "patch"], ["DELETE", item, "delete"]);
  }
  for (const [method, path, verb] of cases) {
    const r = await h.req(method, path, {
      token: "user-nobody",
      body: method === "POST" || method === "PUT" || method === "PATCH" ? {} : undefined,
      contentType: method === "PATCH" ? "application/merge-patch+json" : undefined,
    });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.match(r.json.message, new RegExp(`User "nobody" cannot ${verb} resource`), `${method} ${path}`);
  }
});
