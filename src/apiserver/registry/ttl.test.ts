// Events expire: the registry writes them with the kind's TTL (the store's lease), other kinds without.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../storage/sqlite/sqlite-store.js";
import type { Store, WriteOptions } from "../../storage/store.js";
import { startHarness, configMap } from "../testing/harness.js";

const dir = mkdtempSync(join(tmpdir(), "k8ts-ttl-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("events are written with a TTL of ttlSeconds, on create and update", async () => {
  const sqlite = new SqliteStore({ path: join(dir, "db"), synchronous: "normal" });
  const writes: { key: string; opts?: WriteOptions }[] = [];
  // The real store, recording the options each write carries.
  const store: Store = Object.assign(Object.create(sqlite) as Store, {
    create: (key: string, value: string, opts?: WriteOptions) => {
      writes.push({ key, opts });
      return sqlite.create(key, value, opts);
    },
    update: (key: string, value: string, rev: number, opts?: WriteOptions) => {
      writes.push({ key, opts });
      return sqlite.update(key, value, rev, opts);
    },
  });
  const h = await startHarness({ store });
  try {
    const ev = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e1" },
      involvedObject: { kind: "Pod", name: "p", namespace: "default" },
      reason: "Started",
      message: "hi",
      type: "Normal",
    };
    assert.equal((await h.req("POST", "/api/v1/namespaces/default/events", { body: ev })).status, 201);
    await h.req("PATCH", "/api/v1/namespaces/default/events/e1", {
      body: { message: "again" },
      contentType: "application/merge-patch+json",
    });
    await h.req("POST", "/api/v1/namespaces/default/configmaps", { body: configMap("no-ttl") });
    const evWrites = writes.filter((w) => w.key.includes("/events/"));
    assert.equal(evWrites.length, 2);
    for (const w of evWrites) assert.equal(w.opts?.ttlSeconds, 3600);
    const cm = writes.find((w) => w.key.endsWith("/no-ttl"));
    assert.equal(cm?.opts?.ttlSeconds, undefined);
  } finally {
    await h.stop();
  }
});
