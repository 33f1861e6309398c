// The Store on a real etcd (v3 API over gRPC, the etcd3 client), written the way the Kubernetes API
// server's etcd3 storage uses etcd: conditional writes are transactions comparing mod_revision
// (0 = absent), reads are linearizable ranges, watches ask for previous values, TTLs are leases, and
// the last compaction is recorded in "compact_rev_key" as the API server's compactor records it.
import {
  Etcd3,
  type IEvent,
  type IKeyValue,
  type IRangeResponse,
  type ITxnRequest,
  type ITxnResponse,
} from "etcd3";
import { bytePrefixEnd, checkKey, compareKeys } from "../keys.js";
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
import { toStoreError } from "./errors.js";
import { EtcdWatch } from "./etcd-watch.js";
import { LeaseManager } from "./lease-manager.js";

/** Where the Kubernetes API server's compactor records the last compacted revision (outside any prefix). */
export const COMPACT_REV_KEY = "compact_rev_key";

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  /**
   * Keys live under this prefix in etcd and are seen without it (an etcd namespace), so several stores
   * can share one etcd. It must end with "/", so that no prefix extends another ("/a" would see "/ab").
   * Revisions and compaction stay global to the etcd.
   */
  keyPrefix?: string;
  /** Deadline of each request (not of watches); default 10 s. */
  requestTimeoutMs?: number;
  /** Compact every interval, to the revision current one interval before (see compactor.ts); 0 = off (default). */
  compactIntervalMs?: number;
  log?: StoreLogger;
}

const compactRevKey = Buffer.from(COMPACT_REV_KEY);

export class EtcdStore implements Store {
  readonly backend = "etcd";

  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly log: StoreLogger;
  private readonly leases: LeaseManager;
  private readonly watches = new Set<EtcdWatch>();
  private closed = false;
  private readonly compactor: { stop: AbortController; done: Promise<void> } | undefined;

  constructor(opts: EtcdStoreOptions) {
    if (opts.endpoints.length === 0) throw new TypeError("etcd store needs at least one endpoint");
    this.prefix = opts.keyPrefix ?? "";
    if (this.prefix !== "" && !this.prefix.endsWith("/")) {
      throw new TypeError(`etcd keyPrefix must end with "/": ${JSON.stringify(this.prefix)}`);
    }
    this.log = opts.log ?? silentLogger;
    const timeout = opts.requestTimeoutMs ?? 10_000;
    this.client = new Etcd3({
      hosts: opts.endpoints,
      // A list of every key of a kind can be far above gRPC's default 4 MiB; the API server lifts the limit too.
      grpcOptions: { "grpc.max_receive_message_length": -1 },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
    });
    this.leases = new LeaseManager({
      grant: async (ttl) => (await this.client.leaseClient.leaseGrant({ TTL: ttl })).ID,
    });
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
    const res = await this.call(() => this.client.kv.range({ key: this.encode(key) }));
    const kv = res.kvs[0];
    return { kv: kv ? this.decode(kv) : undefined, revision: Number(res.header.revision) };
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.checkOpen();
    const revision = opts.revision ?? 0;
    if (!Number.isSafeInteger(revision) || revision < 0) {
      throw new TypeError(`revision must be a non-negative integer, got ${revision}`);
    }
    const limit = opts.limit && opts.limit > 0 ? Math.floor(opts.limit) : 0;
    const startKey = opts.startKey && compareKeys(opts.startKey, prefix) > 0 ? opts.startKey : prefix;
    const from = this.encodeRangeStart(startKey);
    const end = bytePrefixEnd(Buffer.from(this.prefix + prefix));
    const res = await this.call(() =>
      this.client.kv.range({ key: from, range_end: end, limit, revision: revision || undefined }),
    );
    const items: KeyValue[] = [];
    let hidden = 0;
    for (const raw of res.kvs) {
      if (this.hidden(raw.key)) hidden++;
      else items.push(this.decode(raw));
    }
    let remaining = res.more ? Number(res.count) - res.kvs.length : 0;
    // compact_rev_key is bookkeeping, not a key of the store: leave it out of the count too.
    if (remaining > 0 && hidden === 0 && this.prefix === "" && this.inRange(compactRevKey, from, end))
      remaining--;
    return { items, revision: revision || Number(res.header.revision), more: remaining > 0, remaining };
  }

  async create(key: string, value: string, opts: WriteOptions = {}): Promise<KeyValue> {
    this.checkWrite(key, value);
    const k = this.encode(key);
    const lease = await this.lease(opts.ttlSeconds);
    const res = await this.txn({
      compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: 0 }],
      success: [{ request_put: { key: k, value: Buffer.from(value), lease } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) {
      throw new StoreError("KeyExists", `key already exists: ${key}`, this.currentFrom(res));
    }
    const revision = Number(res.header.revision);
    return { key, value, createRevision: revision, modRevision: revision };
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts: WriteOptions = {},
  ): Promise<KeyValue> {
    this.checkWrite(key, value);
    if (!(expectedModRevision > 0)) throw await this.preconditionFailed(key, expectedModRevision);
    const k = this.encode(key);
    const lease = await this.lease(opts.ttlSeconds);
    const res = await this.txn({
      compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: expectedModRevision }],
      success: [{ request_put: { key: k, value: Buffer.from(value), lease, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) throw this.mismatch(key, expectedModRevision, this.currentFrom(res));
    const prev = res.responses[0].response_put.prev_kv;
    const revision = Number(res.header.revision);
    return { key, value, createRevision: Number(prev.create_revision), modRevision: revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    this.checkWrite(key, "");
    const k = this.encode(key);
    if (expectedModRevision === undefined) {
      const res = await this.call(() => this.client.kv.deleteRange({ key: k, prev_kv: true }));
      const prev = res.prev_kvs[0];
      if (!prev) throw notFound(key);
      return { ...this.decode(prev), modRevision: Number(res.header.revision) };
    }
    if (!(expectedModRevision > 0)) throw await this.preconditionFailed(key, expectedModRevision);
    const res = await this.txn({
      compare: [{ key: k, target: "Mod", result: "Equal", mod_revision: expectedModRevision }],
      success: [{ request_delete_range: { key: k, prev_kv: true } }],
      failure: [{ request_range: { key: k } }],
    });
    if (!res.succeeded) throw this.mismatch(key, expectedModRevision, this.currentFrom(res));
    const prev = res.responses[0].response_delete_range.prev_kvs[0];
    return { ...this.decode(prev), modRevision: Number(res.header.revision) };
  }

  watch(prefix: string, opts: WatchOptions): void {
    if (!Number.isSafeInteger(opts.afterRevision) || opts.afterRevision < 0) {
      throw new TypeError(`watch afterRevision must be a non-negative integer, got ${opts.afterRevision}`);
    }
    if (opts.signal.aborted) return;
    if (this.closed) {
      setImmediate(() => opts.onError(closedError()));
      return;
    }
    const watch = new EtcdWatch(
      {
        client: this.client.watchClient,
        key: this.encodeRangeStart(prefix),
        rangeEnd: bytePrefixEnd(Buffer.from(this.prefix + prefix)),
        decode: (ev) => this.decodeEvent(ev),
        log: this.log,
        onEnd: (w) => this.watches.delete(w),
      },
      opts,
    );
    this.watches.add(watch);
    watch.start();
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (!Number.isSafeInteger(revision))
      throw new TypeError(`compact revision must be an integer, got ${revision}`);
    try {
      await this.call(() => this.client.kv.compact({ revision }));
    } catch (err) {
      if (err instanceof StoreError && err.code === "Compacted") return; // already compacted at or past it
      throw err;
    }
    await this.recordCompaction(revision);
    this.log.info({ revision }, "etcd compacted");
  }

  async revisions(): Promise<{ current: number; compacted: number }> {
    this.checkOpen();
    const res = await this.call(() => this.client.kv.range({ key: compactRevKey }));
    const kv = res.kvs[0];
    return { current: Number(res.header.revision), compacted: kv ? Number(kv.value.toString()) || 0 : 0 };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.compactor) {
      this.compactor.stop.abort();
      await this.compactor.done;
    }
    for (const watch of [...this.watches]) watch.fail(closedError());
    this.client.close();
  }

  // --- helpers ---

  /** Records the compacted revision in compact_rev_key unless a later one is there already. */
  private async recordCompaction(revision: number): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await this.call(() => this.client.kv.range({ key: compactRevKey }));
      const kv = res.kvs[0];
      if (kv && Number(kv.value.toString()) >= revision) return;
      const written = await this.txn({
        compare: [
          { key: compactRevKey, target: "Mod", result: "Equal", mod_revision: kv?.mod_revision ?? 0 },
        ],
        success: [{ request_put: { key: compactRevKey, value: Buffer.from(String(revision)) } }],
      });
      if (written.succeeded) return;
    }
  }

  private async lease(ttlSeconds: number | undefined): Promise<string | undefined> {
    if (!ttlSeconds || ttlSeconds <= 0) return undefined;
    return this.call(() => this.leases.lease(ttlSeconds));
  }

  /** The NotFound or Conflict for a precondition no revision can meet (expected <= 0). */
  private async preconditionFailed(key: string, expected: number): Promise<StoreError> {
    const { kv } = await this.get(key);
    return this.mismatch(key, expected, kv);
  }

  private mismatch(key: string, expected: number, current: KeyValue | undefined): StoreError {
    if (!current) return notFound(key);
    return new StoreError(
      "Conflict",
      `revision mismatch for ${key}: expected ${expected}, current ${current.modRevision}`,
      current,
    );
  }

  private currentFrom(res: ITxnResponse): KeyValue | undefined {
    const range: IRangeResponse | undefined = res.responses[0]?.response_range;
    const kv = range?.kvs[0];
    return kv ? this.decode(kv) : undefined;
  }

  private txn(req: ITxnRequest): Promise<ITxnResponse> {
    return this.call(() => this.client.kv.txn(req));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    this.checkOpen();
    try {
      return await fn();
    } catch (err) {
      throw this.closed ? closedError() : toStoreError(err);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw closedError();
  }

  private checkWrite(key: string, value: string): void {
    this.checkOpen();
    checkKey(key);
    if (typeof value !== "string") throw new TypeError("store value must be a string");
  }

  private encode(key: string): Buffer {
    return Buffer.from(this.prefix + key);
  }

  /** The first key of a range; etcd reads an empty key as "no key", so the very start is "\0". */
  private encodeRangeStart(key: string): Buffer {
    const k = this.prefix + key;
    return k === "" ? Buffer.from([0]) : Buffer.from(k);
  }

  private decode(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString("utf8").slice(this.prefix.length),
      value: kv.value.toString("utf8"),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
    };
  }

  private decodeEvent(ev: IEvent): WatchEvent | undefined {
    if (this.hidden(ev.kv.key)) return undefined;
    if (ev.type === "Put") {
      const kv = this.decode(ev.kv);
      return ev.prev_kv ? { type: "put", kv, prevKv: this.decode(ev.prev_kv) } : { type: "put", kv };
    }
    // etcd's deletion event has only the key and revision; the value it removed is in prev_kv.
    const prev = ev.prev_kv ? this.decode(ev.prev_kv) : undefined;
    return {
      type: "delete",
      kv: {
        key: ev.kv.key.toString("utf8").slice(this.prefix.length),
        value: prev?.value ?? "",
        createRevision: prev?.createRevision ?? 0,
        modRevision: Number(ev.kv.mod_revision),
      },
    };
  }

  /** compact_rev_key is the compactor's, not the store's: hidden when the store is all of etcd. */
  private hidden(rawKey: Buffer): boolean {
    return this.prefix === "" && rawKey.equals(compactRevKey);
  }

  private inRange(key: Buffer, from: Buffer, end: Buffer): boolean {
    const toEnd = end.length === 1 && end[0] === 0;
    return Buffer.compare(key, from) >= 0 && (toEnd || Buffer.compare(key, end) < 0);
  }
}

function notFound(key: string): StoreError {
  return new StoreError("NotFound", `key not found: ${key}`);
}

function closedError(): StoreError {
  return new StoreError("Unavailable", "store is closed");
}
