// The same pipeline on etcd: CRUD, pagination, watches, and consistent reads across the etcd compactor's
// bookkeeping writes (revisions the registry watch never sees).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { etcdAvailable, startEtcd, type EtcdProcess } from "../storage/etcd/testing.js";
import { EtcdStore } from "../storage/etcd/etcd-store.js";
import { startHarness, configMap, deployment, type Harness } from "./testing/harness.js";

const skip = etcdAvailable() ? false : "etcd is not installed (/usr/bin/etcd)";
let etcd: EtcdProcess | undefined;
let h: Harness;
before(async () => {
  if (skip) return;
  etcd = await startEtcd();
  h = await startHarness({ store: new EtcdStore({ endpoints: [etcd.endpoint] }) });
});
after(async () => {
  await h?.stop();
  await etcd?.stop();
});

const cms = "/api/v1/namespaces/default/configmaps";

test("CRUD, conflicts and pagination on etcd", { skip }, async () => {
  for (let i = 0; i < 5; i++)
    assert.equal((await h.req("POST", cms, { body: configMap(`e${i}`) })).status, 201);
  const p1 = await h.req("GET", `${cms}?limit=2`);
  assert.deepEqual(
    p1.json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ["e0", "e1"],
  );
  assert.equal(p1.json.metadata.remainingItemCount, 3);
  const p2 = await h.req("GET", `${cms}?limit=10&continue=${encodeURIComponent(p1.json.metadata.continue)}`);
  assert.deepEqual(
    p2.json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ["e2", "e3", "e4"],
  );
  const d = (await h.req("POST", "/apis/apps/v1/namespaces/default/deployments", { body: deployment("ed") }))
    .json;
  assert.equal(
    (await h.req("PUT", "/apis/apps/v1/namespaces/default/deployments/ed", { body: d })).status,
    200,
  );
  await h.req("PATCH", "/apis/apps/v1/namespaces/default/deployments/ed", {
    body: { spec: { replicas: 3 } },
    contentType: "application/merge-patch+json",
  });
  const stale = await h.req("PUT", "/apis/apps/v1/namespaces/default/deployments/ed", {
    body: { ...d, spec: { ...d.spec, replicas: 4 } },
  });
  assert.equal(stale.status, 409);
  assert.equal((await h.req("DELETE", `${cms}/e0`)).status, 200);
});

test("watches resume from a resourceVersion on etcd", { skip }, async () => {
  const rv = (await h.req("GET", cms)).json.metadata.resourceVersion;
  const w = await h.watch(`${cms}?watch=true&resourceVersion=${rv}`);
  await h.req("POST", cms, { body: configMap("ew") });
  const e = await w.next();
  assert.equal(e.type, "ADDED");
  assert.equal(e.object.metadata.name, "ew");
  w.close();
});

test("consistent lists and watches stay fresh across a compaction", { skip }, async () => {
  const { current } = await h.store.revisions();
  await h.store.compact(current);
  // the compactor's bookkeeping write moved etcd's revision past what the registry watch has seen
  const list = await h.req("GET", cms);
  assert.equal(list.status, 200);
  assert.ok(Number(list.json.metadata.resourceVersion) > current);
  const w = await h.watch(`${cms}?watch=true&fieldSelector=metadata.name%3Dew`);
  const e = await w.next();
  assert.equal(e.type, "ADDED");
  w.close();
  const old = await h.req("GET", `${cms}?limit=1&resourceVersion=${current - 1}&resourceVersionMatch=Exact`);
  assert.equal(old.status, 410);
  assert.equal(old.json.message, "The resourceVersion for the provided list is too old.");
});
