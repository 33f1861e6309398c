// One watch on etcd: a gRPC Watch stream with one watcher on a key range, from a start revision, with
// previous values (prev_kv) so deletions carry the value they removed, as the Kubernetes API server asks
// for them. When the stream breaks, it is reopened from the revision after the last one delivered, so
// events stay exactly-once across reconnects (the etcd3 client's own watcher resumes from the revision
// of its creation response and can skip history; hence this small stream handler of our own).
import type { IDuplexStream, IWatchRequest, IWatchResponse, WatchClient, IEvent } from "etcd3";
import { StoreError, type WatchEvent, type WatchOptions } from "../store.js";
import type { StoreLogger } from "../logger.js";

export interface EtcdWatchTarget {
  client: WatchClient;
  key: Buffer;
  rangeEnd: Buffer;
  /** The store's event for an etcd event, or undefined to skip it (a key outside the store's view). */
  decode: (ev: IEvent) => WatchEvent | undefined;
  log: StoreLogger;
  /** Called once when the watch ends, for whatever reason. */
  onEnd: (watch: EtcdWatch) => void;
}

const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;

export class EtcdWatch {
  /** The first revision not yet delivered: where a (re)opened stream starts. */
  private nextRevision: number;
  private stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined;
  private done = false;
  private backoff = MIN_BACKOFF_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.end();

  constructor(
    private readonly target: EtcdWatchTarget,
    private readonly opts: WatchOptions,
  ) {
    this.nextRevision = opts.afterRevision + 1;
    opts.signal.addEventListener("abort", this.onAbort, { once: true });
  }

  start(): void {
    void this.connect();
  }

  /** Ends the watch and tells the watcher why (at most once). */
  fail(err: StoreError): void {
    if (this.done) return;
    this.end();
    try {
      this.opts.onError(err);
    } catch (handlerErr) {
      this.target.log.error({ err: handlerErr }, "watch error handler failed");
    }
  }

  /** Ends the watch silently. */
  end(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.retryTimer);
    this.opts.signal.removeEventListener("abort", this.onAbort);
    this.closeStream();
    this.target.onEnd(this);
  }

  private async connect(): Promise<void> {
    let stream: IDuplexStream<IWatchRequest, IWatchResponse>;
    try {
      stream = await this.target.client.watch();
    } catch (err) {
      this.retry(err);
      return;
    }
    if (this.done) {
      stream.on("error", () => {}); // the cancellation's own error
      stream.end();
      stream.cancel();
      return;
    }
    this.stream = stream;
    stream.on("data", (res: IWatchResponse) => this.onResponse(res));
    stream.on("error", (err: Error) => this.onBroken(stream, err));
    stream.on("end", () => this.onBroken(stream, new Error("watch stream ended")));
    stream.write({
      create_request: {
        key: this.target.key,
        range_end: this.target.rangeEnd,
        start_revision: this.nextRevision,
        prev_kv: true,
        progress_notify: true,
      },
    });
  }

  private onResponse(res: IWatchResponse): void {
    if (this.done) return;
    if (res.compact_revision && res.compact_revision !== "0") {
      this.fail(
        new StoreError(
          "Compacted",
          `required revision has been compacted: revision ${this.nextRevision - 1} is below the compacted revision ${res.compact_revision}`,
        ),
      );
      return;
    }
    if (res.canceled) {
      this.fail(
        new StoreError("Unavailable", `etcd canceled the watch: ${res.cancel_reason || "no reason given"}`),
      );
      return;
    }
    this.backoff = MIN_BACKOFF_MS;
    if (res.created) return;
    if (res.events.length === 0) {
      // A progress notification: everything up to the header revision has been sent, so a reconnect
      // may start after it (and is then not refused for history compacted while nothing changed here).
      this.nextRevision = Math.max(this.nextRevision, Number(res.header.revision) + 1);
      return;
    }
    for (const raw of res.events) {
      const revision = Number(raw.kv.mod_revision);
      if (revision < this.nextRevision) continue; // already delivered before a reconnect
      this.nextRevision = revision + 1;
      const ev = this.target.decode(raw);
      if (!ev) continue;
      try {
        this.opts.onEvent(ev);
      } catch (err) {
        this.fail(
          new StoreError("Unavailable", `watch event handler failed: ${(err as Error)?.message ?? err}`),
        );
      }
      if (this.done) return;
    }
  }

  private onBroken(stream: IDuplexStream<IWatchRequest, IWatchResponse>, err: unknown): void {
    if (this.done || stream !== this.stream) return;
    this.stream = undefined;
    this.retry(err);
  }

  /** etcd is unreachable for now: try again with backoff, from where the watch got to. */
  private retry(err: unknown): void {
    if (this.done) return;
    this.target.log.warn(
      { err: (err as Error)?.message ?? String(err), revision: this.nextRevision, retryInMs: this.backoff },
      "etcd watch stream broken; reconnecting",
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
  }

  private closeStream(): void {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return;
    // Half-close first: the etcd3 client counts an error on a still-writable stream as a failure of
    // the host (and opens its circuit breaker after three), and a cancel is no failure.
    stream.end();
    stream.cancel();
  }
}
