// In-process watch fan-out for the SQLite store. Every write goes through this process, so committed
// events are pushed to watchers as they commit; no polling. A new watcher first replays the log from its
// revision (in chunks, yielding between them), then turns live. The cursor (last delivered revision)
// makes the hand-over exact: an event is delivered only if it is past the cursor, so none is lost
// between replay and live delivery and none arrives twice.
import type { StoreLogger } from "../logger.js";
import { StoreError, type WatchEvent, type WatchOptions } from "../store.js";

export interface ReplaySource {
  /** Events for keys with `prefix`, with revision in (after, upTo], in revision order, at most `limit`. */
  replay(prefix: string, after: number, upTo: number, limit: number): WatchEvent[];
  currentRevision(): number;
  compactedRevision(): number;
}

const REPLAY_CHUNK = 1000;

export function compactedError(revision: number, compacted: number): StoreError {
  return new StoreError(
    "Compacted",
    `required revision has been compacted: revision ${revision} is below the compacted revision ${compacted}`,
  );
}

class Watcher {
  /** The last revision delivered (or skipped as not matching): only later events go out. */
  cursor: number;
  live = false;
  done = false;
  private readonly onAbort = () => this.end();

  constructor(
    readonly prefix: string,
    private readonly opts: WatchOptions,
    private readonly hub: WatchHub,
  ) {
    this.cursor = opts.afterRevision;
    opts.signal.addEventListener("abort", this.onAbort, { once: true });
  }

  deliver(ev: WatchEvent): void {
    const revision = ev.kv.modRevision;
    if (this.done || revision <= this.cursor) return;
    this.cursor = revision;
    try {
      this.opts.onEvent(ev);
    } catch (err) {
      this.fail(
        new StoreError("Unavailable", `watch event handler failed: ${(err as Error)?.message ?? err}`),
      );
    }
  }

  /** Ends the watch and tells the watcher why (at most once). */
  fail(err: StoreError): void {
    if (this.done) return;
    this.end();
    try {
      this.opts.onError(err);
    } catch (handlerErr) {
      // A throwing handler must not break the commit that is fanning out events.
      this.hub.log.error({ err: handlerErr, prefix: this.prefix }, "watch error handler failed");
    }
  }

  /** Ends the watch silently (abort). */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.opts.signal.removeEventListener("abort", this.onAbort);
    this.hub.remove(this);
  }
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  constructor(
    private readonly source: ReplaySource,
    readonly log: StoreLogger,
  ) {}

  get size(): number {
    return this.watchers.size;
  }

  add(prefix: string, opts: WatchOptions): void {
    if (!Number.isSafeInteger(opts.afterRevision) || opts.afterRevision < 0) {
      throw new TypeError(`watch afterRevision must be a non-negative integer, got ${opts.afterRevision}`);
    }
    if (opts.signal.aborted) return;
    const watcher = new Watcher(prefix, opts, this);
    this.watchers.add(watcher);
    // Not from inside watch() (the caller may not be ready yet), but before any write asked for after
    // it commits: a write's commit is itself a microtask queued later, so the watcher is live for it.
    queueMicrotask(() => this.catchUp(watcher));
  }

  /** Fans out just-committed events (in revision order) to live watchers. */
  publish(events: readonly WatchEvent[]): void {
    if (this.watchers.size === 0) return;
    for (const ev of events) {
      for (const watcher of this.watchers) {
        if (watcher.live && ev.kv.key.startsWith(watcher.prefix)) watcher.deliver(ev);
      }
    }
  }

  /** Ends every watch with `err` (the store is closing). */
  failAll(err: StoreError): void {
    for (const watcher of [...this.watchers]) watcher.fail(err);
  }

  remove(watcher: Watcher): void {
    this.watchers.delete(watcher);
  }

  private catchUp(watcher: Watcher): void {
    if (watcher.done) return;
    const compacted = this.source.compactedRevision();
    if (watcher.cursor < compacted) {
      watcher.fail(compactedError(watcher.cursor, compacted));
      return;
    }
    const current = this.source.currentRevision();
    if (watcher.cursor >= current) {
      watcher.live = true; // nothing to replay (or a revision still ahead of the store)
      return;
    }
    const events = this.source.replay(watcher.prefix, watcher.cursor, current, REPLAY_CHUNK);
    for (const ev of events) {
      watcher.deliver(ev);
      if (watcher.done) return;
    }
    if (events.length === REPLAY_CHUNK) {
      setImmediate(() => this.catchUp(watcher)); // more history: let other work run first
      return;
    }
    // Everything up to `current` is delivered; writes are committed and published synchronously,
    // so no event after `current` has been published yet.
    watcher.cursor = Math.max(watcher.cursor, current);
    watcher.live = true;
  }
}
