// What the SQLite backend promises beyond the shared contract: restarts, the file lock, group commit,
// physical compaction, TTLs across restarts.
import { test } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rejectsWith, WatchRecorder } from "../contract.js";
import { StoreError } from "../store.js";
import { SqliteStore } from "./sqlite-store.js";

function tempPath(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-sqlite-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "db", "state.db");
}

function countRows(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT COUNT(*) FROM log").pluck().get() as number;
  } finally {
    db.close();
  }
}

test("reopening keeps keys, the revision and the compacted revision", async (t) => {
  const path = tempPath(t);
  let s = new SqliteStore({ path });
  const a = await s.create("/k/a", "1");
  await s.create("/k/b", "2");
  const gone = await s.delete("/k/b");
  await s.compact(gone.modRevision); // removes the newest rows (the deletion and what it deleted)
  await s.close();

  s = new SqliteStore({ path });
  try {
    assert.deepEqual(await s.revisions(), { current: gone.modRevision, compacted: gone.modRevision });
    assert.deepEqual((await s.list("/k/")).items, [a]);
    const next = await s.create("/k/c", "3");
    assert.equal(next.modRevision, gone.modRevision + 1, "revisions are never reused");
  } finally {
    await s.close();
  }
});

test("a second store cannot open a database that is in use", async (t) => {
  const path = tempPath(t);
  const s = new SqliteStore({ path });
  try {
    assert.throws(
      () => new SqliteStore({ path }),
      (err) => err instanceof StoreError && err.code === "Unavailable" && /in use/.test(err.message),
    );
    await s.create("/still/works", "1");
  } finally {
    await s.close();
  }
  const again = new SqliteStore({ path });
  assert.equal((await again.get("/still/works")).kv?.value, "1");
  await again.close();
});

test("writes asked for together commit together, in the order asked, each with its own outcome", async (t) => {
  const s = new SqliteStore({ path: tempPath(t) });
  try {
    const start = (await s.revisions()).current;
    const results = await Promise.allSettled([
      s.create("/b/1", "1"),
      s.create("/b/1", "again"), // fails: created just before in the same batch
      s.create("/b/2", "2"),
      s.update("/b/2", "2b", start + 2), // sees the create before it
      s.delete("/b/1"),
    ]);
    assert.deepEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value.modRevision : (r.reason as StoreError).code)),
      [start + 1, "KeyExists", start + 2, start + 3, start + 4],
    );
    assert.deepEqual(
      (await s.list("/b/")).items.map((kv) => kv.value),
      ["2b"],
    );
  } finally {
    await s.close();
  }
});

test("compaction deletes the history nothing can read any more", async (t) => {
  const path = tempPath(t);
  const s = new SqliteStore({ path });
  let kv = await s.create("/c/k", "0");
  for (let i = 1; i <= 20; i++) kv = await s.update("/c/k", String(i), kv.modRevision);
  const dead = await s.create("/c/dead", "x");
  await s.delete("/c/dead");
  const keep = await s.create("/c/keep", "y");
  await s.compact(keep.modRevision);
  await s.close();
  // Left: the latest row of each live key. History and deletions at or below the revision are gone.
  assert.equal(countRows(path), 2);
  assert.ok(dead.modRevision < keep.modRevision);
});

test("keys whose TTL passed while the store was closed expire when it opens", async (t) => {
  const path = tempPath(t);
  let s = new SqliteStore({ path });
  await s.create("/ttl/short", "s", { ttlSeconds: 60 });
  await s.create("/ttl/long", "l", { ttlSeconds: 3600 });
  await s.create("/ttl/none", "n");
  const before = (await s.revisions()).current;
  await s.close();

  const later = Date.now() + 120_000; // two minutes on
  s = new SqliteStore({ path, now: () => later });
  try {
    const w = new WatchRecorder(s, "/ttl/", before);
    await w.untilEvents(1);
    assert.deepEqual(
      w.events.map((e) => `${e.type} ${e.kv.key}`),
      ["delete /ttl/short"],
    );
    assert.deepEqual(
      (await s.list("/ttl/")).items.map((kv) => kv.key),
      ["/ttl/long", "/ttl/none"],
    );
    w.abort();
  } finally {
    await s.close();
  }
});

test("a watch whose handlers throw ends with Unavailable; writes and other watches go on", async (t) => {
  const s = new SqliteStore({ path: tempPath(t) });
  try {
    const start = (await s.revisions()).current;
    const errors: StoreError[] = [];
    let calls = 0;
    s.watch("/h/", {
      afterRevision: start,
      signal: new AbortController().signal,
      onEvent: () => {
        calls++;
        throw new Error("handler bug");
      },
      onError: (err) => errors.push(err),
    });
    s.watch("/h/", {
      afterRevision: start,
      signal: new AbortController().signal,
      onEvent: () => {
        throw new Error("handler bug");
      },
      onError: () => {
        throw new Error("error handler bug too");
      },
    });
    const good = new WatchRecorder(s, "/h/", start);
    await s.create("/h/1", "1");
    await s.create("/h/2", "2");
    await good.untilEvents(2);
    assert.equal(calls, 1);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, "Unavailable");
    assert.match(errors[0].message, /handler bug/);
    good.abort();
  } finally {
    await s.close();
  }
});

test("pending writes are committed by close; writes after close are refused", async (t) => {
  const path = tempPath(t);
  const s = new SqliteStore({ path });
  const pending = s.create("/p/1", "1");
  await s.close();
  assert.equal((await pending).value, "1");
  await rejectsWith(s.create("/p/2", "2"), "Unavailable");
  const again = new SqliteStore({ path });
  assert.equal((await again.get("/p/1")).kv?.value, "1");
  await again.close();
});
