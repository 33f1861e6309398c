import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, pod, type Harness } from "../testing/harness.js";

let h: Harness;
const ns = "/api/v1/namespaces/lists";
before(async () => {
  h = await startHarness();
  await h.req("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "lists" } },
  });
  for (let i = 0; i < 7; i++) {
    const labels = { app: i % 2 ? "web" : "db", idx: String(i) };
    assert.equal(
      (await h.req("POST", `${ns}/configmaps`, { body: configMap(`cm-${i}`, { i: String(i) }, labels) }))
        .status,
      201,
    );
  }
  await h.req("POST", `${ns}/pods`, { body: pod("p-bound", "node-1") });
  await h.req("POST", `${ns}/pods`, { body: pod("p-free") });
});
after(async () => {
  await h.stop();
});

const names = (r: { json: { items: { metadata: { name: string } }[] } }) =>
  r.json.items.map((i) => i.metadata.name);

test("get: 404 NotFound Status; get with resourceVersion=0 from the cache", async () => {
  const r = await h.req("GET", `${ns}/configmaps/missing`);
  assert.equal(r.status, 404);
  assert.deepEqual(r.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: 'configmaps "missing" not found',
    reason: "NotFound",
    details: { name: "missing", kind: "configmaps" },
    code: 404,
  });
  const g = await h.req("GET", "/apis/apps/v1/namespaces/default/deployments/nope");
  assert.equal(g.json.message, 'deployments.apps "nope" not found');
  assert.deepEqual(g.json.details, { name: "nope", group: "apps", kind: "deployments" });
  const cached = await h.req("GET", `${ns}/configmaps/cm-1?resourceVersion=0`);
  assert.equal(cached.status, 200);
  assert.equal(cached.json.data.i, "1");
});

test("list: kind, apiVersion, resourceVersion and items in key order", async () => {
  const r = await h.req("GET", `${ns}/configmaps`);
  assert.equal(r.status, 200);
  assert.equal(r.json.kind, "ConfigMapList");
  assert.equal(r.json.apiVersion, "v1");
  assert.equal(r.json.metadata.resourceVersion, String((await h.store.revisions()).current));
  assert.deepEqual(names(r), ["cm-0", "cm-1", "cm-2", "cm-3", "cm-4", "cm-5", "cm-6"]);
  const all = await h.req("GET", "/api/v1/configmaps");
  assert.ok(names(all).includes("cm-3"));
});

test("label selectors: equality and set-based; parse errors are 400 with upstream's text", async () => {
  assert.deepEqual(names(await h.req("GET", `${ns}/configmaps?labelSelector=app%3Dweb`)), [
    "cm-1",
    "cm-3",
    "cm-5",
  ]);
  assert.deepEqual(
    names(
      await h.req("GET", `${ns}/configmaps?labelSelector=${encodeURIComponent("idx in (2,4),app!=web")}`),
    ),
    ["cm-2", "cm-4"],
  );
  assert.deepEqual(
    names(await h.req("GET", `${ns}/configmaps?labelSelector=${encodeURIComponent("!idx")}`)),
    [],
  );
  const bad = await h.req("GET", `${ns}/configmaps?labelSelector=${encodeURIComponent("a in (")}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.reason, "BadRequest");
  assert.equal(bad.json.message, "unable to parse requirement: found '', expected: ',', ')' or identifier");
});

test("field selectors: metadata.name, metadata.namespace and the kind's own; unknown labels are 400", async () => {
  assert.deepEqual(names(await h.req("GET", `${ns}/configmaps?fieldSelector=metadata.name%3Dcm-2`)), [
    "cm-2",
  ]);
  assert.deepEqual(
    names(
      await h.req("GET", `/api/v1/configmaps?fieldSelector=metadata.namespace%3Dlists,metadata.name%3Dcm-6`),
    ),
    ["cm-6"],
  );
  assert.deepEqual(names(await h.req("GET", `${ns}/pods?fieldSelector=spec.nodeName%3Dnode-1`)), ["p-bound"]);
  assert.deepEqual(names(await h.req("GET", `${ns}/pods?fieldSelector=spec.nodeName%3D`)), ["p-free"]);
  assert.deepEqual(names(await h.req("GET", `${ns}/pods?fieldSelector=status.phase%3DPending`)), [
    "p-bound",
    "p-free",
  ]);
  const bad = await h.req("GET", `${ns}/configmaps?fieldSelector=spec.bogus%3Dx`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.message, "field label not supported: spec.bogus");
  const syntax = await h.req("GET", `${ns}/configmaps?fieldSelector=nonsense`);
  assert.equal(syntax.json.message, "invalid selector: 'nonsense'; can't understand 'nonsense'");
});

test("pagination: limit, continue, remainingItemCount, a consistent snapshot", async () => {
  const p1 = await h.req("GET", `${ns}/configmaps?limit=3`);
  assert.deepEqual(names(p1), ["cm-0", "cm-1", "cm-2"]);
  assert.equal(p1.json.metadata.remainingItemCount, 4);
  const token = p1.json.metadata.continue as string;
  const decoded = JSON.parse(Buffer.from(token, "base64url").toString());
  assert.deepEqual(decoded, {
    v: "meta.k8s.io/v1",
    rv: Number(p1.json.metadata.resourceVersion),
    start: "cm-2\u0000",
  });
  // a change after the first page is not seen by the following pages (they read at the first page's revision)
  await h.req("POST", `${ns}/configmaps`, { body: configMap("cm-9") });
  const p2 = await h.req("GET", `${ns}/configmaps?limit=3&continue=${encodeURIComponent(token)}`);
  assert.deepEqual(names(p2), ["cm-3", "cm-4", "cm-5"]);
  assert.equal(p2.json.metadata.resourceVersion, p1.json.metadata.resourceVersion);
  const p3 = await h.req(
    "GET",
    `${ns}/configmaps?limit=3&continue=${encodeURIComponent(p2.json.metadata.continue)}`,
  );
  assert.deepEqual(names(p3), ["cm-6"]);
  assert.equal(p3.json.metadata.continue, undefined);
  await h.req("DELETE", `${ns}/configmaps/cm-9`);
  // with a selector the server keeps reading until it has `limit` matches
  const sel = await h.req("GET", `${ns}/configmaps?limit=2&labelSelector=app%3Dweb`);
  assert.deepEqual(names(sel), ["cm-1", "cm-3"]);
  assert.ok(sel.json.metadata.continue);
  assert.equal(sel.json.metadata.remainingItemCount, undefined);
});

test("continue errors: malformed token 400, compacted revision 410 with a fresh token", async () => {
  const bad = await h.req("GET", `${ns}/configmaps?limit=1&continue=%%%`);
  assert.equal(bad.status, 400);
  assert.match(
    bad.json.message,
    /^invalid continue token: continue key is not valid: illegal base64 data at input byte 0/,
  );
  const p1 = await h.req("GET", `${ns}/configmaps?limit=2`);
  await h.req("POST", `${ns}/configmaps`, { body: configMap("cm-compact") });
  const { current } = await h.store.revisions();
  await h.store.compact(current);
  const r = await h.req(
    "GET",
    `${ns}/configmaps?limit=2&continue=${encodeURIComponent(p1.json.metadata.continue)}`,
  );
  assert.equal(r.status, 410);
  assert.equal(r.json.reason, "Expired");
  assert.match(
    r.json.message,
    /^The provided continue parameter is too old to display a consistent list result/,
  );
  const fresh = JSON.parse(Buffer.from(r.json.metadata.continue, "base64url").toString());
  assert.equal(fresh.rv, -1);
  const cont = await h.req(
    "GET",
    `${ns}/configmaps?limit=2&continue=${encodeURIComponent(r.json.metadata.continue)}`,
  );
  assert.equal(cont.status, 200);
  assert.deepEqual(names(cont), ["cm-2", "cm-3"]);
  await h.req("DELETE", `${ns}/configmaps/cm-compact`);
});

test("resourceVersionMatch validation and semantics", async () => {
  const r = await h.req("GET", `${ns}/configmaps?resourceVersionMatch=Exact`);
  assert.equal(r.status, 422);
  assert.equal(
    r.json.message,
    'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
  );
  const rv = (await h.req("GET", `${ns}/configmaps`)).json.metadata.resourceVersion;
  const exact = await h.req("GET", `${ns}/configmaps?resourceVersion=${rv}&resourceVersionMatch=Exact`);
  assert.equal(exact.status, 200);
  assert.equal(exact.json.metadata.resourceVersion, rv);
  const older = await h.req("GET", `${ns}/configmaps?resourceVersion=1&resourceVersionMatch=NotOlderThan`);
  assert.equal(older.status, 200);
  const future = await h.req(
    "GET",
    `${ns}/configmaps?resourceVersion=99999999&resourceVersionMatch=NotOlderThan&limit=5`,
  );
  assert.equal(future.status, 504);
  assert.equal(future.json.reason, "Timeout");
  assert.match(future.json.message, /^Timeout: Too large resource version: 99999999, current: \d+$/);
  const invalid = await h.req("GET", `${ns}/configmaps?resourceVersion=abc`);
  assert.equal(invalid.status, 422);
  assert.equal(invalid.json.reason, "Invalid");
});

test("Table output: columns, PartialObjectMetadata rows, includeObject, single objects", async () => {
  const accept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  const t = await h.req("GET", `${ns}/configmaps?limit=2`, { headers: { accept } });
  assert.equal(t.status, 200);
  assert.equal(t.headers["content-type"], "application/json");
  assert.equal(t.json.kind, "Table");
  assert.equal(t.json.apiVersion, "meta.k8s.io/v1");
  assert.deepEqual(
    t.json.columnDefinitions.map((c: { name: string }) => c.name),
    ["Name", "Data", "Age"],
  );
  assert.equal(t.json.rows.length, 2);
  assert.equal(t.json.rows[0].cells[0], "cm-0");
  assert.equal(t.json.rows[0].cells[1], 1);
  assert.equal(t.json.rows[0].object.kind, "PartialObjectMetadata");
  assert.equal(t.json.rows[0].object.apiVersion, "meta.k8s.io/v1");
  assert.deepEqual(t.json.rows[0].object.metadata.labels, { app: "db", idx: "0" });
  assert.ok(t.json.metadata.continue);
  const full = await h.req("GET", `${ns}/configmaps?includeObject=Object`, { headers: { accept } });
  assert.equal(full.json.rows[0].object.kind, "ConfigMap");
  assert.deepEqual(full.json.rows[0].object.data, { i: "0" });
  const none = await h.req("GET", `${ns}/configmaps?includeObject=None`, { headers: { accept } });
  assert.equal(none.json.rows[0].object, undefined);
  const one = await h.req("GET", `${ns}/configmaps/cm-3`, { headers: { accept } });
  assert.equal(one.json.rows.length, 1);
  assert.equal(
    one.json.metadata.resourceVersion,
    (await h.req("GET", `${ns}/configmaps/cm-3`)).json.metadata.resourceVersion,
  );
  const badInclude = await h.req("GET", `${ns}/configmaps?includeObject=All`, { headers: { accept } });
  assert.equal(badInclude.status, 400);
  assert.equal(
    badInclude.json.message,
    "Unable to convert to Table as requested: includeObject: Invalid value: \"All\": must be 'Metadata', 'Object', 'None', or empty",
  );
  const beta = await h.req("GET", `${ns}/configmaps/cm-3`, {
    headers: { accept: "application/json;as=Table;v=v1beta1;g=meta.k8s.io" },
  });
  assert.equal(beta.json.apiVersion, "meta.k8s.io/v1beta1");
});

test("PartialObjectMetadata and PartialObjectMetadataList", async () => {
  const list = await h.req("GET", `${ns}/configmaps`, {
    headers: { accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1" },
  });
  assert.equal(list.json.kind, "PartialObjectMetadataList");
  assert.equal(list.json.items[0].kind, "PartialObjectMetadata");
  assert.equal(list.json.items[0].data, undefined);
  const one = await h.req("GET", `${ns}/configmaps/cm-0`, {
    headers: { accept: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1" },
  });
  assert.equal(one.json.kind, "PartialObjectMetadata");
  assert.equal(one.json.metadata.name, "cm-0");
  const wrong = await h.req("GET", `${ns}/configmaps`, {
    headers: { accept: "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1" },
  });
  assert.equal(wrong.status, 406);
  assert.equal(
    wrong.json.message,
    "you requested PartialObjectMetadata, but the requested object is a list (*v1.ConfigMapList)",
  );
});

test("YAML output and 406 for formats the server does not write", async () => {
  const y = await h.req("GET", `${ns}/configmaps/cm-0`, { headers: { accept: "application/yaml" } });
  assert.equal(y.headers["content-type"], "application/yaml");
  assert.match(y.text, /^apiVersion: v1\ndata:\n  i: "0"\nkind: ConfigMap\nmetadata:\n/);
  const pb = await h.req("GET", `${ns}/configmaps/cm-0`, {
    headers: { accept: "application/vnd.kubernetes.protobuf" },
  });
  assert.equal(pb.status, 406);
  assert.equal(pb.json.reason, "NotAcceptable");
  assert.equal(
    pb.json.message,
    "only the following media types are accepted: application/json, application/yaml",
  );
  const either = await h.req("GET", `${ns}/configmaps/cm-0`, {
    headers: { accept: "application/vnd.kubernetes.protobuf,application/json" },
  });
  assert.equal(either.status, 200);
  assert.equal(either.json.kind, "ConfigMap");
});
