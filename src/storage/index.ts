// Opening the store the server runs on: the SQLite file in the data dir (k3s' default), or etcd when
// --datastore-endpoint names etcd client URLs.
import { join } from "node:path";
import { DEFAULT_COMPACTION_INTERVAL_MS } from "./compactor.js";
import type { StoreLogger } from "./logger.js";
import { SqliteStore } from "./sqlite/sqlite-store.js";
import { StoreError, type Store } from "./store.js";

export * from "./store.js";
export { Compactor, DEFAULT_COMPACTION_INTERVAL_MS, type CompactorOptions } from "./compactor.js";
export { silentLogger, type StoreLogger } from "./logger.js";
export { compareKeys } from "./keys.js";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export type { EtcdStore, EtcdStoreOptions } from "./etcd/etcd-store.js";

export interface OpenStoreOptions {
  /** The server's data dir (--data-dir). */
  dataDir: string;
  /** SQLite commit durability (--datastore-sync): "normal" survives a process crash, "full" power loss too. */
  sqliteSynchronous?: "full" | "normal";
  /** --datastore-endpoint: "http://host:2379[,http://host2:2379]" uses etcd; unset or "" the SQLite file. */
  datastoreEndpoint?: string;
  /** Compaction interval (the API server's --etcd-compaction-interval); default 5 min, 0 = off. */
  compactIntervalMs?: number;
  log?: StoreLogger;
}

/** Where the SQLite store lives in a data dir (as k3s keeps its kine database). */
export function sqliteStorePath(dataDir: string): string {
  return join(dataDir, "server", "db", "state.db");
}

/** Parses --datastore-endpoint into etcd client URLs; throws on anything else. */
export function parseEtcdEndpoints(datastoreEndpoint: string): string[] {
  const endpoints = datastoreEndpoint
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (endpoints.length === 0) throw new TypeError("--datastore-endpoint names no endpoint");
  for (const e of endpoints) {
    let url: URL;
    try {
      url = new URL(e);
    } catch {
      throw new TypeError(
        `--datastore-endpoint: ${JSON.stringify(e)} is not a URL (expected http://host:2379)`,
      );
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(
        `--datastore-endpoint: ${JSON.stringify(e)} is not an etcd client URL (http:// or https://)`,
      );
    }
  }
  return endpoints;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const compactIntervalMs = opts.compactIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS;
  if (!opts.datastoreEndpoint) {
    return new SqliteStore({
      path: sqliteStorePath(opts.dataDir),
      compactIntervalMs,
      log: opts.log,
      synchronous: opts.sqliteSynchronous ?? "normal",
    });
  }
  const endpoints = parseEtcdEndpoints(opts.datastoreEndpoint);
  // Loaded only when asked for: the gRPC stack is not needed by a server on SQLite.
  const { EtcdStore } = await import("./etcd/etcd-store.js");
  const store = new EtcdStore({ endpoints, compactIntervalMs, log: opts.log });
  try {
    await store.revisions(); // fail at start, not at the first request
  } catch (err) {
    await store.close();
    const reason = err instanceof Error ? err.message : String(err);
    throw new StoreError("Unavailable", `cannot reach etcd at ${endpoints.join(",")}: ${reason}`);
  }
  return store;
}
