import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, parseEtcdEndpoints, sqliteStorePath, StoreError } from "./index.js";
import { ETCD_BINARY, etcdAvailable, startEtcd } from "./etcd/testing.js";

test("without --datastore-endpoint the store is the SQLite file in the data dir", async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), "k8ts-data-"));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = await openStore({ dataDir });
  try {
    assert.equal(store.backend, "sqlite");
    await store.create("/registry/namespaces/default", "{}");
    assert.ok(existsSync(join(dataDir, "server", "db", "state.db")));
    assert.equal(sqliteStorePath(dataDir), join(dataDir, "server", "db", "state.db"));
  } finally {
    await store.close();
  }
  const reopened = await openStore({ dataDir });
  assert.equal((await reopened.get("/registry/namespaces/default")).kv?.value, "{}");
  await reopened.close();
});

test("--datastore-endpoint takes a comma-separated list of etcd client URLs", () => {
  assert.deepEqual(parseEtcdEndpoints("http://127.0.0.1:2379"), ["http://127.0.0.1:2379"]);
  assert.deepEqual(parseEtcdEndpoints(" http://a:2379 , https://b:2379,"), [
    "http://a:2379",
    "https://b:2379",
  ]);
  assert.throws(() => parseEtcdEndpoints(""), TypeError);
  assert.throws(() => parseEtcdEndpoints("127.0.0.1:2379"), /not an etcd client URL|not a URL/);
  assert.throws(
    () => parseEtcdEndpoints("mysql://root@tcp(127.0.0.1:3306)/k8ts"),
    /not an etcd client URL|not a URL/,
  );
});

test("an unreachable etcd fails at open with Unavailable", async () => {
  await assert.rejects(
    openStore({ dataDir: "/nonexistent", datastoreEndpoint: "http://127.0.0.1:1" }),
    (err) => err instanceof StoreError && err.code === "Unavailable" && /cannot reach etcd/.test(err.message),
  );
});

test(
  "--datastore-endpoint with an etcd URL opens an etcd store",
  { skip: !etcdAvailable() && `no etcd binary at ${ETCD_BINARY}` },
  async () => {
    const etcd = await startEtcd();
    try {
      const store = await openStore({ dataDir: "/nonexistent", datastoreEndpoint: etcd.endpoint });
      try {
        assert.equal(store.backend, "etcd");
        const kv = await store.create("/registry/namespaces/default", "{}");
        assert.equal((await store.get("/registry/namespaces/default")).kv?.modRevision, kv.modRevision);
      } finally {
        await store.close();
      }
    } finally {
      await etcd.stop();
    }
  },
);
