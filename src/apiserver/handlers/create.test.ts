import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, deployment, type Harness } from "../testing/harness.js";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const cms = "/api/v1/namespaces/default/configmaps";

test("create fills uid, creationTimestamp, resourceVersion = store revision, managedFields", async () => {
  const r = await h.req("POST", `${cms}?fieldManager=tester`, { body: configMap("c1") });
  assert.equal(r.status, 201);
  const m = r.json.metadata;
  assert.match(m.uid, /^[0-9a-f-]{36}$/);
  assert.match(m.creationTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const { current } = await h.store.revisions();
  assert.equal(m.resourceVersion, String(current));
  assert.equal(m.namespace, "default");
  assert.equal(m.managedFields[0].manager, "tester");
  assert.equal(m.managedFields[0].operation, "Update");
  assert.deepEqual(Object.keys(r.json).slice(0, 3), ["kind", "apiVersion", "metadata"]);
  const g = await h.req("GET", `${cms}/c1`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.json, r.json);
});

test("AlreadyExists is a 409 Status with upstream's message and details", async () => {
  await h.req("POST", cms, { body: configMap("dup") });
  const r = await h.req("POST", cms, { body: configMap("dup") });
  assert.equal(r.status, 409);
  assert.deepEqual(r.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: 'configmaps "dup" already exists',
    reason: "AlreadyExists",
    details: { name: "dup", kind: "configmaps" },
    code: 409,
  });
});

test("generateName appends 5 characters from upstream's alphabet", async () => {
  const r = await h.req("POST", cms, {
    body: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } },
  });
  assert.equal(r.status, 201);
  assert.match(r.json.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.equal(r.json.metadata.generateName, "gen-");
});

test("namespace in the body must match the URL", async () => {
  const body = { ...configMap("ns1"), metadata: { name: "ns1", namespace: "kube-system" } };
  const r = await h.req("POST", cms, { body });
  assert.equal(r.status, 400);
  assert.equal(r.json.reason, "BadRequest");
  assert.equal(
    r.json.message,
    "the namespace of the provided object does not match the namespace sent on the request",
  );
});

test('a missing namespace is 404 namespaces "x" not found (NamespaceLifecycle)', async () => {
  const r = await h.req("POST", "/api/v1/namespaces/nowhere/configmaps", { body: configMap("x") });
  assert.equal(r.status, 404);
  assert.equal(r.json.message, 'namespaces "nowhere" not found');
  assert.deepEqual(r.json.details, { name: "nowhere", kind: "namespaces" });
});

test("semantic validation: 422 Invalid with causes, exactly as upstream words it", async () => {
  const d = deployment("bad", -1);
  const r = await h.req("POST", "/apis/apps/v1/namespaces/default/deployments", { body: d });
  assert.equal(r.status, 422);
  assert.equal(
    r.json.message,
    'Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );
  assert.deepEqual(r.json.details, {
    name: "bad",
    group: "apps",
    kind: "Deployment",
    causes: [
      {
        reason: "FieldValueInvalid",
        message: "Invalid value: -1: must be greater than or equal to 0",
        field: "spec.replicas",
      },
    ],
  });
  const name = await h.req("POST", cms, { body: configMap("Bad_Name") });
  assert.equal(name.status, 422);
  assert.match(
    name.json.message,
    /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
  );
  const none = await h.req("POST", cms, { body: { apiVersion: "v1", kind: "ConfigMap", metadata: {} } });
  assert.equal(none.status, 422);
  assert.equal(
    none.json.message,
    'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  );
});

test("defaults are applied and generation starts at 1; status is the server's", async () => {
  const d = deployment("defaults", 2) as any;
  d.status = { replicas: 99 };
  const r = await h.req("POST", "/apis/apps/v1/namespaces/default/deployments", { body: d });
  assert.equal(r.status, 201);
  assert.equal(r.json.metadata.generation, 1);
  assert.equal(r.json.spec.revisionHistoryLimit, 10);
  assert.equal(r.json.spec.strategy.type, "RollingUpdate");
  assert.deepEqual(r.json.status, {});
  assert.equal(r.json.spec.template.spec.containers[0].terminationMessagePath, "/dev/termination-log");
});

test("quantities are stored in canonical form", async () => {
  const p = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "q" },
    spec: {
      containers: [
        { name: "c", image: "busybox", resources: { limits: { cpu: "1000m", memory: "1024Mi" } } },
      ],
    },
  };
  const r = await h.req("POST", "/api/v1/namespaces/default/pods", { body: p });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.spec.containers[0].resources.limits, { cpu: "1", memory: "1Gi" });
});

test("dryRun=All validates and answers like a create without storing", async () => {
  const before = await h.store.revisions();
  const r = await h.req("POST", `${cms}?dryRun=All`, { body: configMap("dry") });
  assert.equal(r.status, 201);
  assert.ok(r.json.metadata.uid);
  assert.equal(r.json.metadata.resourceVersion, undefined);
  assert.equal((await h.req("GET", `${cms}/dry`)).status, 404);
  assert.deepEqual(await h.store.revisions(), before);
  const bad = await h.req("POST", `${cms}?dryRun=Foo`, { body: configMap("dry2") });
  assert.equal(bad.status, 422);
  assert.match(bad.json.message, /^CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: /);
});

test("fieldValidation: Strict fails, Warn warns (the default), Ignore drops unknown fields", async () => {
  const body = { ...configMap("fv"), spec: { x: 1 } };
  const strict = await h.req("POST", `${cms}?fieldValidation=Strict`, { body });
  assert.equal(strict.status, 400);
  assert.equal(
    strict.json.message,
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"',
  );
  const warn = await h.req("POST", cms, { body });
  assert.equal(warn.status, 201);
  assert.equal(warn.headers.warning, '299 - "unknown field \\"spec\\""');
  assert.equal(warn.json.spec, undefined);
  const ignore = await h.req("POST", `${cms}?fieldValidation=Ignore`, {
    body: { ...body, metadata: { name: "fv2" } },
  });
  assert.equal(ignore.status, 201);
  assert.equal(ignore.headers.warning, undefined);
  const badValue = await h.req("POST", `${cms}?fieldValidation=Sometimes`, { body: configMap("fv3") });
  assert.equal(badValue.status, 422);
  assert.equal(
    badValue.json.message,
    'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Sometimes": supported values: "", "Ignore", "Strict", "Warn"',
  );
});

test("duplicate fields are strict errors", async () => {
  const text = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dupf"},"data":{"a":"1","a":"2"}}';
  const r = await h.req("POST", `${cms}?fieldValidation=Strict`, { body: text });
  assert.equal(r.status, 400);
  assert.equal(
    r.json.message,
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data.a"',
  );
});

test("YAML bodies are accepted, with YAML 1.1 booleans", async () => {
  const yaml =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  labels:\n    a: b\ndata:\n  k: v\n";
  const r = await h.req("POST", cms, { body: yaml, contentType: "application/yaml" });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.data, { k: "v" });
  const bool = await h.req("POST", cms, {
    body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yb\ndata:\n  k: yes\n",
    contentType: "application/yaml",
  });
  assert.equal(bool.status, 400);
  assert.equal(
    bool.json.message,
    'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string',
  );
});

test("missing apiVersion and kind are taken from the URL", async () => {
  const r = await h.req("POST", cms, { body: { metadata: { name: "nokind" }, data: { a: "b" } } });
  assert.equal(r.status, 201);
  assert.equal(r.json.kind, "ConfigMap");
  assert.equal(r.json.apiVersion, "v1");
});

test("a create in a terminating namespace is 403 Forbidden", async () => {
  assert.equal(
    (
      await h.req("POST", "/api/v1/namespaces", {
        body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } },
      })
    ).status,
    201,
  );
  const del = await h.req("DELETE", "/api/v1/namespaces/doomed");
  assert.equal(del.status, 200);
  assert.equal(del.json.status.phase, "Terminating");
  assert.ok(del.json.metadata.deletionTimestamp);
  const r = await h.req("POST", "/api/v1/namespaces/doomed/configmaps", { body: configMap("late") });
  assert.equal(r.status, 403);
  assert.equal(
    r.json.message,
    'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
  );
  assert.deepEqual(r.json.details.causes, [
    {
      reason: "NamespaceTerminating",
      message: "namespace doomed is being terminated",
      field: "metadata.namespace",
    },
  ]);
});

test("a resourceVersion on a create is refused (upstream's message; 400, not upstream's 500)", async () => {
  const r = await h.req("POST", cms, {
    body: { ...configMap("rv"), metadata: { name: "rv", resourceVersion: "5" } },
  });
  assert.equal(r.status, 400);
  assert.equal(r.json.message, "resourceVersion should not be set on objects to be created");
  const zero = await h.req("POST", cms, {
    body: { ...configMap("rv0"), metadata: { name: "rv0", resourceVersion: "0" } },
  });
  assert.equal(zero.status, 201);
});
