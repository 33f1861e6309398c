import { test } from "node:test";
import assert from "node:assert/strict";
import { applyJSONPatch, applyOperations, JSONPatchOperationError } from "./jsonpatch.js";
import type { JSONObject } from "./status.js";

const deployment = (): JSONObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "demo", annotations: { a: "1" } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: "app", image: "nginx:1.25" },
          { name: "side", image: "busybox" },
        ],
      },
    },
  },
});

const cases: { name: string; patch: unknown; want: (d: JSONObject) => void }[] = [
  {
    name: "replace a scalar (kubectl patch --type=json)",
    patch: [{ op: "replace", path: "/spec/replicas", value: 1 }],
    want: (d) => {
      d.spec = { ...(d.spec as JSONObject), replicas: 1 };
    },
  },
  {
    name: "rollout undo: replace template and annotations",
    patch: [
      {
        op: "replace",
        path: "/spec/template",
        value: { spec: { containers: [{ name: "app", image: "nginx:1.24" }] } },
      },
      { op: "replace", path: "/metadata/annotations", value: { "deployment.kubernetes.io/revision": "3" } },
    ],
    want: (d) => {
      (d.spec as JSONObject).template = { spec: { containers: [{ name: "app", image: "nginx:1.24" }] } };
      (d.metadata as JSONObject).annotations = { "deployment.kubernetes.io/revision": "3" };
    },
  },
  {
    name: "replace of a missing member adds it (evanphx v4)",
    patch: [{ op: "replace", path: "/spec/paused", value: true }],
    want: (d) => {
      (d.spec as JSONObject).paused = true;
    },
  },
  {
    name: "add without value sets null",
    patch: [{ op: "add", path: "/spec/paused" }],
    want: (d) => {
      (d.spec as JSONObject).paused = null;
    },
  },
  {
    name: "add at index inserts; - appends; -1 is the end",
    patch: [
      { op: "add", path: "/spec/template/spec/containers/0", value: { name: "first" } },
      { op: "add", path: "/spec/template/spec/containers/-", value: { name: "last" } },
      { op: "add", path: "/spec/template/spec/containers/-1", value: { name: "end" } },
    ],
    want: (d) => {
      const c = ((d.spec as any).template.spec.containers as unknown[]).slice();
      (d.spec as any).template.spec.containers = [{ name: "first" }, ...c, { name: "last" }, { name: "end" }];
    },
  },
  {
    name: "remove with a negative index removes from the end",
    patch: [{ op: "remove", path: "/spec/template/spec/containers/-1" }],
    want: (d) => {
      (d.spec as any).template.spec.containers.pop();
    },
  },
  {
    name: "escaped keys (~1 is /, ~0 is ~)",
    patch: [{ op: "add", path: "/metadata/annotations/example.com~1a~0b", value: "x" }],
    want: (d) => {
      (d.metadata as any).annotations["example.com/a~b"] = "x";
    },
  },
  {
    name: "test then replace",
    patch: [
      { op: "test", path: "/spec/replicas", value: 2 },
      { op: "replace", path: "/spec/replicas", value: 5 },
    ],
    want: (d) => {
      (d.spec as JSONObject).replicas = 5;
    },
  },
  {
    name: "test of a missing member against null passes",
    patch: [{ op: "test", path: "/spec/paused", value: null }],
    want: () => {},
  },
  {
    name: "move and copy",
    patch: [
      { op: "copy", from: "/metadata/annotations/a", path: "/metadata/annotations/b" },
      { op: "move", from: "/metadata/annotations/a", path: "/metadata/annotations/c" },
    ],
    want: (d) => {
      (d.metadata as JSONObject).annotations = { b: "1", c: "1" };
    },
  },
  {
    name: "copy from a missing member copies null",
    patch: [{ op: "copy", from: "/metadata/nope", path: "/metadata/x" }],
    want: (d) => {
      (d.metadata as JSONObject).x = null;
    },
  },
  {
    name: "the segment before the first slash is ignored",
    patch: [{ op: "add", path: "spec/flag", value: 1 }],
    want: (d) => {
      d.flag = 1;
    },
  },
  { name: "a null patch is no operation", patch: null, want: () => {} },
  {
    name: "__proto__ is an ordinary member",
    patch: [{ op: "add", path: "/metadata/annotations/__proto__", value: "x" }],
    want: (d) => {
      Object.defineProperty((d.metadata as JSONObject).annotations, "__proto__", {
        value: "x",
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  },
];

for (const c of cases) {
  void test(`json patch applies: ${c.name}`, () => {
    const live = deployment();
    const before = structuredClone(live);
    const got = applyJSONPatch(live, c.patch);
    assert.ok(got.ok, JSON.stringify(got));
    const want = deployment();
    c.want(want);
    assert.deepEqual(got.object, want);
    assert.deepEqual(live, before, "input must not change");
  });
}

const invalid422 = {
  ok: false,
  code: 422,
  reason: "Invalid",
  message: "the server rejected our request due to an error in our request",
  details: {},
};

const failing: { name: string; patch: unknown; want: unknown }[] = [
  { name: "failed test", patch: [{ op: "test", path: "/spec/replicas", value: 3 }], want: invalid422 },
  {
    name: "test of a missing member against a value",
    patch: [{ op: "test", path: "/spec/x", value: 1 }],
    want: invalid422,
  },
  { name: "remove a missing member", patch: [{ op: "remove", path: "/metadata/labels" }], want: invalid422 },
  { name: "missing parent", patch: [{ op: "add", path: "/status/x/y", value: 1 }], want: invalid422 },
  {
    name: "index past the end",
    patch: [{ op: "add", path: "/spec/template/spec/containers/3", value: {} }],
    want: invalid422,
  },
  {
    name: "replace past the end",
    patch: [{ op: "replace", path: "/spec/template/spec/containers/2", value: {} }],
    want: invalid422,
  },
  { name: "unknown op", patch: [{ op: "frobnicate", path: "/a" }], want: invalid422 },
  { name: "missing path", patch: [{ op: "add", value: 1 }], want: invalid422 },
  { name: "through a scalar", patch: [{ op: "add", path: "/spec/replicas/x", value: 1 }], want: invalid422 },
  {
    name: "not an array (default fieldValidation decodes strictly)",
    patch: { op: "add" },
    want: {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message:
        "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp",
    },
  },
  {
    name: "operation is not an object",
    patch: [1],
    want: {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message:
        "error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp",
    },
  },
  {
    name: "op of the wrong type",
    patch: [{ op: 1, path: "/a" }],
    want: {
      ok: false,
      code: 400,
      reason: "BadRequest",
      message:
        "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string",
    },
  },
];

for (const c of failing) {
  void test(`json patch fails: ${c.name}`, () => {
    assert.deepEqual(applyJSONPatch(deployment(), c.patch), c.want);
  });
}

void test("json patch with fieldValidation=Ignore reports jsonpatch's own decode error", () => {
  assert.deepEqual(applyJSONPatch(deployment(), "x", "Ignore"), {
    ok: false,
    code: 400,
    reason: "BadRequest",
    message: "json: cannot unmarshal string into Go value of type jsonpatch.Patch",
  });
});

void test("json patch replacing the root with an array cannot decode into an object", () => {
  const got = applyJSONPatch(deployment(), [{ op: "replace", path: "", value: [1] }]);
  assert.equal(got.ok, false);
  assert.equal(!got.ok && got.code, 422);
  assert.deepEqual(!got.ok && got.details?.causes?.[0].field, "patch");
  assert.match(
    !got.ok ? got.message : "",
    /^ "" is invalid: patch: Invalid value: "\[1\]": couldn't get version\/kind/,
  );
});

void test("json patch over 10000 operations is 413", () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/kind", value: "Deployment" }));
  assert.deepEqual(applyJSONPatch(deployment(), ops), {
    ok: false,
    code: 413,
    reason: "RequestEntityTooLarge",
    message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
  });
});

void test("json patch operations stop at the first failure and say why", () => {
  const got = applyOperations({ a: 1 }, [{ op: "remove", path: "/b" }]);
  assert.ok(got instanceof JSONPatchOperationError);
  assert.match(got.message, /Unable to remove nonexistent key: b/);
});
