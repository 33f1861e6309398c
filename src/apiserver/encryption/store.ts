// The storage transformer: a Store that encrypts the values of configured resources on write and decrypts
// them on read (get, list, watch, and the current value a Conflict carries), as upstream's etcd3 store runs
// values through its transformer. The API server above never sees ciphertext.
import type {
  KeyValue,
  ListOptions,
  Store,
  WatchEvent,
  WatchOptions,
  WriteOptions,
} from "../../storage/store.js";
import { StoreError } from "../../storage/store.js";
import { transformersFor, type EncryptionConfig } from "./config.js";
import type { Transformer } from "./providers.js";

/**
 * A value not written by the first provider is "stale" (upstream's transformer reports it so an update
 * rewrites it even when the object did not change). The API server skips writes whose encoded value equals
 * the stored one; a stale value is handed up with a trailing space (JSON ignores it), so a replace of an
 * unchanged object still rewrites it with the current key: rotation by `kubectl replace`.
 */
const staleMarker = " ";

/** "/registry/<group|core>/<version>/<resource>/..." → group, resource. */
function resourceOfKey(key: string): { group: string; resource: string } | undefined {
  const m = /^\/registry\/([^/]+)\/[^/]+\/([^/]+)\//.exec(key);
  if (!m) return undefined;
  return { group: m[1] === "core" ? "" : m[1], resource: m[2] };
}

export class EncryptingStore implements Store {
  private readonly byPrefix = new Map<string, Transformer[] | undefined>();

  constructor(
    private readonly inner: Store,
    private readonly config: EncryptionConfig,
  ) {}

  get backend(): string {
    return this.inner.backend;
  }

  private transformers(key: string): Transformer[] | undefined {
    const r = resourceOfKey(key);
    if (!r) return undefined;
    const id = `${r.group}/${r.resource}`;
    if (!this.byPrefix.has(id)) this.byPrefix.set(id, transformersFor(this.config, r.group, r.resource));
    return this.byPrefix.get(id);
  }

  /** The stored form of a value. */
  encode(key: string, value: string): string {
    const t = this.transformers(key)?.[0];
    if (!t || !t.prefix) return value;
    return t.prefix + t.encrypt(value, key);
  }

  /** The plain value; throws (upstream: "no matching prefix found") when no configured provider reads it. */
  decode(key: string, stored: string): string {
    const ts = this.transformers(key);
    if (!ts) return stored;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (t.prefix ? !stored.startsWith(t.prefix) : stored.startsWith("k8s:enc:")) continue;
      const plain = t.decrypt(stored.slice(t.prefix.length), key);
      return i === 0 ? plain : plain + staleMarker;
    }
    throw new StoreError("Unavailable", `${key}: no matching prefix found`);
  }

  private kv(kv: KeyValue): KeyValue;
  private kv(kv: KeyValue | undefined): KeyValue | undefined;
  private kv(kv: KeyValue | undefined): KeyValue | undefined {
    return kv && { ...kv, value: this.decode(kv.key, kv.value) };
  }

  private rethrow(e: unknown): never {
    if (e instanceof StoreError && e.current) throw new StoreError(e.code, e.message, this.kv(e.current));
    throw e;
  }

  async get(key: string) {
    const r = await this.inner.get(key);
    return { revision: r.revision, kv: this.kv(r.kv) };
  }

  async list(prefix: string, opts?: ListOptions) {
    const r = await this.inner.list(prefix, opts);
    return { ...r, items: r.items.map((kv) => this.kv(kv)) };
  }

  async create(key: string, value: string, opts?: WriteOptions): Promise<KeyValue> {
    const kv = await this.inner.create(key, this.encode(key, value), opts).catch((e) => this.rethrow(e));
    return { ...kv, value };
  }

  async update(
    key: string,
    value: string,
    expectedModRevision: number,
    opts?: WriteOptions,
  ): Promise<KeyValue> {
    const kv = await this.inner
      .update(key, this.encode(key, value), expectedModRevision, opts)
      .catch((e) => this.rethrow(e));
    return { ...kv, value };
  }

  async delete(key: string, expectedModRevision?: number): Promise<KeyValue> {
    const kv = await this.inner.delete(key, expectedModRevision).catch((e) => this.rethrow(e));
    return this.kv(kv);
  }

  watch(prefix: string, opts: WatchOptions): void {
    this.inner.watch(prefix, {
      ...opts,
      onEvent: (ev: WatchEvent) => {
        let out: WatchEvent;
        try {
          out =
            ev.type === "put"
              ? { type: "put", kv: this.kv(ev.kv), ...(ev.prevKv ? { prevKv: this.kv(ev.prevKv) } : {}) }
              : { type: "delete", kv: this.kv(ev.kv) };
        } catch (e) {
          opts.onError(e instanceof StoreError ? e : new StoreError("Unavailable", String(e)));
          return;
        }
        opts.onEvent(out);
      },
    });
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  revisions() {
    return this.inner.revisions();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
