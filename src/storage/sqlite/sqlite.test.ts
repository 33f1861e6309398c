import { after } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStoreContract } from "../contract.js";
import { SqliteStore } from "./sqlite-store.js";

const root = mkdtempSync(join(tmpdir(), "k8ts-sqlite-"));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
runStoreContract("sqlite", async () => new SqliteStore({ path: join(root, String(n++), "state.db") }));
