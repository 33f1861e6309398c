import { test } from "node:test";
import assert from "node:assert/strict";
import {
  applyPatchByContentType,
  customResourcePatchTypes,
  managerOrUserAgent,
  PatchType,
  type PatchRequest,
} from "./index.js";
import { ConfigMap, Deployment } from "./testschemas.js";
import type { JSONObject } from "./status.js";

const T0 = "2024-05-01T10:00:00Z";
const T1 = "2024-05-01T11:00:00Z";

const deployment = (): JSONObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "demo",
    namespace: "default",
    uid: "u-1",
    resourceVersion: "5",
    labels: { app: "demo" },
    managedFields: [
      {
        manager: "kubectl-client-side-apply",
        operation: "Update",
        apiVersion: "apps/v1",
        time: T0,
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
          "f:spec": {
            "f:replicas": {},
            "f:template": {
              "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {} } } },
            },
          },
        },
      },
    ],
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "demo" } },
    template: {
      metadata: { labels: { app: "demo" } },
      spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
    },
  },
});

const request = (over: Partial<PatchRequest>): PatchRequest => ({
  contentType: PatchType.StrategicMerge,
  body: "{}",
  live: deployment(),
  schema: Deployment,
  apiVersion: "apps/v1",
  kind: "Deployment",
  group: "apps",
  resource: "deployments",
  name: "demo",
  now: T1,
  resetFields: [["status"]],
  ...over,
});

void test("kubectl set image: strategic merge patch, then the manager's ownership is recorded", () => {
  const got = applyPatchByContentType(
    request({
      fieldManager: "kubectl-set",
      body: '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"image":"nginx:1.27","name":"app"}]}}}}',
    }),
  );
  assert.ok(got.ok);
  assert.equal(got.created, false);
  assert.equal((got.object.spec as any).template.spec.containers[0].image, "nginx:1.27");
  const entries = (got.object.metadata as JSONObject).managedFields as JSONObject[];
  assert.deepEqual(
    entries.map((e) => e.manager),
    ["kubectl-client-side-apply", "kubectl-set"],
  );
  assert.deepEqual(entries[1].fieldsV1, {
    "f:spec": { "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { "f:image": {} } } } } },
  });
});

void test("kubectl label: merge patch with a charset parameter in the media type", () => {
  const got = applyPatchByContentType(
    request({
      contentType: "application/merge-patch+json; charset=utf-8",
      fieldManager: "kubectl-label",
      body: '{"metadata":{"labels":{"tier":"fe"}}}',
    }),
  );
  assert.ok(got.ok);
  assert.deepEqual((got.object.metadata as JSONObject).labels, { app: "demo", tier: "fe" });
});

void test("kubectl rollout undo: JSON patch; the manager defaults to the user agent's prefix", () => {
  const got = applyPatchByContentType(
    request({
      contentType: PatchType.JSON,
      userAgent: "kubectl/v1.32.5 (linux/amd64) kubernetes/9894294",
      body: JSON.stringify([
        {
          op: "replace",
          path: "/spec/template",
          value: { spec: { containers: [{ name: "app", image: "nginx:1.24" }] } },
        },
      ]),
    }),
  );
  assert.ok(got.ok);
  const entries = (got.object.metadata as JSONObject).managedFields as JSONObject[];
  assert.equal(entries[1].manager, "kubectl");
});

void test("defaults run before ownership is recorded, so the patcher owns defaulted fields", () => {
  const got = applyPatchByContentType(
    request({
      fieldManager: "kubectl-patch",
      body: '{"spec":{"paused":true}}',
      applyDefaults: (o) => {
        const spec = o.spec as JSONObject;
        spec.strategy ??= { type: "RollingUpdate" };
        return o;
      },
    }),
  );
  assert.ok(got.ok);
  const entries = (got.object.metadata as JSONObject).managedFields as JSONObject[];
  assert.deepEqual(entries[1].fieldsV1, {
    "f:spec": { "f:paused": {}, "f:strategy": { ".": {}, "f:type": {} } },
  });
});

void test("server-side apply creates when the object does not exist", () => {
  const body = JSON.stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cfg" },
    data: { a: "1" },
  });
  const got = applyPatchByContentType(
    request({
      contentType: PatchType.ApplyYAML,
      live: undefined,
      schema: ConfigMap,
      apiVersion: "v1",
      kind: "ConfigMap",
      group: "",
      resource: "configmaps",
      name: "cfg",
      fieldManager: "kubectl",
      force: false,
      body,
    }),
  );
  assert.ok(got.ok);
  assert.equal(got.created, true);
  assert.deepEqual(got.object.data, { a: "1" });
  assert.deepEqual((got.object.metadata as JSONObject).managedFields, [
    {
      manager: "kubectl",
      operation: "Apply",
      apiVersion: "v1",
      time: T1,
      fieldsType: "FieldsV1",
      fieldsV1: { "f:data": { "f:a": {} } },
    },
  ]);
});

void test("an applied object is defaulted after its ownership is computed", () => {
  const got = applyPatchByContentType(
    request({
      contentType: PatchType.ApplyYAML,
      live: undefined,
      fieldManager: "kubectl",
      force: false,
      body: JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "demo" },
        spec: { selector: { matchLabels: { a: "b" } } },
      }),
      applyDefaults: (o) => {
        (o.spec as JSONObject).replicas ??= 1;
        return o;
      },
    }),
  );
  assert.ok(got.ok);
  assert.equal((got.object.spec as JSONObject).replicas, 1);
  const [entry] = (got.object.metadata as JSONObject).managedFields as JSONObject[];
  assert.deepEqual(entry.fieldsV1, { "f:spec": { "f:selector": {} } });
});

void test("server-side apply accepts YAML", () => {
  const got = applyPatchByContentType(
    request({
      contentType: PatchType.ApplyYAML,
      fieldManager: "me",
      force: true,
      body: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: demo\nspec:\n  replicas: 4\n",
    }),
  );
  assert.ok(got.ok);
  assert.equal((got.object.spec as JSONObject).replicas, 4);
});

void test("server-side apply conflict is 409 with causes", () => {
  const got = applyPatchByContentType(
    request({
      contentType: PatchType.ApplyYAML,
      fieldManager: "kubectl",
      force: false,
      body: JSON.stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "demo" },
        spec: { replicas: 3 },
      }),
    }),
  );
  assert.ok(!got.ok);
  assert.equal(got.code, 409);
  assert.equal(
    got.message,
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
  );
});

const failures: { name: string; req: Partial<PatchRequest>; want: Record<string, unknown> }[] = [
  {
    name: "unknown media type",
    req: { contentType: "application/json" },
    want: {
      code: 415,
      reason: "UnsupportedMediaType",
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
    },
  },
  {
    name: "CBOR apply (feature gate off)",
    req: { contentType: PatchType.ApplyCBOR },
    want: { code: 415, reason: "UnsupportedMediaType" },
  },
  {
    name: "strategic merge patch on a custom resource",
    req: { patchTypes: customResourcePatchTypes },
    want: {
      code: 415,
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
    },
  },
  {
    name: "apply without fieldManager",
    req: { contentType: PatchType.ApplyYAML, body: "{}" },
    want: {
      code: 422,
      reason: "Invalid",
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: {
        group: "meta.k8s.io",
        kind: "PatchOptions",
        causes: [
          {
            reason: "FieldValueRequired",
            message: "Required value: is required for apply patch",
            field: "fieldManager",
          },
        ],
      },
    },
  },
  {
    name: "force on a non-apply patch",
    req: { force: true },
    want: {
      code: 422,
      message:
        'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    },
  },
  {
    name: "unknown fieldValidation",
    req: { fieldValidation: "Loose" },
    want: {
      code: 422,
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"',
    },
  },
  {
    name: "malformed JSON",
    req: { body: "{nope" },
    want: { code: 400, reason: "BadRequest", message: "invalid JSON patch" },
  },
  {
    name: "patching a missing object",
    req: { live: undefined, body: "{}" },
    want: {
      code: 404,
      reason: "NotFound",
      message: 'deployments.apps "demo" not found',
      details: { name: "demo", group: "apps", kind: "deployments" },
    },
  },
  {
    name: "apply body that is a list",
    req: { contentType: PatchType.ApplyYAML, fieldManager: "m", body: "- a\n- b\n" },
    want: {
      code: 400,
      message:
        "error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}",
    },
  },
  {
    name: "empty apply body",
    req: { contentType: PatchType.ApplyYAML, fieldManager: "m", body: "" },
    want: { code: 400, message: "invalid object type: /, Kind=" },
  },
];

for (const c of failures) {
  void test(`patch request fails: ${c.name}`, () => {
    const got = applyPatchByContentType(request(c.req));
    assert.equal(got.ok, false);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual((got as unknown as JSONObject)[k], v, k);
  });
}

void test("managerOrUserAgent", () => {
  assert.equal(managerOrUserAgent("mine", "kubectl/v1"), "mine");
  assert.equal(
    managerOrUserAgent("", "kubectl.1.32/v1.32.5 (linux/amd64) kubernetes/9894294"),
    "kubectl.1.32",
  );
  assert.equal(managerOrUserAgent("", "a\u0007b/c"), "ab");
  assert.equal(managerOrUserAgent("", "x".repeat(200)).length, 128);
});
