// One client's watch stream, fed by the resource's cache. Events are encoded once per encoding and event
// type and the same text goes to every watcher that wants it. A watcher that stops reading is terminated
// instead of blocking the others (upstream: "Forcing watcher close due to unresponsiveness").
import type { CachedObject } from "./object.js";
import type { Status } from "../errors.js";

export type EventType = "ADDED" | "MODIFIED" | "DELETED";

/** A change as the cache saw it; `prev` is the state before (for selector transitions). */
export interface CacheEvent {
  type: EventType;
  object: CachedObject;
  prev?: CachedObject;
  rv: number;
  /** Encoded lines by encoding id, event type and header flag. */
  memo?: Map<string, string>;
}

export interface WatchEncoder {
  /** Identifies the encoding for sharing encoded events between watchers. */
  id: string;
  /** Whether the first event differs from later ones (Tables carry column definitions only first). */
  headerOnFirst: boolean;
  /** One event, framed (a JSON line). */
  event(type: EventType, obj: CachedObject, first: boolean): string;
  bookmark(rv: number, annotations?: Record<string, string>): string;
  error(status: Status): string;
}

export interface WatchSink {
  write(chunk: string): boolean;
  end(): void;
  /** Abandons the stream (a watcher too slow to keep up gets nothing more). */
  destroy(): void;
  readonly writableLength: number;
  readonly destroyed: boolean;
}

export interface WatcherOptions {
  encoder: WatchEncoder;
  sink: WatchSink;
  /** Which objects this watcher sees (namespace, name, label and field selectors). */
  filter: (obj: CachedObject) => boolean;
  /** Bytes a watcher may have queued before it is terminated. */
  maxBuffered: number;
  /** The cached (storage-version) object as this watch serves it. */
  convert?: (o: CachedObject) => CachedObject;
  onStop: (w: CacheWatcher) => void;
}

export class CacheWatcher {
  private first = true;
  private stopped = false;
  constructor(private readonly o: WatcherOptions) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Delivers a change, translated for this watcher's filter: entering it is ADDED, leaving it DELETED. */
  deliver(storageEvent: CacheEvent): void {
    if (this.stopped) return;
    const conv = this.o.convert;
    const ev: CacheEvent = conv
      ? {
          ...storageEvent,
          object: conv(storageEvent.object),
          prev: storageEvent.prev && conv(storageEvent.prev),
        }
      : storageEvent;
    const cur = ev.type !== "DELETED" && this.o.filter(ev.object);
    const old = ev.prev !== undefined && this.o.filter(ev.prev);
    let type: EventType;
    let obj: CachedObject;
    if (cur && !old) {
      type = "ADDED";
      obj = ev.object;
    } else if (cur && old) {
      type = "MODIFIED";
      obj = ev.object;
    } else if (!cur && old) {
      type = "DELETED";
      // the previous state, at the event's revision
      obj = ev.type === "DELETED" ? ev.object : ev.prev!.atRevision(ev.rv);
    } else if (ev.type === "DELETED" && !ev.prev && this.o.filter(ev.object)) {
      type = "DELETED";
      obj = ev.object;
    } else return;
    const first = this.o.encoder.headerOnFirst && this.first;
    const memoKey = `${this.o.encoder.id}|${type}|${first ? 1 : 0}|${obj === ev.object ? 0 : 1}`;
    const memo = (storageEvent.memo ??= new Map());
    let line = memo.get(memoKey);
    if (line === undefined) {
      line = this.o.encoder.event(type, obj, first);
      memo.set(memoKey, line);
    }
    this.first = false;
    this.write(line);
  }

  /** An initial (synthetic) ADDED event for an existing object. */
  added(obj: CachedObject): void {
    if (this.stopped || !this.o.filter(obj)) return;
    const first = this.o.encoder.headerOnFirst && this.first;
    this.first = false;
    this.write(this.o.encoder.event("ADDED", obj, first));
  }

  bookmark(rv: number, annotations?: Record<string, string>): void {
    if (this.stopped) return;
    this.write(this.o.encoder.bookmark(rv, annotations));
  }

  /** An ERROR event, then the end of the stream. */
  error(status: Status): void {
    if (this.stopped) return;
    this.write(this.o.encoder.error(status));
    this.stop();
  }

  /** Ends the stream; `abandon` drops what is still queued (for a watcher that cannot keep up). */
  stop(abandon = false): void {
    if (this.stopped) return;
    this.stopped = true;
    try {
      if (!this.o.sink.destroyed) {
        if (abandon) this.o.sink.destroy();
        else this.o.sink.end();
      }
    } finally {
      this.o.onStop(this);
    }
  }

  private write(line: string): void {
    if (this.o.sink.destroyed) {
      this.stop();
      return;
    }
    // What is still queued from earlier events tells a slow reader from a large event.
    if (this.o.sink.writableLength > this.o.maxBuffered) {
      this.stop(true);
      return;
    }
    this.o.sink.write(line);
  }
}
