// An acknowledged write survives kill -9: a child process writes through SqliteStore and prints each
// acknowledged revision; it is killed mid-stream; the reopened store has every acknowledged key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "./sqlite-store.js";

const writerScript = fileURLToPath(new URL("./durability-writer.js", import.meta.url));

for (const synchronous of ["normal", "full"] as const)
  test(`every acknowledged write survives kill -9 of the writing process (synchronous=${synchronous})`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "k8ts-durability-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "state.db");

    const child = spawn(process.execPath, [writerScript, path, "8", synchronous], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acked = new Map<string, number>();
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    let buffered = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", () => resolve());
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop()!;
        for (const line of lines) {
          if (line === "ready") continue;
          const [key, revision] = line.split(" ");
          acked.set(key, Number(revision));
        }
        // Kill it while writes are in flight: well past the first few batches, without waiting for a lull.
        if (acked.size >= 2000 && !child.killed) child.kill("SIGKILL");
      });
    });
    assert.equal(await exited, "SIGKILL", "the writer was killed, not finished");
    assert.ok(acked.size >= 2000);

    const store = new SqliteStore({ path });
    try {
      const { current } = await store.revisions();
      assert.ok(current >= Math.max(...acked.values()), "the revision counter did not go back");
      const listed = new Map((await store.list("/durable/")).items.map((kv) => [kv.key, kv]));
      for (const [key, revision] of acked) {
        const kv = listed.get(key);
        assert.ok(kv, `acknowledged key ${key} (revision ${revision}) is missing`);
        assert.equal(kv.modRevision, revision);
        assert.equal(JSON.parse(kv.value).text, "ünïcödé");
      }
      // The reopened store goes on from where it was.
      const next = await store.create("/durable/after", "x");
      assert.equal(next.modRevision, current + 1);
    } finally {
      await store.close();
    }
  });
