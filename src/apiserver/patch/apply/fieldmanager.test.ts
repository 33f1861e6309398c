import { test } from "node:test";
import assert from "node:assert/strict";
import { applyPatch, updateManagedFields, type FieldManagerOptions } from "./fieldmanager.js";
import { Deployment } from "../testschemas.js";
import type { JSONObject } from "../status.js";

const T0 = "2024-05-01T10:00:00Z";
const T1 = "2024-05-01T11:00:00Z";
const T2 = "2024-05-01T12:00:00Z";

const opts = (
  manager: string,
  now: string,
  extra: Partial<FieldManagerOptions> = {},
): FieldManagerOptions => ({
  manager,
  apiVersion: "apps/v1",
  kind: "Deployment",
  schema: Deployment,
  now: new Date(now),
  resetFields: [["status"]],
  ...extra,
});

const manifest = (replicas = 1, image = "nginx:1.25"): JSONObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "demo", namespace: "default", labels: { app: "demo" } },
  spec: {
    replicas,
    selector: { matchLabels: { app: "demo" } },
    template: {
      metadata: { labels: { app: "demo" } },
      spec: { containers: [{ name: "app", image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

/** What the store returns after a create: server fields set. */
const stored = (obj: JSONObject): JSONObject => {
  const out = structuredClone(obj);
  Object.assign(out.metadata as JSONObject, {
    uid: "6f1c",
    resourceVersion: "7",
    creationTimestamp: T0,
    generation: 1,
  });
  return out;
};

const entries = (obj: JSONObject) => (obj.metadata as JSONObject).managedFields as JSONObject[];

// The Update entry the real API server records for `kubectl create` of manifest().
const createdFieldsV1 = {
  "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
  "f:spec": {
    "f:replicas": {},
    "f:selector": {},
    "f:template": {
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"app"}': {
            ".": {},
            "f:image": {},
            "f:name": {},
            "f:ports": {
              ".": {},
              'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
            },
          },
        },
      },
    },
  },
};

void test("create records the creator's fields under operation Update", () => {
  const created = updateManagedFields(undefined, manifest(), opts("kubectl-create", T0));
  assert.deepEqual(entries(created), [
    {
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "apps/v1",
      time: T0,
      fieldsType: "FieldsV1",
      fieldsV1: createdFieldsV1,
    },
  ]);
  assert.deepEqual(Object.keys(entries(created)[0]), [
    "manager",
    "operation",
    "apiVersion",
    "time",
    "fieldsType",
    "fieldsV1",
  ]);
});

void test("an update by another manager takes the fields it changed", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-create", T0)));
  const edited = structuredClone(live);
  (edited.spec as any).template.spec.containers[0].image = "nginx:1.26";
  const got = updateManagedFields(live, edited, opts("kubectl-edit", T1));
  const [creator, editor] = entries(got);
  assert.equal(creator.manager, "kubectl-create");
  assert.equal(creator.time, T0);
  assert.deepEqual(
    Object.keys(
      (creator.fieldsV1 as any)["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"app"}'],
    ),
    [".", "f:name", "f:ports"],
  );
  assert.deepEqual(editor, {
    manager: "kubectl-edit",
    operation: "Update",
    apiVersion: "apps/v1",
    time: T1,
    fieldsType: "FieldsV1",
    fieldsV1: {
      "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:image": {} } } } } },
    },
  });
});

void test("updates by the same manager merge into one entry; an update changing nothing keeps its time", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-create", T0)));
  const v1 = structuredClone(live);
  (v1.spec as JSONObject).replicas = 2;
  const after1 = updateManagedFields(live, v1, opts("kubectl-scale", T1));
  const v2 = structuredClone(after1);
  (v2.spec as JSONObject).paused = true;
  const after2 = updateManagedFields(after1, v2, opts("kubectl-scale", T2));
  const scale = entries(after2).filter((e) => e.manager === "kubectl-scale");
  assert.equal(scale.length, 1);
  assert.equal(scale[0].time, T2);
  assert.deepEqual(scale[0].fieldsV1, { "f:spec": { "f:paused": {}, "f:replicas": {} } });
  // Only server-maintained metadata changes: nothing is recorded.
  const v3 = structuredClone(after2);
  (v3.metadata as JSONObject).resourceVersion = "99";
  const after3 = updateManagedFields(after2, v3, opts("kubectl-scale", "2024-05-02T00:00:00Z"));
  assert.deepEqual(entries(after3), entries(after2));
});

void test("an object stored without managedFields is not tracked by updates", () => {
  const live = stored(manifest());
  const next = structuredClone(live);
  (next.spec as JSONObject).replicas = 3;
  const got = updateManagedFields(live, next, opts("kubectl-edit", T1));
  assert.equal((got.metadata as JSONObject).managedFields, undefined);
});

void test("a client may clear managedFields with an empty list, or replace them", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-create", T0)));
  const cleared = structuredClone(live);
  (cleared.metadata as JSONObject).managedFields = [];
  assert.equal(
    (updateManagedFields(live, cleared, opts("kubectl-edit", T1)).metadata as JSONObject).managedFields,
    undefined,
  );

  const replaced = structuredClone(live);
  const mine = {
    manager: "mine",
    operation: "Apply",
    apiVersion: "apps/v1",
    time: T0,
    fieldsType: "FieldsV1",
    fieldsV1: { "f:spec": { "f:paused": {} } },
  };
  (replaced.metadata as JSONObject).managedFields = [mine];
  assert.deepEqual(entries(updateManagedFields(live, replaced, opts("kubectl-edit", T1))), [mine]);
});

void test("a status update is recorded with its subresource and ignores managedFields in the request", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-create", T0)));
  const next = structuredClone(live);
  next.status = { replicas: 1 };
  (next.metadata as JSONObject).managedFields = [];
  const got = updateManagedFields(
    live,
    next,
    opts("deployment-controller", T1, { subresource: "status", resetFields: [["spec"]] }),
  );
  const [, controller] = entries(got);
  assert.deepEqual(controller, {
    manager: "deployment-controller",
    operation: "Update",
    apiVersion: "apps/v1",
    time: T1,
    fieldsType: "FieldsV1",
    fieldsV1: { "f:status": { ".": {}, "f:replicas": {} } },
    subresource: "status",
  });
});

void test("more than ten update managers: the oldest merge into ancient-changes", () => {
  let live = stored(updateManagedFields(undefined, manifest(), opts("m00", "2024-05-01T00:00:00Z")));
  for (let i = 1; i <= 10; i++) {
    const next = structuredClone(live);
    ((next.metadata as JSONObject).labels as JSONObject)[`l${i}`] = "x";
    live = updateManagedFields(
      live,
      next,
      opts(`m${String(i).padStart(2, "0")}`, `2024-05-01T00:${String(i).padStart(2, "0")}:00Z`),
    );
  }
  const managers = entries(live).map((e) => e.manager);
  assert.equal(managers.length, 10);
  assert.equal(managers[0], "ancient-changes");
  assert.ok(!managers.includes("m00") && !managers.includes("m01"));
  assert.ok(managers.includes("m10"));
  const ancient = entries(live)[0];
  assert.equal(ancient.time, "2024-05-01T00:01:00Z");
  assert.deepEqual((ancient.fieldsV1 as any)["f:metadata"]["f:labels"]["f:l1"], {});
});

const conflictReplicas = {
  ok: false,
  code: 409,
  reason: "Conflict",
  message:
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
  details: {
    causes: [
      {
        reason: "FieldManagerConflict",
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: ".spec.replicas",
      },
    ],
  },
  conflicts: [
    {
      manager: "kubectl-client-side-apply",
      operation: "Update",
      apiVersion: "apps/v1",
      field: ".spec.replicas",
    },
  ],
};

void test("server-side apply conflicts with a client-side apply's field (exact 409)", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-client-side-apply", T0)));
  const got = applyPatch(live, manifest(3), { ...opts("kubectl-ssa", T1), force: false });
  assert.deepEqual(got, conflictReplicas);
});

void test("several conflicts are listed per manager", () => {
  let live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-client-side-apply", T0)));
  const scaled = structuredClone(live);
  (scaled.spec as JSONObject).replicas = 2;
  live = updateManagedFields(live, scaled, opts("hpa", T1));
  const got = applyPatch(live, manifest(5, "nginx:1.27"), { ...opts("ci", T2), force: false });
  assert.ok(!got.ok);
  assert.equal(
    got.message,
    'Apply failed with 2 conflicts: conflicts with "hpa" using apps/v1:\n- .spec.replicas\n' +
      'conflicts with "kubectl-client-side-apply" using apps/v1:\n- .spec.template.spec.containers[name="app"].image',
  );
  assert.deepEqual(
    got.details?.causes?.map((c) => c.field),
    [".spec.replicas", '.spec.template.spec.containers[name="app"].image'],
  );
});

void test("force takes ownership from the other manager", () => {
  const live = stored(updateManagedFields(undefined, manifest(), opts("kubectl-client-side-apply", T0)));
  const got = applyPatch(live, manifest(3), { ...opts("kubectl-ssa", T1), force: true });
  assert.ok(got.ok);
  assert.equal((got.object.spec as JSONObject).replicas, 3);
  const [applier, creator] = entries(got.object);
  assert.equal(applier.manager, "kubectl-ssa");
  assert.equal(applier.operation, "Apply");
  assert.equal(applier.time, T1);
  assert.ok("f:replicas" in (applier.fieldsV1 as any)["f:spec"]);
  assert.ok(!("f:replicas" in (creator.fieldsV1 as any)["f:spec"]));
});

void test("apply creates: the applier owns exactly its configuration", () => {
  const got = applyPatch(undefined, manifest(), { ...opts("kubectl", T0), force: false });
  assert.ok(got.ok);
  // Merged into the kind's zero value, as upstream merges into a new Go object.
  assert.deepEqual(got.object.spec, { ...(manifest().spec as JSONObject), strategy: {} });
  assert.deepEqual(got.object.status, {});
  assert.deepEqual(entries(got.object), [
    {
      manager: "kubectl",
      operation: "Apply",
      apiVersion: "apps/v1",
      time: T0,
      fieldsType: "FieldsV1",
      fieldsV1: {
        "f:metadata": { "f:labels": { "f:app": {} } },
        "f:spec": {
          "f:replicas": {},
          "f:selector": {},
          "f:template": {
            "f:metadata": { "f:labels": { "f:app": {} } },
            "f:spec": {
              "f:containers": {
                'k:{"name":"app"}': {
                  ".": {},
                  "f:image": {},
                  "f:name": {},
                  "f:ports": {
                    'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} },
                  },
                },
              },
            },
          },
        },
      },
    },
  ]);
});

void test("applying the same configuration again changes nothing, not even the time", () => {
  const first = applyPatch(undefined, manifest(), { ...opts("kubectl", T0), force: false });
  assert.ok(first.ok);
  const live = stored(first.object);
  const again = applyPatch(live, manifest(), { ...opts("kubectl", T1), force: false });
  assert.ok(again.ok);
  assert.deepEqual(again.object, live);
});

void test("a field dropped from the applied configuration is removed", () => {
  const withPaused = manifest();
  (withPaused.spec as JSONObject).paused = true;
  const first = applyPatch(undefined, withPaused, { ...opts("kubectl", T0), force: false });
  assert.ok(first.ok);
  const got = applyPatch(stored(first.object), manifest(), { ...opts("kubectl", T1), force: false });
  assert.ok(got.ok);
  assert.equal((got.object.spec as JSONObject).paused, undefined);
  assert.equal(entries(got.object)[0].time, T1);
});

void test("the first apply to an untracked object gives existing fields to before-first-apply", () => {
  const got = applyPatch(stored(manifest()), manifest(), { ...opts("kubectl", T1), force: false });
  assert.ok(got.ok);
  const [applier, before] = entries(got.object);
  assert.equal(applier.manager, "kubectl");
  assert.equal(applier.operation, "Apply");
  assert.deepEqual(
    {
      manager: before.manager,
      operation: before.operation,
      apiVersion: before.apiVersion,
      time: before.time,
    },
    { manager: "before-first-apply", operation: "Update", apiVersion: "apps/v1", time: T1 },
  );
  assert.ok("f:replicas" in (before.fieldsV1 as any)["f:spec"], "shared: same value");

  const changed = applyPatch(stored(manifest()), manifest(2), { ...opts("kubectl", T1), force: false });
  assert.ok(!changed.ok);
  assert.equal(
    changed.message,
    'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
  );
});

void test("kubectl server-side apply may take over fields a client-side apply recorded", () => {
  const lastApplied = JSON.stringify(manifest()) + "\n";
  const created = manifest();
  (created.metadata as JSONObject).annotations = {
    "kubectl.kubernetes.io/last-applied-configuration": lastApplied,
  };
  const live = stored(updateManagedFields(undefined, created, opts("kubectl-client-side-apply", T0)));

  const other = applyPatch(live, manifest(3), { ...opts("someone", T1), force: false });
  assert.deepEqual(other, conflictReplicas);

  const got = applyPatch(live, manifest(3), { ...opts("kubectl", T1), force: false });
  assert.ok(got.ok, JSON.stringify(got));
  assert.equal((got.object.spec as JSONObject).replicas, 3);
  // The annotation now holds the applied configuration, as encoding/json writes it.
  const annotation = ((got.object.metadata as JSONObject).annotations as JSONObject)[
    "kubectl.kubernetes.io/last-applied-configuration"
  ];
  assert.equal(
    annotation,
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"labels":{"app":"demo"},"name":"demo","namespace":"default"},' +
      '"spec":{"replicas":3,"selector":{"matchLabels":{"app":"demo"}},"template":{"metadata":{"labels":{"app":"demo"}},' +
      '"spec":{"containers":[{"image":"nginx:1.25","name":"app","ports":[{"containerPort":80}]}]}}}}\n',
  );
});

void test("a value the client-side apply did not record still conflicts for kubectl", () => {
  const created = manifest();
  (created.metadata as JSONObject).annotations = {
    "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(manifest(7)) + "\n",
  };
  const live = stored(updateManagedFields(undefined, created, opts("kubectl-client-side-apply", T0)));
  const got = applyPatch(live, manifest(3), { ...opts("kubectl", T1), force: false });
  assert.ok(!got.ok);
  assert.equal(got.code, 409);
});

void test("status is not owned through the main resource (reset fields)", () => {
  const withStatus = manifest();
  withStatus.status = { replicas: 5 };
  const got = applyPatch(undefined, withStatus, { ...opts("kubectl", T0), force: false });
  assert.ok(got.ok);
  assert.equal((entries(got.object)[0].fieldsV1 as JSONObject)["f:status"], undefined);
});

void test("a subresource applier is named with its subresource in conflicts", () => {
  const status = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "demo" },
    status: { replicas: 1 },
  };
  const first = applyPatch(stored(updateManagedFields(undefined, manifest(), opts("c", T0))), status, {
    ...opts("controller", T1, { subresource: "status", resetFields: [["spec"]] }),
    force: false,
  });
  assert.ok(first.ok);
  const got = applyPatch(
    first.object,
    { ...status, status: { replicas: 2 } },
    {
      ...opts("other", T2, { subresource: "status", resetFields: [["spec"]] }),
      force: false,
    },
  );
  assert.ok(!got.ok);
  assert.equal(
    got.message,
    'Apply failed with 1 conflict: conflict with "controller" with subresource "status": .status.replicas',
  );
});

const failures: { name: string; applied: JSONObject; want: Partial<Record<string, unknown>> }[] = [
  {
    name: "another kind",
    applied: { ...manifest(), kind: "ReplicaSet" },
    want: { code: 400, reason: "BadRequest", message: "invalid object type: apps/v1, Kind=ReplicaSet" },
  },
  {
    name: "another version",
    applied: { ...manifest(), apiVersion: "apps/v1beta2" },
    want: { code: 400, reason: "BadRequest", message: "invalid object type: apps/v1beta2, Kind=Deployment" },
  },
  {
    name: "no apiVersion or kind",
    applied: { metadata: { name: "demo" } },
    want: { code: 400, reason: "BadRequest", message: "invalid object type: /, Kind=" },
  },
  {
    name: "managedFields in the configuration",
    applied: { ...manifest(), metadata: { name: "demo", managedFields: [] } },
    want: { code: 400, reason: "BadRequest", message: "metadata.managedFields must be nil" },
  },
  {
    name: "a field the schema does not declare",
    applied: { ...manifest(), spec: { ...(manifest().spec as JSONObject), foo: 1 } },
    want: {
      code: 400,
      reason: "BadRequest",
      message:
        "failed to create typed patch object (default/demo; apps/v1, Kind=Deployment): .spec.foo: field not declared in schema",
    },
  },
  {
    name: "duplicate list keys",
    applied: (() => {
      const m = manifest();
      (m.spec as any).template.spec.containers.push({ name: "app", image: "x" });
      return m;
    })(),
    want: {
      code: 400,
      reason: "BadRequest",
      message:
        'failed to create typed patch object (default/demo; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="app"]',
    },
  },
  {
    name: "a list item without its key",
    applied: (() => {
      const m = manifest();
      (m.spec as any).template.spec.containers = [{ image: "x" }];
      return m;
    })(),
    want: {
      code: 400,
      reason: "BadRequest",
      message:
        'failed to create typed patch object (default/demo; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)',
    },
  },
  {
    name: "a value of the wrong type",
    applied: { ...manifest(), spec: { ...(manifest().spec as JSONObject), replicas: "three" } },
    want: {
      code: 400,
      reason: "BadRequest",
      message:
        "failed to create typed patch object (default/demo; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string",
    },
  },
];

for (const c of failures) {
  void test(`apply fails: ${c.name}`, () => {
    const got = applyPatch(undefined, c.applied, { ...opts("kubectl", T0), force: false });
    assert.equal(got.ok, false);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual((got as unknown as JSONObject)[k], v, k);
  });
}

void test("apply to a resource without schema merges maps and replaces lists", () => {
  const o: FieldManagerOptions = {
    manager: "a",
    apiVersion: "example.com/v1",
    kind: "Thing",
    schema: undefined,
    now: T0,
  };
  const first = applyPatch(
    undefined,
    { apiVersion: "example.com/v1", kind: "Thing", spec: { list: [1, 2], m: { x: 1 } } },
    { ...o, force: false },
  );
  assert.ok(first.ok);
  const second = applyPatch(
    first.object,
    { apiVersion: "example.com/v1", kind: "Thing", spec: { list: [3], m: { y: 2 } } },
    {
      ...o,
      manager: "b",
      force: true,
    },
  );
  assert.ok(second.ok);
  assert.deepEqual(second.object.spec, { list: [3], m: { x: 1, y: 2 } });
  const fields = entries(second.object).map((e) => [e.manager, e.fieldsV1]);
  // Without schema every member is owned itself (deduced maps have no declared fields).
  assert.deepEqual(fields, [
    ["a", { "f:spec": { ".": {}, "f:m": { ".": {}, "f:x": {} } } }],
    ["b", { "f:spec": { ".": {}, "f:list": {}, "f:m": { ".": {}, "f:y": {} } } }],
  ]);
});

void test("unreadable stored managedFields fail an apply (500)", () => {
  const live = stored(manifest());
  (live.metadata as JSONObject).managedFields = [
    { manager: "x", operation: "Sideways", apiVersion: "apps/v1", fieldsType: "FieldsV1" },
  ];
  const got = applyPatch(live, manifest(), { ...opts("kubectl", T1), force: false });
  assert.deepEqual(got, {
    ok: false,
    code: 500,
    reason: "",
    message: "failed to decode managed fields: operation must be `Apply` or `Update`",
  });
});
