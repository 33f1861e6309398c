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

const deps = "/apis/apps/v1/namespaces/default/deployments";
const cms = "/api/v1/namespaces/default/configmaps";

test("merge, JSON and strategic merge patches; managedFields record the patcher", async () => {
  await h.req("POST", cms, { body: configMap("p1", { a: "1", b: "2" }, { x: "y" }) });
  const merge = await h.req("PATCH", `${cms}/p1?fieldManager=merger`, {
    body: { data: { a: null, c: "3" }, metadata: { labels: { x: null } } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(merge.status, 200, merge.text);
  assert.deepEqual(merge.json.data, { b: "2", c: "3" });
  assert.equal(merge.json.metadata.labels, undefined, "an emptied map is omitted, as Go's omitempty");
  assert.ok(merge.json.metadata.managedFields.some((m: { manager: string }) => m.manager === "merger"));
  const json = await h.req("PATCH", `${cms}/p1`, {
    body: [{ op: "replace", path: "/data/b", value: "two" }],
    contentType: "application/json-patch+json",
  });
  assert.equal(json.json.data.b, "two");
  const failed = await h.req("PATCH", `${cms}/p1`, {
    body: [{ op: "test", path: "/data/b", value: "nope" }],
    contentType: "application/json-patch+json",
  });
  assert.equal(failed.status, 422);
  assert.equal(failed.json.message, "the server rejected our request due to an error in our request");

  await h.req("POST", deps, { body: deployment("smp") });
  const smp = await h.req("PATCH", `${deps}/smp`, {
    body: {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "c", image: "busybox:1.37" },
              { name: "d", image: "x" },
            ],
          },
        },
      },
    },
    contentType: "application/strategic-merge-patch+json",
  });
  assert.equal(smp.status, 200, smp.text);
  assert.deepEqual(
    smp.json.spec.template.spec.containers.map(
      (c: { name: string; image: string }) => `${c.name}=${c.image}`,
    ),
    ["c=busybox:1.37", "d=x"],
  );
  assert.equal(smp.json.metadata.generation, 2);
  assert.equal(
    smp.json.spec.template.spec.containers[1].terminationMessagePolicy,
    "File",
    "defaults apply to patched objects",
  );
});

test("patch errors: 415 for unknown types, 404 for missing objects, 422 for undecodable results", async () => {
  const ct = await h.req("PATCH", `${cms}/p1`, { body: "{}", contentType: "text/plain" });
  assert.equal(ct.status, 415);
  assert.equal(
    ct.json.message,
    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml",
  );
  const missing = await h.req("PATCH", `${cms}/nope`, {
    body: {},
    contentType: "application/merge-patch+json",
  });
  assert.equal(missing.status, 404);
  const typed = await h.req("PATCH", `${deps}/smp`, {
    body: { spec: { replicas: "many" } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(typed.status, 422);
  assert.match(
    typed.json.message,
    / "" is invalid: patch: Invalid value: ".*": json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32$/,
  );
  const unknown = await h.req("PATCH", `${cms}/p1?fieldValidation=Strict`, {
    body: { bogus: 1 },
    contentType: "application/merge-patch+json",
  });
  assert.equal(unknown.status, 422);
  assert.match(unknown.json.message, /strict decoding error: unknown field "bogus"$/);
  const warn = await h.req("PATCH", `${cms}/p1`, {
    body: { bogus: 1 },
    contentType: "application/merge-patch+json",
  });
  assert.equal(warn.status, 200);
  assert.equal(warn.headers.warning, '299 - "unknown field \\"bogus\\""');
  const malformed = await h.req("PATCH", `${cms}/p1`, {
    body: "{",
    contentType: "application/merge-patch+json",
  });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.message, "error decoding patch: unexpected end of JSON input");
  const rename = await h.req("PATCH", `${cms}/p1`, {
    body: { metadata: { name: "p2" } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(rename.status, 400);
  assert.equal(rename.json.message, "the name of the object (p2) does not match the name on the URL (p1)");
});

test("a patch carrying a stale resourceVersion conflicts", async () => {
  const cur = (await h.req("GET", `${cms}/p1`)).json;
  await h.req("PATCH", `${cms}/p1`, {
    body: { data: { z: "1" } },
    contentType: "application/merge-patch+json",
  });
  const r = await h.req("PATCH", `${cms}/p1`, {
    body: { metadata: { resourceVersion: cur.metadata.resourceVersion }, data: { z: "2" } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(r.status, 409);
  assert.equal(r.json.reason, "Conflict");
});

test("server-side apply creates, requires a fieldManager, and conflicts with other managers", async () => {
  const applied = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ssa" }, data: { a: "1" } };
  const noManager = await h.req("PATCH", `${cms}/ssa`, {
    body: applied,
    contentType: "application/apply-patch+yaml",
  });
  assert.equal(noManager.status, 422);
  assert.equal(
    noManager.json.message,
    'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
  );
  const created = await h.req("PATCH", `${cms}/ssa?fieldManager=alice`, {
    body: applied,
    contentType: "application/apply-patch+yaml",
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.metadata.managedFields[0].operation, "Apply");
  const bob = await h.req("PATCH", `${cms}/ssa?fieldManager=bob`, {
    body: { ...applied, data: { a: "2" } },
    contentType: "application/apply-patch+yaml",
  });
  assert.equal(bob.status, 409);
  assert.equal(bob.json.message, 'Apply failed with 1 conflict: conflict with "alice": .data.a');
  const forced = await h.req("PATCH", `${cms}/ssa?fieldManager=bob&force=true`, {
    body: { ...applied, data: { a: "2" } },
    contentType: "application/apply-patch+yaml",
  });
  assert.equal(forced.status, 200);
  assert.equal(forced.json.data.a, "2");
  const force = await h.req("PATCH", `${cms}/ssa?force=true`, {
    body: { data: {} },
    contentType: "application/merge-patch+json",
  });
  assert.equal(force.status, 422);
  assert.match(force.json.message, /force: Forbidden: may not be specified for non-apply patch/);
});

test("patch /status changes only status", async () => {
  await h.req("POST", deps, { body: deployment("pst") });
  const r = await h.req("PATCH", `${deps}/pst/status`, {
    body: { status: { replicas: 1 }, spec: { replicas: 5 } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.status, { replicas: 1 });
  assert.equal(r.json.spec.replicas, 1);
});
