import { test } from "node:test";
import assert from "node:assert/strict";
import { buildOpenApi } from "./index.js";
import { serveOpenApi } from "./serve.js";
import { Scale, testResources } from "./testdata/resources.js";

const api = buildOpenApi(testResources, { version: "v1.32.0", scale: Scale });
const get = (path: string, headers: { accept?: string; ifNoneMatch?: string } = {}, now?: Date) => {
  const u = new URL(path, "https://127.0.0.1");
  return serveOpenApi(api, { path: u.pathname, query: u.searchParams, ...headers, now });
};

test("/openapi/v3 answers the root with its ETag, and 304 on If-None-Match", () => {
  const r = get("/openapi/v3", { accept: "application/json, */*" })!;
  assert.equal(r.status, 200);
  assert.equal(r.headers["Content-Type"], "application/json");
  assert.equal(r.headers.Etag, `"${api.v3Root().hash}"`);
  assert.deepEqual(Buffer.from(r.body!), api.v3Root().json);
  const again = get("/openapi/v3", { ifNoneMatch: r.headers.Etag })!;
  assert.equal(again.status, 304);
  assert.equal(again.body, undefined);
});

test("/openapi/v3/<gv>?hash=<current> is immutable for a year; a stale hash redirects", () => {
  const doc = api.v3Doc("apis/apps/v1")!;
  const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  const r = get(
    `/openapi/v3/apis/apps/v1?hash=${doc.hash}&timeout=32s`,
    { accept: "application/json" },
    now,
  )!;
  assert.equal(r.status, 200);
  assert.equal(r.headers["Cache-Control"], "public, immutable");
  assert.equal(r.headers.Expires, "Sat, 02 Jan 2027 03:04:05 GMT");
  assert.equal(r.headers.Vary, "Accept");
  assert.equal(r.headers.Etag, `"${doc.hash}"`);
  assert.deepEqual(Buffer.from(r.body!), doc.json);

  const stale = get("/openapi/v3/apis/apps/v1?hash=0BAD", { accept: "application/json" })!;
  assert.equal(stale.status, 301);
  assert.equal(stale.headers.Location, `/openapi/v3/apis/apps/v1?hash=${doc.hash}`);

  const plain = get("/openapi/v3/api/v1")!;
  assert.equal(plain.status, 200);
  assert.equal(plain.headers["Cache-Control"], undefined);

  assert.equal(get("/openapi/v3/apis/nope/v1")!.status, 404);
  assert.equal(
    get("/openapi/v3/api/v1", { accept: "application/com.github.proto-openapi.spec.v3@v1.0+protobuf" })!
      .status,
    406,
  );
});

test("/openapi/v2 negotiates JSON or the gnostic protobuf, with a Content-Type Go can parse", () => {
  const pb = get("/openapi/v2?timeout=32s", {
    accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
  })!;
  assert.equal(pb.status, 200);
  assert.equal(pb.headers["Content-Type"], "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  assert.deepEqual(Buffer.from(pb.body!), Buffer.from(api.v2Protobuf()));
  assert.equal(pb.headers.Etag, `"${api.v2Json().hash}"`);

  const js = get("/openapi/v2", { accept: "application/json" })!;
  assert.equal(js.headers["Content-Type"], "application/json");
  assert.deepEqual(Buffer.from(js.body!), api.v2Json().json);

  // q-values order the clauses, as goautoneg does.
  const pref = get("/openapi/v2", {
    accept: "application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
  })!;
  assert.equal(pref.headers["Content-Type"], "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  assert.equal(get("/openapi/v2", { accept: "application/xml" })!.status, 406);
  assert.equal(get("/openapi/v2")!.headers["Content-Type"], "application/json");
});

test("other paths are not OpenAPI's", () => {
  assert.equal(get("/api/v1"), undefined);
  assert.equal(get("/openapi/v3x"), undefined);
});
