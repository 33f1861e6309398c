// The store contract: a narrow, revision-aware key-value interface as etcd (and kine) has it.
// Every backend (sqlite/, etcd/) implements it and passes ONE contract suite (contract.ts).
//
// Revisions: one global, monotonic counter for the whole store. Every create, update and
// delete bumps it by one and stamps the key's modRevision. The API server exposes this
// revision as metadata.resourceVersion (a decimal string).

export interface KeyValue {
  key: string;
  /** The encoded object (the API server stores JSON text). */
  value: string;
  /** Revision at which the key was (last) created. */
  createRevision: number;
  /** Revision of the last change to the key. */
  modRevision: number;
}

export type WatchEvent =
  | { type: "put"; kv: KeyValue; prevKv?: KeyValue }
  /** kv.modRevision is the revision of the delete; kv.value is the value the key had before. */
  | { type: "delete"; kv: KeyValue };

export interface ListOptions {
  /** Read as of this revision (0/undefined = latest). Below the compacted revision: StoreError "Compacted". */
  revision?: number;
  /** At most this many keys (0/undefined = all). */
  limit?: number;
  /** Start listing at this key (inclusive) — used to implement continue tokens. */
  startKey?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the list was served at (the store's current revision, or opts.revision). */
  revision: number;
  /** True if more keys under the prefix follow the last returned item. */
  more: boolean;
  /** Number of keys under the prefix after the returned ones (for remainingItemCount). */
  remaining: number;
}

export interface WriteOptions {
  /** Expire the key after this many seconds (etcd lease); used for Events. */
  ttlSeconds?: number;
}

/**
 * KeyExists, NotFound, Conflict: a precondition of a write failed (nothing was written).
 * Compacted: the revision asked for is below the compacted revision (etcd "required revision has been compacted").
 * FutureRevision: the revision asked for is above the current revision (etcd "required revision is a future revision").
 * Unavailable: the store cannot serve the request (closed, datastore unreachable, I/O error).
 */
export type StoreErrorCode =
  "KeyExists" | "NotFound" | "Conflict" | "Compacted" | "FutureRevision" | "Unavailable";

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** For Conflict: the key's current value, so callers can retry without a second read. */
    readonly current?: KeyValue,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export interface WatchOptions {
  /**
   * Deliver events with revision > afterRevision (history is replayed from there; a revision ahead of the
   * store waits for it). Callers that want "from now" pass the revision of their list/get.
   */
  afterRevision: number;
  signal: AbortSignal;
  onEvent: (ev: WatchEvent) => void;
  /** Called once if the watch cannot continue (e.g. "Compacted" when afterRevision < compacted revision). */
  onError: (err: StoreError) => void;
}

export interface Store {
  /** "sqlite" or "etcd". */
  readonly backend: string;
  /** Latest value of a key, and the store revision it was read at. */
  get(key: string): Promise<{ kv?: KeyValue; revision: number }>;
  /** Keys with this prefix ("" = all keys) in key order: the byte order of their UTF-8 encoding, as in etcd. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** Create if absent; StoreError "KeyExists" otherwise. */
  create(key: string, value: string, opts?: WriteOptions): Promise<KeyValue>;
  /** Update if modRevision matches; "NotFound" if absent, "Conflict" (with current) if it moved. */
  update(key: string, value: string, expectedModRevision: number, opts?: WriteOptions): Promise<KeyValue>;
  /** Delete (if modRevision matches when given). Returns the deleted key with modRevision = the delete's revision. */
  delete(key: string, expectedModRevision?: number): Promise<KeyValue>;
  /** Watch a prefix. Events arrive in revision order, each exactly once. */
  watch(prefix: string, opts: WatchOptions): void;
  /**
   * Forget history below this revision: reads and watches at revisions >= it keep working, older ones
   * get "Compacted". A revision at or below the compacted one is a no-op; above the current one, "FutureRevision".
   */
  compact(revision: number): Promise<void>;
  /** Current revision and compacted revision. */
  revisions(): Promise<{ current: number; compacted: number }>;
  /** Stop: active watches get onError("Unavailable"); later calls reject with "Unavailable". */
  close(): Promise<void>;
}
