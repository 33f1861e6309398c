// The cache of one resource: its current objects (by key, in key order) and a bounded window of recent
// changes, from which watches resume. Fed by the WatchCache's single store watch.
import type { ResourceInfo } from "../registry/resource.js";
import { resourceExpired, type StatusError } from "../errors.js";
import { CachedObject } from "./object.js";
import type { CacheEvent, CacheWatcher } from "./watcher.js";

/** Index of the first element >= key. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ResourceCache {
  readonly objects = new Map<string, CachedObject>();
  private keys: string[] = [];
  /** Circular buffer of recent events. */
  private ring: (CacheEvent | undefined)[];
  private head = 0;
  private size = 0;
  /** Revision of the last (re)list; events after it are all in the ring until one is evicted. */
  private listRv = 0;
  private evicted = false;
  readonly watchers = new Set<CacheWatcher>();
  /** Bumped on every change, so readers can memoize what they derive from the contents (RBAC's binding index). */
  changes = 0;

  constructor(
    readonly info: ResourceInfo,
    private readonly capacity: number,
  ) {
    this.ring = new Array<CacheEvent | undefined>(capacity);
  }

  /** Replaces the contents after a list at revision rv (the start, or a resync). */
  replace(items: CachedObject[], rv: number): void {
    this.changes++;
    this.objects.clear();
    for (const o of items) this.objects.set(o.key, o);
    this.keys = [...this.objects.keys()].sort();
    this.ring = new Array<CacheEvent | undefined>(this.capacity);
    this.head = 0;
    this.size = 0;
    this.listRv = rv;
    this.evicted = false;
  }

  get(key: string): CachedObject | undefined {
    return this.objects.get(key);
  }

  /** Objects whose key starts with prefix, in key order, from startKey (inclusive) on. */
  *range(prefix: string, startKey?: string): Generator<CachedObject> {
    let i = lowerBound(this.keys, startKey && startKey > prefix ? startKey : prefix);
    for (; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (!k.startsWith(prefix)) return;
      const o = this.objects.get(k);
      if (o) yield o;
    }
  }

  /** Records a put; returns the event. */
  put(obj: CachedObject): CacheEvent {
    const prev = this.objects.get(obj.key);
    this.objects.set(obj.key, obj);
    if (!prev) {
      const i = lowerBound(this.keys, obj.key);
      this.keys.splice(i, 0, obj.key);
    }
    return this.record({ type: prev ? "MODIFIED" : "ADDED", object: obj, prev, rv: obj.rv });
  }

  /** Records a delete at revision rv; `last` is the deleted state if the cache did not hold it. */
  delete(key: string, rv: number, last?: CachedObject): CacheEvent | undefined {
    const prev = this.objects.get(key) ?? last;
    if (!prev) return undefined;
    if (this.objects.delete(key)) {
      const i = lowerBound(this.keys, key);
      if (this.keys[i] === key) this.keys.splice(i, 1);
    }
    return this.record({ type: "DELETED", object: prev.atRevision(rv), prev, rv });
  }

  private record(ev: CacheEvent): CacheEvent {
    this.changes++;
    if (this.size === this.capacity) {
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
      this.evicted = true;
    }
    this.ring[(this.head + this.size) % this.capacity] = ev;
    this.size++;
    return ev;
  }

  /** Events with rv > after, oldest first; 410 Expired when the window no longer reaches back that far. */
  eventsSince(after: number): CacheEvent[] | StatusError {
    let oldest: number;
    if (!this.evicted) oldest = this.listRv + 1;
    else oldest = this.ring[this.head]!.rv;
    if (after < oldest - 1) return resourceExpired(`too old resource version: ${after} (${oldest - 1})`);
    const out: CacheEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const ev = this.ring[(this.head + i) % this.capacity]!;
      if (ev.rv > after) out.push(ev);
    }
    return out;
  }

  /** Fans an event out to the watchers; one failing watcher does not affect the others. */
  dispatch(ev: CacheEvent): void {
    for (const w of this.watchers) {
      try {
        w.deliver(ev);
      } catch {
        w.stop();
      }
    }
    // The encodings served this fan-out; a later replay re-encodes rather than the window holding them.
    ev.memo = undefined;
  }

  /** Ends every watch (resync, shutdown); clients re-watch. */
  stopWatchers(): void {
    for (const w of [...this.watchers]) w.stop();
    this.watchers.clear();
  }

  /** A fresh object from stored text, unless the cache already holds this exact revision. */
  fromStore(key: string, value: string, rv: number): CachedObject {
    const cur = this.objects.get(key);
    if (cur && cur.rv === rv) return cur;
    return CachedObject.fromStore(this.info, key, value, rv);
  }
}
