// A shared informer (client-go's reflector + DeltaFIFO + indexer, folded into one loop): list, then watch
// from the list's resourceVersion; re-watch from the last seen version when the stream ends; relist on
// 410 Gone; periodic resync re-delivers every object as an update. Handlers run in event order.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceClient, WatchEvent } from "../rest/client.js";
import { isGone, ApiError } from "../rest/errors.js";
import { sleep } from "../wait/sleep.js";
import {
  Indexer,
  Lister,
  keyOf,
  byNamespace,
  namespaceIndex,
  type IndexFunc,
  type DeepReadonly,
} from "./cache.js";

export interface EventHandlers<T> {
  onAdd?(obj: DeepReadonly<T>): void;
  onUpdate?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): void;
  onDelete?(obj: DeepReadonly<T>): void;
}

export interface InformerOptions<T> {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-deliver every cached object as an update this often (0 = never). */
  resyncMs?: number;
  indexers?: Record<string, IndexFunc<T>>;
  /** Logs problems; the informer keeps retrying with back-off. */
  onError?(err: unknown): void;
}

export class Informer<T extends KubeObject> {
  readonly cache: Indexer<T>;
  readonly lister: Lister<T>;
  private handlers: EventHandlers<T>[] = [];
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private lastRV = "";

  constructor(
    private readonly client: ResourceClient<T>,
    private readonly o: InformerOptions<T> = {},
  ) {
    this.cache = new Indexer<T>({ [namespaceIndex]: byNamespace, ...(o.indexers ?? {}) });
    this.lister = new Lister(this.cache);
  }

  addEventHandler(h: EventHandlers<T>): void {
    this.handlers.push(h);
    // Late handlers see the current state as adds, as client-go does.
    if (this.synced) for (const obj of this.cache.list()) h.onAdd?.(obj as DeepReadonly<T>);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((r) => this.syncWaiters.push(r));
  }

  /** The resourceVersion of the last event or list the cache reflects. */
  get lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  private emit(kind: "add" | "update" | "delete", a: T, b?: T) {
    for (const h of this.handlers) {
      try {
        if (kind === "add") h.onAdd?.(a as DeepReadonly<T>);
        else if (kind === "update") h.onUpdate?.(a as DeepReadonly<T>, b as DeepReadonly<T>);
        else h.onDelete?.(a as DeepReadonly<T>);
      } catch (e) {
        this.o.onError?.(e);
      }
    }
  }

  /** Replaces the cache with a fresh list, emitting adds, updates and deletes for the differences. */
  private replace(items: T[]) {
    const seen = new Set<string>();
    for (const obj of items) {
      const key = keyOf(obj);
      seen.add(key);
      const old = this.cache.set(obj);
      if (!old) this.emit("add", obj);
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.emit("update", old, obj);
    }
    for (const key of [...this.cache.keys()]) {
      if (!seen.has(key)) {
        const old = this.cache.delete(key)!;
        this.emit("delete", old);
      }
    }
  }

  private async list(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = "";
    do {
      const page = await this.client.list(this.o.namespace ?? "", {
        labelSelector: this.o.labelSelector,
        fieldSelector: this.o.fieldSelector,
        limit: 500,
        continue: cont,
      });
      items.push(...page.items);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion ?? rv;
    } while (cont);
    const kind = this.client.gvr;
    for (const i of items) {
      // Lists omit per-item kind/apiVersion; fill them so handlers see whole objects.
      i.apiVersion ??= kind.group ? `${kind.group}/${kind.version}` : kind.version;
    }
    this.replace(items);
    this.lastRV = rv;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private apply(ev: WatchEvent<T>) {
    const obj = ev.object;
    if (ev.type === "BOOKMARK") {
      this.lastRV = obj.metadata.resourceVersion ?? this.lastRV;
      return;
    }
    if (ev.type === "ERROR") {
      const st = ev.object as unknown as { code?: number; message?: string; reason?: string };
      throw new ApiError(st.code ?? 500, st);
    }
    if (ev.type === "DELETED") {
      const old = this.cache.delete(keyOf(obj));
      this.emit("delete", old ?? obj);
    } else {
      const old = this.cache.set(obj);
      if (old) this.emit("update", old, obj);
      else this.emit("add", obj);
    }
    this.lastRV = obj.metadata.resourceVersion ?? this.lastRV;
  }

  /** Runs until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 0;
    let needList = true;
    let resync: ReturnType<typeof setInterval> | undefined;
    if (this.o.resyncMs) {
      resync = setInterval(() => {
        for (const obj of this.cache.list()) this.emit("update", obj, obj);
      }, this.o.resyncMs);
      resync.unref();
    }
    try {
      while (!signal.aborted) {
        try {
          if (needList) {
            await this.list();
            needList = false;
            // stopped while the list was under way: do not open a watch
            if (signal.aborted) break;
          }
          const w = await this.client.watch(this.o.namespace ?? "", {
            labelSelector: this.o.labelSelector,
            fieldSelector: this.o.fieldSelector,
            resourceVersion: this.lastRV,
            allowWatchBookmarks: true,
            timeoutSeconds: 300 + Math.floor(Math.random() * 300),
          });
          // stopped while the list or the watch request was under way: the abort below would never fire
          if (signal.aborted) {
            w.stop();
            break;
          }
          const onAbort = () => w.stop();
          signal.addEventListener("abort", onAbort, { once: true });
          try {
            for await (const ev of w) this.apply(ev);
          } finally {
            signal.removeEventListener("abort", onAbort);
            w.stop();
          }
          backoff = 0;
        } catch (e) {
          if (signal.aborted) break;
          if (isGone(e)) needList = true;
          else {
            this.o.onError?.(e);
            backoff = Math.min(30_000, backoff ? backoff * 2 : 800);
            await sleep(backoff, signal);
          }
        }
      }
    } finally {
      if (resync) clearInterval(resync);
    }
  }
}
