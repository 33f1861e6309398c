import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Compactor } from "./compactor.js";
import { rejectsWith } from "./contract.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";

test("each step compacts to the revision seen at the step before", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-compactor-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ path: join(dir, "state.db") });
  try {
    const compactor = new Compactor(store, { intervalMs: 60_000 });
    await store.create("/a", "0");
    const first = await store.create("/k", "1");
    assert.equal(await compactor.step(), 0, "the first step only records the revision");
    const second = await store.update("/k", "2", first.modRevision);
    assert.equal(await compactor.step(), first.modRevision);
    assert.equal((await store.revisions()).compacted, first.modRevision);
    await rejectsWith(store.list("/", { revision: first.modRevision - 1 }), "Compacted");
    assert.equal((await store.list("/k", { revision: first.modRevision })).items[0].value, "1");
    assert.equal(await compactor.step(), second.modRevision);
    assert.equal(await compactor.step(), 0, "nothing written since: nothing to compact");
  } finally {
    await store.close();
  }
});

test("start runs until aborted", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-compactor-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SqliteStore({ path: join(dir, "state.db") });
  try {
    const kv = await store.create("/k", "1");
    const stop = new AbortController();
    const done = new Compactor(store, { intervalMs: 1 }).start(stop.signal);
    // Two steps are needed: the first records the revision, the second compacts to it.
    while ((await store.revisions()).compacted < kv.modRevision) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await done;
  } finally {
    await store.close();
  }
});
