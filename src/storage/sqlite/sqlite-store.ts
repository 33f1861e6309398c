// The embedded store: one SQLite file (better-sqlite3), a kine-style log of changes (schema.ts).
//
// Durability: WAL. With synchronous=NORMAL (the server's default) a commit is in the WAL file before it is
// acknowledged, so it survives a crash of the process (kill -9) but not necessarily of the machine; with
// FULL (`--datastore-sync=full`) every commit is fsynced too (it survives power loss). better-sqlite3 is
// synchronous, so an fsync blocks the event loop: FULL costs most of the write rate on slow disks.
// Concurrent writes are committed together (group commit, as etcd batches its raft log): writes asked for in
// the same tick share one transaction (and, with FULL, one fsync), in order.
// The revision counter and the watch fan-out live in this process, so the file is opened with an
// exclusive lock: a second process cannot open the same database while this one has it.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { checkKey, compareKeys, invalidKey, prefixEnd } from "../keys.js";
import { Compactor } from "../compactor.js";
import { silentLogger, type StoreLogger } from "../logger.js";
import {
  StoreError,
  type KeyValue,
  type ListOptions,
  type ListResult,
  type Store,
  type WatchEvent,
  type WatchOptions,
  type WriteOptions,
} from "../store.js";
import { migrate } from "./schema.js";
import { compactedError, WatchHub } from "./watch-hub.js";

export interface SqliteStoreOptions {
  /** The database file; its directory is created if missing. */
  path: string;
  /**
   * "full" (default): fsync every commit, so acknowledged writes survive a crash of the machine.
   * "normal": acknowledged writes survive a crash of this process (kill -9), not of the machine.
   */
  synchronous?: "full" | "normal";
  /** Compact every interval, to the revision current one interval before (see compactor.ts); 0 = off (default). */
  compactIntervalMs?: number;
  /** Clock for TTL deadlines, in ms since the epoch (injected in tests). */
  now?: () => number;
  log?: StoreLogger;
}

type WriteOp =
  | { type: "create"; key: string; value: string; ttlSeconds?: number }
  | { type: "update"; key: string; value: string; expected: number; ttlSeconds?: number }
  | { type: "delete"; key: string; expected?: number };

interface PendingWrite {
  op: WriteOp;
  resolve: (kv: KeyValue) => void;
  reject: (err: unknown) => void;
}

type Applied = { kv: KeyValue; event: WatchEvent; expiresAt: number | null } | StoreError;

/** The latest row of a key (live or a deletion). */
interface LatestRow {
  revision: number;
  value: string;
  create_revision: number;
  deleted: number;
}

/** [key, value, create_revision, revision] — the column order of every list query. */
type KvRow = [string, string, number, number];

/** [revision, key, value, created, deleted, create_revision, prev value, prev revision, prev create_revision] */
type LogRow = [number, string, string, number, number, number, string | null, number | null, number | null];

const SWEEP_BATCH = 1000;
const COMPACT_CHUNK = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface ListStatements {
  select: Database.Statement;
  count: Database.Statement;
}

export class SqliteStore implements Store {
  readonly backend = "sqlite";
  readonly path: string;

  private readonly db: Database.Database;
  private readonly log: StoreLogger;
  private readonly now: () => number;
  private readonly hub: WatchHub;
  private revision: number;
  private compacted: number;
  private closed = false;
  private pending: PendingWrite[] = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweepAt = Infinity;
  private readonly compactor: { stop: AbortController; done: Promise<void> } | undefined;

  private readonly stmt: {
    latest: Database.Statement<[string], LatestRow>;
    insert: Database.Statement;
    supersede: Database.Statement;
    maxRevision: Database.Statement;
    minRevision: Database.Statement;
    getMeta: Database.Statement;
    setMeta: Database.Statement;
    nextExpiry: Database.Statement;
    expired: Database.Statement<[number], { key: string; revision: number }>;
    compactChunk: Database.Statement;
  };
  private readonly listStmts = new Map<string, ListStatements>();
  private readonly replayStmts = new Map<string, Database.Statement>();
  private readonly writeBatch: (batch: PendingWrite[], now: number) => Applied[];

  constructor(opts: SqliteStoreOptions) {
    this.path = opts.path;
    this.log = opts.log ?? silentLogger;
    this.now = opts.now ?? Date.now;
    mkdirSync(dirname(opts.path), { recursive: true });
    this.db = new Database(opts.path, { timeout: 1000 });
    try {
      this.db.pragma("locking_mode = EXCLUSIVE");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma(`synchronous = ${opts.synchronous === "normal" ? "NORMAL" : "FULL"}`);
      this.db.pragma("cache_size = -32768"); // 32 MiB of page cache
      this.db.pragma("temp_store = MEMORY");
      this.db.exec("BEGIN EXCLUSIVE; COMMIT"); // take the lock now, not at the first write
      migrate(this.db);
    } catch (err) {
      this.db.close();
      if ((err as { code?: string }).code === "SQLITE_BUSY") {
        throw new StoreError("Unavailable", `database ${opts.path} is in use by another process`);
      }
      throw err;
    }
    const db = this.db;
    this.stmt = {
      latest: db.prepare(
        "SELECT revision, value, create_revision, deleted FROM log WHERE key = ? AND superseded_at IS NULL",
      ),
      insert: db.prepare(
        "INSERT INTO log (revision, key, value, created, deleted, create_revision, prev_revision, expires_at)" +
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      supersede: db.prepare("UPDATE log SET superseded_at = ? WHERE revision = ?"),
      maxRevision: db.prepare("SELECT MAX(revision) FROM log").pluck(),
      minRevision: db.prepare("SELECT MIN(revision) FROM log").pluck(),
      getMeta: db.prepare("SELECT value FROM meta WHERE name = ?").pluck(),
      setMeta: db.prepare(
        "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      ),
      nextExpiry: db
        .prepare(
          "SELECT MIN(expires_at) FROM log WHERE superseded_at IS NULL AND deleted = 0 AND expires_at IS NOT NULL",
        )
        .pluck(),
      expired: db.prepare(
        "SELECT key, revision FROM log WHERE superseded_at IS NULL AND deleted = 0 AND expires_at IS NOT NULL" +
          ` AND expires_at <= ? ORDER BY expires_at LIMIT ${SWEEP_BATCH}`,
      ),
      // Rows no read at or after the compacted revision can see: superseded by then, or deletions.
      compactChunk: db.prepare(
        "DELETE FROM log WHERE revision > ? AND revision <= ? AND (superseded_at <= ? OR deleted = 1)",
      ),
    };
    this.writeBatch = db.transaction((batch: PendingWrite[], now: number) =>
      batch.map((p) => this.apply(p.op, now)),
    );

    this.compacted = (this.stmt.getMeta.get("compact_revision") as number | undefined) ?? 0;
    // Compaction may have removed the newest rows (deletions), never revisions above the compacted one.
    this.revision = Math.max((this.stmt.maxRevision.get() as number | null) ?? 0, this.compacted);

    this.hub = new WatchHub(
      {
        replay: (prefix, after, upTo, limit) => this.replay(prefix, after, upTo, limit),
        currentRevision: () => this.revision,
        compactedRevision: () => this.compacted,
      },
      this.log,
    );
    this.scheduleNextSweep();

    if (opts.compactIntervalMs && opts.compactIntervalMs > 0) {
      const stop = new AbortController();
      const done = new Compactor(this, { intervalMs: opts.compactIntervalMs, log: this.log }).start(
        stop.signal,
      );
      this.compactor = { stop, done };
    }
  }

  async get(key: string): Promise<{ kv?: KeyValue; revision: number }> {
    this.checkOpen();
    checkKey(key);
    const row = this.stmt.latest.get(key);
    return { kv: row && row.deleted === 0 ? latestToKv(key, row) : undefined, revision: this.revision };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const at = this.readRevision(opts.revision);
    const served = at || this.revision;
    const end = prefixEnd(prefix);
    const start = opts.startKey && compareKeys(opts.startKey, prefix) > 0 ? opts.startKey : prefix;
    if (end !== undefined && compareKeys(start, end) >= 0)
      return { items: [], revision: served, more: false, remaining: 0 };

    const limit = opts.limit && opts.limit > 0 ? Math.floor(opts.limit) : 0;
    const stmts = this.listStatements(at > 0, end !== undefined);
    // One extra row tells whether more follow, without counting in the common case.
    const params = { start, end, at, limit: limit > 0 ? limit + 1 : -1 };
    const rows = stmts.select.all(params) as KvRow[];
    let more = false;
    let remaining = 0;
    if (limit > 0 && rows.length > limit) {
      rows.length = limit;
      more = true;
      remaining = (stmts.count.get(params) as number) - limit;
    }
    return { items: rows.map(rowToKv), revision: served, more, remaining };
  }

  create(key: string, value: string, opts: WriteOptions = {}): Promise<KeyValue> {
    return this.write({ type: "create", key, value, ttlSeconds: opts.ttlSeconds });
  }

  update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts: WriteOptions = {},
  ): Promise<KeyValue> {
    return this.write({
      type: "update",
      key,
      value,
      expected: expectedModRevision,
      ttlSeconds: opts.ttlSeconds,
    });
  }

  delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    return this.write({ type: "delete", key, expected: expectedModRevision });
  }

  watch(prefix: string, opts: WatchOptions): void {
    if (this.closed) {
      if (!opts.signal.aborted) setImmediate(() => opts.onError(closedError()));
      return;
    }
    this.hub.add(prefix, opts);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (!Number.isSafeInteger(revision))
      throw new TypeError(`compact revision must be an integer, got ${revision}`);
    if (revision > this.revision) throw futureError(revision, this.revision);
    if (revision <= this.compacted) return;
    // Record it first: from here on, reads and watches below it are refused, so deleting rows in
    // chunks (letting other work run between them) can never show a read a half-compacted past.
    this.stmt.setMeta.run("compact_revision", revision);
    this.compacted = revision;
    let low = ((this.stmt.minRevision.get() as number | null) ?? revision + 1) - 1;
    let removed = 0;
    while (low < revision && !this.closed) {
      const high = Math.min(low + COMPACT_CHUNK, revision);
      removed += this.stmt.compactChunk.run(low, high, revision).changes;
      low = high;
      if (low < revision) await new Promise((r) => setImmediate(r));
    }
    this.log.info({ revision, removed }, "sqlite store compacted");
  }

  async revisions(): Promise<{ current: number; compacted: number }> {
    this.checkOpen();
    return { current: this.revision, compacted: this.compacted };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // writes already asked for are committed and answered
    this.closed = true;
    clearTimeout(this.sweepTimer);
    if (this.compactor) {
      this.compactor.stop.abort();
      await this.compactor.done;
    }
    this.hub.failAll(closedError());
    this.db.close();
  }

  // --- writes ---

  private write(op: WriteOp): Promise<KeyValue> {
    if (this.closed) return Promise.reject(closedError());
    const invalid =
      invalidKey(op.key) ??
      (op.type !== "delete" && typeof op.value !== "string"
        ? new TypeError("store value must be a string")
        : undefined);
    if (invalid) return Promise.reject(invalid);
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (this.pending.length === 1) queueMicrotask(() => this.flush());
    });
  }

  /** Commits every pending write in one transaction, then publishes the events and answers the callers. */
  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const before = this.revision;
    let results: Applied[];
    try {
      results = this.writeBatch(batch, this.now());
    } catch (err) {
      this.revision = before; // the transaction rolled back
      this.log.error({ err, writes: batch.length }, "sqlite write failed");
      const failure = new StoreError("Unavailable", `sqlite write failed: ${(err as Error).message}`);
      for (const p of batch) p.reject(failure);
      return;
    }
    const events: WatchEvent[] = [];
    let nextExpiry = Infinity;
    for (const r of results) {
      if (r instanceof StoreError) continue;
      events.push(r.event);
      if (r.expiresAt !== null && r.expiresAt < nextExpiry) nextExpiry = r.expiresAt;
    }
    this.hub.publish(events);
    results.forEach((r, i) => (r instanceof StoreError ? batch[i].reject(r) : batch[i].resolve({ ...r.kv })));
    if (nextExpiry !== Infinity) this.scheduleSweep(nextExpiry);
  }

  /** One write inside the batch transaction. A failed precondition is a value: nothing is written. */
  private apply(op: WriteOp, now: number): Applied {
    const { key } = op;
    const latest = this.stmt.latest.get(key);
    const current = latest && latest.deleted === 0 ? latestToKv(key, latest) : undefined;
    if (op.type === "create") {
      if (current) return new StoreError("KeyExists", `key already exists: ${key}`, current);
    } else {
      if (!current) return new StoreError("NotFound", `key not found: ${key}`);
      if (op.expected !== undefined && current.modRevision !== op.expected) {
        return new StoreError(
          "Conflict",
          `revision mismatch for ${key}: expected ${op.expected}, current ${current.modRevision}`,
          current,
        );
      }
    }

    const revision = this.revision + 1;
    if (latest) this.stmt.supersede.run(revision, latest.revision);
    if (op.type === "delete") {
      const prev = current!;
      this.stmt.insert.run(revision, key, prev.value, 0, 1, prev.createRevision, prev.modRevision, null);
      this.revision = revision;
      const kv = { key, value: prev.value, createRevision: prev.createRevision, modRevision: revision };
      return { kv, event: { type: "delete", kv }, expiresAt: null };
    }
    const expiresAt = op.ttlSeconds && op.ttlSeconds > 0 ? now + op.ttlSeconds * 1000 : null;
    const createRevision = current ? current.createRevision : revision;
    this.stmt.insert.run(
      revision,
      key,
      op.value,
      current ? 0 : 1,
      0,
      createRevision,
      latest?.revision ?? 0,
      expiresAt,
    );
    this.revision = revision;
    const kv = { key, value: op.value, createRevision, modRevision: revision };
    return { kv, event: current ? { type: "put", kv, prevKv: current } : { type: "put", kv }, expiresAt };
  }

  // --- TTL ---

  private scheduleSweep(at: number): void {
    if (this.closed || at >= this.sweepAt) return;
    clearTimeout(this.sweepTimer);
    this.sweepAt = at;
    this.sweepTimer = setTimeout(() => this.sweep(), Math.min(Math.max(0, at - this.now()), MAX_TIMER_MS));
    this.sweepTimer.unref();
  }

  private scheduleNextSweep(): void {
    if (this.closed) return;
    const next = this.stmt.nextExpiry.get() as number | null;
    if (next !== null) this.scheduleSweep(next);
  }

  /** Deletes expired keys through the ordinary write path, so watchers see the deletions. */
  private sweep(): void {
    this.sweepTimer = undefined;
    this.sweepAt = Infinity;
    if (this.closed) return;
    const expired = this.stmt.expired.all(this.now());
    const deletions = expired.map(({ key, revision }) =>
      this.delete(key, revision).then(
        () => undefined,
        (err: unknown) => {
          // Conflict/NotFound: the key changed since it was read, and the change decides.
          if (err instanceof StoreError && (err.code === "Conflict" || err.code === "NotFound")) return;
          this.log.error({ err, key }, "expiring key failed");
        },
      ),
    );
    void Promise.all(deletions).then(() => this.scheduleNextSweep());
  }

  // --- reads ---

  /** Validates a read revision; returns it, or 0 for "latest". */
  private readRevision(revision: number | undefined): number {
    if (!revision) return 0;
    if (!Number.isSafeInteger(revision) || revision < 0) {
      throw new TypeError(`revision must be a non-negative integer, got ${revision}`);
    }
    if (revision > this.revision) throw futureError(revision, this.revision);
    if (revision < this.compacted) throw compactedError(revision, this.compacted);
    return revision === this.revision ? 0 : revision;
  }

  private listStatements(atRevision: boolean, bounded: boolean): ListStatements {
    const id = `${atRevision}/${bounded}`;
    let stmts = this.listStmts.get(id);
    if (!stmts) {
      const visible = atRevision
        ? "revision <= @at AND (superseded_at IS NULL OR superseded_at > @at) AND deleted = 0"
        : "superseded_at IS NULL AND deleted = 0";
      const where = `${visible} AND key >= @start${bounded ? " AND key < @end" : ""}`;
      stmts = {
        select: this.db
          .prepare(
            `SELECT key, value, create_revision, revision FROM log WHERE ${where} ORDER BY key LIMIT @limit`,
          )
          .raw(),
        count: this.db.prepare(`SELECT COUNT(*) FROM log WHERE ${where}`).pluck(),
      };
      this.listStmts.set(id, stmts);
    }
    return stmts;
  }

  private replay(prefix: string, after: number, upTo: number, limit: number): WatchEvent[] {
    const end = prefixEnd(prefix);
    const id = prefix === "" ? "all" : end === undefined ? "open" : "bounded";
    let stmt = this.replayStmts.get(id);
    if (!stmt) {
      // "+l.key" keeps the planner on the revision order (primary key): a watch replays a short tail
      // of the log, while the key index would walk the whole history of the prefix.
      const keyFilter =
        id === "all" ? "" : ` AND +l.key >= @start${id === "bounded" ? " AND +l.key < @end" : ""}`;
      stmt = this.db
        .prepare(
          "SELECT l.revision, l.key, l.value, l.created, l.deleted, l.create_revision," +
            " p.value, p.revision, p.create_revision FROM log AS l" +
            " LEFT JOIN log AS p ON p.revision = l.prev_revision AND l.created = 0 AND l.deleted = 0" +
            ` WHERE l.revision > @after AND l.revision <= @upTo${keyFilter} ORDER BY l.revision LIMIT @limit`,
        )
        .raw();
      this.replayStmts.set(id, stmt);
    }
    const rows = stmt.all({ after, upTo, limit, start: prefix, end }) as LogRow[];
    return rows.map(
      ([revision, key, value, created, deleted, createRevision, prevValue, prevRev, prevCreate]) => {
        const kv = { key, value, createRevision, modRevision: revision };
        if (deleted) return { type: "delete", kv };
        if (created || prevValue === null) return { type: "put", kv };
        return {
          type: "put",
          kv,
          prevKv: { key, value: prevValue, createRevision: prevCreate!, modRevision: prevRev! },
        };
      },
    );
  }

  private checkOpen(): void {
    if (this.closed) throw closedError();
  }
}

function latestToKv(key: string, row: LatestRow): KeyValue {
  return { key, value: row.value, createRevision: row.create_revision, modRevision: row.revision };
}

function rowToKv([key, value, createRevision, modRevision]: KvRow): KeyValue {
  return { key, value, createRevision, modRevision };
}

function closedError(): StoreError {
  return new StoreError("Unavailable", "store is closed");
}

function futureError(revision: number, current: number): StoreError {
  return new StoreError(
    "FutureRevision",
    `required revision is a future revision: revision ${revision} is above the current revision ${current}`,
  );
}
