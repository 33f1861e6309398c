// Test helper, run as a child process by durability.test.ts: writes keys through SqliteStore with
// several concurrent writers and prints "<key> <revision>" for each write once it is acknowledged,
// until it is killed. Usage: node durability-writer.js <db path> <writers>
import { writeSync } from "node:fs";
import { SqliteStore } from "./sqlite-store.js";

const [path, writers = "8", synchronous = "full"] = process.argv.slice(2);
if (!path) throw new Error("usage: durability-writer.js <db path> [writers]");
const store = new SqliteStore({ path, synchronous: synchronous === "normal" ? "normal" : "full" });
writeSync(1, "ready\n");

async function writer(id: number): Promise<void> {
  for (let i = 0; ; i++) {
    const key = `/durable/${id}/${i}`;
    const kv = await store.create(key, JSON.stringify({ id, i, text: "ünïcödé" }));
    writeSync(1, `${key} ${kv.modRevision}\n`);
  }
}

await Promise.all(Array.from({ length: Number(writers) }, (_, id) => writer(id)));
