import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { startHarness, configMap, adminToken, type Harness } from "../testing/harness.js";

let h: Harness;
const ns = "/api/v1/namespaces/default/configmaps";
before(async () => {
  h = await startHarness({ bookmarkIntervalMs: 200, eventWindow: 20, maxWatchBuffer: 64 * 1024 });
});
after(async () => {
  await h.stop();
});

const mergePatch = (path: string, body: unknown) =>
  h.req("PATCH", path, { body, contentType: "application/merge-patch+json" });

test("watch from a list's resourceVersion: headers at once, then ADDED, MODIFIED, DELETED", async () => {
  const list = await h.req("GET", ns);
  const w = await h.watch(`${ns}?watch=true&resourceVersion=${list.json.metadata.resourceVersion}`);
  assert.equal(w.status, 200, "headers arrive before any event");
  assert.equal(w.headers["content-type"], "application/json");
  assert.equal(w.headers["transfer-encoding"], "chunked");
  const created = (await h.req("POST", ns, { body: configMap("w1") })).json;
  await mergePatch(`${ns}/w1`, { data: { k: "v2" } });
  await h.req("DELETE", `${ns}/w1`);
  const a = await w.next();
  assert.equal(a.type, "ADDED");
  assert.equal(a.object.metadata.name, "w1");
  assert.equal(a.object.metadata.resourceVersion, created.metadata.resourceVersion);
  const m = await w.next();
  assert.equal(m.type, "MODIFIED");
  assert.equal(m.object.data.k, "v2");
  const d = await w.next();
  assert.equal(d.type, "DELETED");
  assert.equal(d.object.data.k, "v2", "the last state");
  assert.ok(
    Number(d.object.metadata.resourceVersion) > Number(m.object.metadata.resourceVersion),
    "at the delete's revision",
  );
  w.close();
});

test("watch without resourceVersion starts with the current objects as ADDED", async () => {
  await h.req("POST", ns, { body: configMap("w-init-a") });
  await h.req("POST", ns, { body: configMap("w-init-b") });
  const w = await h.watch(`${ns}?watch=1&labelSelector=`);
  const seen = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const e = await w.next();
    assert.equal(e.type, "ADDED");
    seen.add(e.object.metadata.name);
  }
  assert.ok(seen.has("w-init-a") && seen.has("w-init-b"));
  await h.req("POST", ns, { body: configMap("w-init-c") });
  let e = await w.next();
  while (e.object.metadata.name !== "w-init-c") e = await w.next();
  assert.equal(e.type, "ADDED");
  w.close();
});

test("sendInitialEvents with bookmarks ends the initial events with the initial-events-end bookmark", async () => {
  const w = await h.watch(
    `${ns}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dw-init-a`,
  );
  const a = await w.next();
  assert.equal(a.type, "ADDED");
  assert.equal(a.object.metadata.name, "w-init-a");
  const b = await w.next();
  assert.equal(b.type, "BOOKMARK");
  assert.equal(b.object.kind, "ConfigMap");
  assert.equal(b.object.metadata.annotations["k8s.io/initial-events-end"], "true");
  const blueprint = Buffer.from(
    b.object.metadata.annotations["kubernetes.io/initial-events-list-blueprint"],
    "base64",
  ).toString();
  assert.equal(blueprint, '{"kind":"ConfigMapList","apiVersion":"v1","metadata":{},"items":null}\n');
  // periodic bookmarks follow, with the current revision
  const c = await w.next();
  assert.equal(c.type, "BOOKMARK");
  assert.equal(c.object.metadata.annotations, undefined);
  w.close();
  const invalid = await h.req("GET", `${ns}?watch=true&sendInitialEvents=true`);
  assert.equal(invalid.status, 422);
  assert.match(
    invalid.json.message,
    /sendInitialEvents requires setting resourceVersionMatch to NotOlderThan/,
  );
});

test("a label change moves an object in and out of a selector's view", async () => {
  await h.req("POST", ns, { body: configMap("sel", {}, { tier: "a" }) });
  const rv = (await h.req("GET", `${ns}/sel`)).json.metadata.resourceVersion;
  const w = await h.watch(`${ns}?watch=true&labelSelector=tier%3Da&resourceVersion=${rv}`);
  await mergePatch(`${ns}/sel`, { metadata: { labels: { tier: "b" } } });
  const out = await w.next();
  assert.equal(out.type, "DELETED");
  assert.equal(out.object.metadata.labels.tier, "a", "the state it had while it matched");
  await mergePatch(`${ns}/sel`, { metadata: { labels: { tier: "a" } } });
  const back = await w.next();
  assert.equal(back.type, "ADDED");
  w.close();
});

test("a resourceVersion older than the window is an ERROR event with a 410 Expired Status", async () => {
  const rv = Number((await h.req("GET", ns)).json.metadata.resourceVersion);
  for (let i = 0; i < 25; i++) await mergePatch(`${ns}/sel`, { data: { i: String(i) } });
  const w = await h.watch(`${ns}?watch=true&resourceVersion=${rv}`);
  assert.equal(w.status, 200);
  const e = await w.next();
  assert.equal(e.type, "ERROR");
  assert.equal(e.object.kind, "Status");
  assert.equal(e.object.code, 410);
  assert.equal(e.object.reason, "Expired");
  assert.match(e.object.message, new RegExp(`^too old resource version: ${rv} \\(\\d+\\)$`));
  await w.ended;
});

test("timeoutSeconds ends the stream; the legacy /watch/ path and a single-object watch work", async () => {
  const rv = (await h.req("GET", ns)).json.metadata.resourceVersion;
  const w = await h.watch(
    `/api/v1/watch/namespaces/default/configmaps/sel?resourceVersion=${rv}&timeoutSeconds=1`,
  );
  await mergePatch(`${ns}/sel`, { data: { t: "1" } });
  await h.req("POST", ns, { body: configMap("other-w") });
  const e = await w.next();
  assert.equal(e.object.metadata.name, "sel");
  await w.ended;
});

test("Table watches: column definitions in the first event only", async () => {
  const rv = (await h.req("GET", ns)).json.metadata.resourceVersion;
  const w = await h.watch(`${ns}?watch=true&resourceVersion=${rv}`, {
    headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" },
  });
  await mergePatch(`${ns}/sel`, { data: { t: "2" } });
  await mergePatch(`${ns}/sel`, { data: { t: "3" } });
  const a = await w.next();
  assert.equal(a.object.kind, "Table");
  assert.ok(a.object.columnDefinitions.length > 0);
  assert.equal(a.object.rows[0].cells[0], "sel");
  assert.equal(a.object.rows[0].object.kind, "PartialObjectMetadata");
  const b = await w.next();
  assert.equal(b.object.columnDefinitions, null);
  w.close();
});

test("one change reaches a hundred watchers", async () => {
  const rv = (await h.req("GET", ns)).json.metadata.resourceVersion;
  const watchers = await Promise.all(
    Array.from({ length: 100 }, () => h.watch(`${ns}?watch=true&resourceVersion=${rv}`)),
  );
  await h.req("POST", ns, { body: configMap("fanout") });
  const events = await Promise.all(watchers.map((w) => w.next()));
  for (const e of events) {
    assert.equal(e.type, "ADDED");
    assert.equal(e.object.metadata.name, "fanout");
  }
  for (const w of watchers) w.close();
});

test("a watcher that stops reading is cut off; the others keep going", async () => {
  await h.req("POST", ns, { body: configMap("bulk") });
  const rv = (await h.req("GET", ns)).json.metadata.resourceVersion;
  const stalled = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
    const r = request(`${h.base}${ns}?watch=true&resourceVersion=${rv}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    r.on("response", (res) => {
      res.pause(); // not reading: the server's queue for this watcher grows
      resolve(res);
    });
    r.on("error", reject);
    r.end();
  });
  const healthy = await h.watch(`${ns}?watch=true&resourceVersion=${rv}`);
  const big = "x".repeat(256 * 1024);
  const n = 60;
  for (let i = 0; i < n; i++) {
    assert.equal(
      (await h.req("PUT", `${ns}/bulk`, { body: configMap("bulk", { big: big + i }) })).status,
      200,
    );
    const e = await healthy.next(10000);
    assert.equal(e.object.data.big, big + i, "the healthy watcher sees every change");
  }
  // Now read what the stalled watcher was sent: it was cut off before the end.
  let text = "";
  stalled.setEncoding("utf8");
  stalled.on("data", (c: string) => (text += c));
  await new Promise<void>((resolve) => {
    stalled.on("close", resolve);
    stalled.on("error", () => resolve());
    stalled.resume();
  });
  const complete = text.split("\n").filter((l) => l.endsWith("}")).length;
  assert.ok(complete < n, `the stalled watcher got ${complete} of ${n} events before it was terminated`);
  healthy.close();
});

test("stopping the server ends watches cleanly", async () => {
  const h2 = await startHarness();
  await h2.req("POST", ns, { body: configMap("one") });
  const w = await h2.watch(`${ns}?watch=true`);
  assert.equal((await w.next()).type, "ADDED");
  await h2.stop();
  await w.ended;
  assert.equal(h2.api.ready, false);
});
