// The watch cache: ONE store watch over every resource, demultiplexed into per-resource caches. Lists and
// watches are served from memory; a consistent read first asks the store for its current revision and
// waits until the cache has seen it (upstream's ConsistentListFromCache). Because the single watch sees
// every revision, "the cache has seen revision R" is exact.
import type { Store, StoreError, WatchEvent } from "../../storage/store.js";
import type { ResourceInfo } from "../registry/resource.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { withResourceVersion } from "../storage/codec.js";
import { CachedObject } from "./object.js";
import { ResourceCache } from "./resource.js";

export interface WatchCacheOptions {
  /** Events kept per resource for resuming watches (upstream sizes this dynamically; 2,000 by default here). */
  eventWindow?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
}

/** Everything the API server stores lives under this prefix. */
export const registryPrefix = "/registry/";
/** Written and deleted to make the watch show progress; no resource lives at this key. */
export const progressKey = "/registry/-progress";
/** How long a consistent read waits for the store's revision before forcing progress. */
const progressAfterMs = 100;

interface Waiter {
  rv: number;
  resolve: (ok: boolean) => void;
  timer: NodeJS.Timeout;
}

export class WatchCache {
  private readonly byPrefix = new Map<string, ResourceCache>();
  private readonly caches: ResourceCache[] = [];
  /** Every store revision up to this one has been applied. */
  revision = 0;
  ready = false;
  private waiters: Waiter[] = [];
  /** Objects this server is writing, by key, with the stored text: the watch event reuses them. */
  private readonly pending = new Map<string, { value: string; obj: KubeObject; order?: readonly string[] }>();
  private watchAbort?: AbortController;
  private stopped = false;
  private readonly log: (msg: string, fields?: Record<string, unknown>) => void;

  constructor(
    private readonly store: Store,
    resources: ResourceInfo[],
    opts: WatchCacheOptions = {},
  ) {
    this.log = opts.log ?? (() => {});
    for (const info of resources) {
      const c = new ResourceCache(info, opts.eventWindow ?? 2000);
      this.byPrefix.set(info.prefix, c);
      this.caches.push(c);
    }
  }

  cacheFor(info: ResourceInfo): ResourceCache {
    return this.byPrefix.get(info.prefix)!;
  }

  private route(key: string): ResourceCache | undefined {
    // /registry/<group>/<version>/<plural>/...
    let slashes = 0;
    for (let i = 0; i < key.length; i++) {
      if (key.charCodeAt(i) === 0x2f && ++slashes === 5) return this.byPrefix.get(key.slice(0, i + 1));
    }
    return undefined;
  }

  /** Lists everything, then follows the store from that revision. Resolves once the cache is filled. */
  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener("abort", () => this.stop(), { once: true });
    await this.sync();
  }

  private async sync(): Promise<void> {
    const res = await this.store.list(registryPrefix);
    const byCache = new Map<ResourceCache, CachedObject[]>();
    for (const kv of res.items) {
      const c = this.route(kv.key);
      if (!c) continue;
      try {
        const o = c.fromStore(kv.key, kv.value, kv.modRevision);
        let arr = byCache.get(c);
        if (!arr) byCache.set(c, (arr = []));
        arr.push(o);
      } catch (e) {
        this.log("watch cache: undecodable object skipped", { key: kv.key, err: String(e) });
      }
    }
    for (const c of this.caches) c.replace(byCache.get(c) ?? [], res.revision);
    this.pending.clear();
    this.advance(res.revision);
    if (this.stopped) return;
    this.watchAbort = new AbortController();
    this.store.watch(registryPrefix, {
      afterRevision: res.revision,
      signal: this.watchAbort.signal,
      onEvent: (ev) => this.onEvent(ev),
      onError: (err) => this.onError(err),
    });
    this.ready = true;
  }

  private onEvent(ev: WatchEvent): void {
    const rv = ev.kv.modRevision;
    const c = this.route(ev.kv.key);
    if (c) {
      try {
        if (ev.type === "put") {
          const mine = this.pending.get(ev.kv.key);
          let obj: CachedObject;
          if (mine && mine.value === ev.kv.value)
            obj = new CachedObject(
              c.info,
              ev.kv.key,
              rv,
              withResourceVersion(mine.obj, String(rv), mine.order),
              ev.kv.value,
            );
          else obj = CachedObject.fromStore(c.info, ev.kv.key, ev.kv.value, rv);
          c.dispatch(c.put(obj));
        } else {
          let last: CachedObject | undefined;
          if (!c.get(ev.kv.key) && ev.kv.value)
            last = CachedObject.fromStore(c.info, ev.kv.key, ev.kv.value, rv);
          const e = c.delete(ev.kv.key, rv, last);
          if (e) c.dispatch(e);
        }
      } catch (e) {
        this.log("watch cache: event skipped", { key: ev.kv.key, err: String(e) });
      }
    }
    this.pending.delete(ev.kv.key);
    this.advance(rv);
  }

  private onError(err: StoreError): void {
    if (this.stopped) return;
    this.log("watch cache: store watch failed, relisting", { err: err.message, code: err.code });
    this.ready = false;
    for (const c of this.caches) c.stopWatchers();
    const retry = () => {
      if (this.stopped) return;
      this.sync().catch((e: unknown) => {
        this.log("watch cache: relist failed", { err: String(e) });
        setTimeout(retry, 1000).unref();
      });
    };
    retry();
  }

  private advance(rv: number): void {
    if (rv <= this.revision) return;
    this.revision = rv;
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.rv <= rv) {
        clearTimeout(w.timer);
        w.resolve(true);
      } else still.push(w);
    }
    this.waiters = still;
  }

  /** Resolves true once the cache has applied revision rv, false after timeoutMs. */
  waitFor(rv: number, timeoutMs: number): Promise<boolean> {
    if (this.revision >= rv && this.ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = {
        rv,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          resolve(false);
        }, timeoutMs),
      };
      w.timer.unref();
      this.waiters.push(w);
    });
  }

  /**
   * Waits until the cache reflects everything the store has committed (a consistent read). A revision
   * the watch never delivers (the etcd compactor's bookkeeping key, another tenant's key) is passed by a
   * progress write of our own under the registry prefix: once its event arrives, everything before it has.
   */
  async waitFresh(timeoutMs: number): Promise<boolean> {
    const { current } = await this.store.revisions();
    if (await this.waitFor(current, Math.min(progressAfterMs, timeoutMs))) return true;
    if (this.revision >= current || timeoutMs <= progressAfterMs) return this.revision >= current;
    let marker: number;
    try {
      marker = await this.progress();
    } catch (e) {
      this.log("watch cache: progress write failed", { err: String(e) });
      return this.waitFor(current, timeoutMs - progressAfterMs);
    }
    return this.waitFor(Math.max(current, marker), timeoutMs - progressAfterMs);
  }

  private progressing?: Promise<number>;

  /** Writes (and removes) the progress key; resolves with the revision whose event proves progress. */
  private progress(): Promise<number> {
    this.progressing ??= (async () => {
      try {
        await this.store.create(progressKey, String(Date.now())).catch((e: unknown) => {
          if (!(e instanceof Error && (e as { code?: string }).code === "KeyExists")) throw e;
        });
        const kv = await this.store.delete(progressKey);
        return kv.modRevision;
      } finally {
        this.progressing = undefined;
      }
    })();
    return this.progressing;
  }

  /**
   * Announces a write this server is about to make (`value` is the exact stored text), so its watch event
   * reuses `obj` instead of decoding the text again. A later event for the key, or `forget`, drops it.
   */
  expectWrite(key: string, value: string, obj: KubeObject, order?: readonly string[]): void {
    this.pending.set(key, { value, obj, order });
  }

  forget(key: string, value: string): void {
    if (this.pending.get(key)?.value === value) this.pending.delete(key);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.watchAbort?.abort();
    for (const c of this.caches) c.stopWatchers();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
  }
}
