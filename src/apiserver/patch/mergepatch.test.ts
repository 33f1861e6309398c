import { test } from "node:test";
import assert from "node:assert/strict";
import { applyMergePatch } from "./mergepatch.js";
import type { JSONObject } from "./status.js";

const pod = (): JSONObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "web-0", labels: { app: "web", tier: "be" } },
  spec: { containers: [{ name: "app", image: "nginx" }], nodeName: "n1" },
});

const cases: { name: string; doc?: JSONObject; patch: unknown; want: unknown }[] = [
  {
    name: "kubectl label adds a label",
    patch: { metadata: { labels: { tier: "fe" } } },
    want: { ...pod(), metadata: { name: "web-0", labels: { app: "web", tier: "fe" } } },
  },
  {
    name: "kubectl label tier- removes it",
    patch: { metadata: { labels: { tier: null } } },
    want: { ...pod(), metadata: { name: "web-0", labels: { app: "web" } } },
  },
  {
    name: "kubectl scale through the scale subresource",
    doc: { spec: { replicas: 2 }, status: { replicas: 2 } },
    patch: { spec: { replicas: 4 } },
    want: { spec: { replicas: 4 }, status: { replicas: 2 } },
  },
  {
    name: "lists are replaced whole",
    patch: { spec: { containers: [{ name: "other" }] } },
    want: { ...pod(), spec: { containers: [{ name: "other" }], nodeName: "n1" } },
  },
  {
    name: "nulls inside a new object are dropped",
    patch: { metadata: { annotations: { a: "1", b: null } } },
    want: {
      ...pod(),
      metadata: { name: "web-0", labels: { app: "web", tier: "be" }, annotations: { a: "1" } },
    },
  },
  {
    name: "an object replacing a scalar loses its nulls",
    patch: { spec: { nodeName: { x: null, y: 1 } } },
    want: { ...pod(), spec: { containers: [{ name: "app", image: "nginx" }], nodeName: { y: 1 } } },
  },
  {
    name: "a scalar replaces an object",
    patch: { metadata: { labels: "x" } },
    want: { ...pod(), metadata: { name: "web-0", labels: "x" } },
  },
  {
    name: "deleting an absent member is fine",
    patch: { status: null },
    want: pod(),
  },
  {
    name: "an empty patch changes nothing",
    patch: {},
    want: pod(),
  },
];

for (const c of cases) {
  void test(`merge patch: ${c.name}`, () => {
    const doc = c.doc ?? pod();
    const before = structuredClone(doc);
    const got = applyMergePatch(doc, c.patch);
    assert.deepEqual(got, { ok: true, object: c.want });
    assert.deepEqual(doc, before, "input must not change");
  });
}

const failures: {
  name: string;
  patch: unknown;
  fieldValidation?: "Ignore";
  want: Partial<Record<string, unknown>>;
}[] = [
  {
    name: "null body",
    patch: null,
    want: { code: 400, reason: "BadRequest", message: "Invalid JSON Patch" },
  },
  {
    name: "array body (decoded strictly by default)",
    patch: [1],
    want: {
      code: 400,
      reason: "BadRequest",
      message:
        "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}",
    },
  },
  {
    name: "scalar body with fieldValidation=Ignore",
    patch: 5,
    fieldValidation: "Ignore",
    want: { code: 400, reason: "BadRequest", message: "Invalid JSON Patch" },
  },
  {
    name: "array body with fieldValidation=Ignore replaces the document, which cannot decode",
    patch: [{ a: null }],
    fieldValidation: "Ignore",
    want: { code: 422, reason: "Invalid" },
  },
];

for (const c of failures) {
  void test(`merge patch fails: ${c.name}`, () => {
    const got = applyMergePatch(pod(), c.patch, c.fieldValidation);
    assert.equal(got.ok, false);
    for (const [k, v] of Object.entries(c.want))
      assert.deepEqual((got as unknown as Record<string, unknown>)[k], v, k);
  });
}

void test("merge patch array document keeps the pruned array in the error", () => {
  const got = applyMergePatch(pod(), [{ a: null, b: 1 }], "Ignore");
  assert.ok(!got.ok);
  assert.equal(got.details?.causes?.[0].field, "patch");
  assert.match(got.message, /Invalid value: "\[\{\\"b\\":1\}\]"/);
});
