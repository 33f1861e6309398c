// The event recorder (client-go tools/record): components report what they did as core/v1 Events.
// As upstream: an identical event raises the count of the existing one (a PATCH) instead of creating a new
// one; more than 10 similar events (same object, type, reason, different messages) within 10 minutes
// collapse into one "(combined from similar events): ..." event; a token bucket per object (burst 25,
// one per 5 minutes) drops floods; and at most 1,000 events wait to be written (upstream's broadcaster queue,
// maxQueuedEvents): beyond that new ones are dropped, so a component never slows down or grows for its events.
import type { ResourceClient } from "../rest/client.js";
import { isNotFound } from "../rest/errors.js";

export interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface CoreEvent {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; resourceVersion?: string };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  reportingComponent?: string;
  reportingInstance?: string;
}

interface Referable {
  apiVersion?: string;
  kind?: string;
  metadata: { namespace?: string; name?: string; uid?: string; resourceVersion?: string };
  /** The part of the object the event is about, e.g. "spec.containers{web}" (the kubelet's container events). */
  fieldPath?: string;
}

const maxSimilar = 10;
const aggregateWindowMs = 10 * 60_000;
const spamBurst = 25;
const spamQps = 1 / 300;
export const maxQueuedEvents = 1000;

/** Caches are LRU-bounded as upstream's (4096 entries), so a long-running component does not grow. */
const cacheSize = 4096;
function remember<K, V>(m: Map<K, V>, k: K, v: V): void {
  m.delete(k);
  m.set(k, v);
  if (m.size > cacheSize) m.delete(m.keys().next().value as K);
}

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export interface RecorderOptions {
  events: ResourceClient<CoreEvent>;
  component: string;
  host?: string;
  now?: () => number;
  onError?(err: unknown): void;
}

export class EventRecorder {
  private readonly now: () => number;
  /** Dedup: full key (incl. message) → the stored event. */
  private seen = new Map<string, CoreEvent>();
  /** Aggregation: key without message → distinct messages seen in the window. */
  private similar = new Map<string, { messages: Set<string>; since: number }>();
  private buckets = new Map<string, { tokens: number; last: number }>();
  private chain: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(private readonly o: RecorderOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Records an event about an object; delivery is asynchronous and never throws into the caller. */
  event(obj: Referable, type: "Normal" | "Warning", reason: string, message: string): void {
    if (this.queued >= maxQueuedEvents) {
      this.dropped++;
      return;
    }
    this.queued++;
    this.chain = this.chain
      .then(() => this.record(obj, type, reason, message))
      .catch((e: unknown) => this.o.onError?.(e))
      .finally(() => this.queued--);
  }

  eventf(obj: Referable, type: "Normal" | "Warning", reason: string, fmt: string, ...args: unknown[]): void {
    let i = 0;
    this.event(
      obj,
      type,
      reason,
      fmt.replace(/%[sdv]/g, () => String(args[i++])),
    );
  }

  /** Resolves when every event recorded so far has been written (for tests and shutdown). */
  flush(): Promise<void> {
    return this.chain;
  }

  private allow(objKey: string, now: number): boolean {
    const b = this.buckets.get(objKey) ?? { tokens: spamBurst, last: now };
    b.tokens = Math.min(spamBurst, b.tokens + ((now - b.last) / 1000) * spamQps);
    b.last = now;
    remember(this.buckets, objKey, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private async record(
    obj: Referable,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): Promise<void> {
    const now = this.now();
    const ref: ObjectReference = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      ...(obj.fieldPath ? { fieldPath: obj.fieldPath } : {}),
    };
    const objKey = [ref.kind, ref.namespace, ref.name, ref.uid, ref.apiVersion].join("/");
    if (!this.allow(`${this.o.component}/${objKey}`, now)) return;
    const aggKey = [this.o.component, this.o.host ?? "", objKey, ref.fieldPath ?? "", type, reason].join("|");
    let agg = this.similar.get(aggKey);
    if (!agg || now - agg.since > aggregateWindowMs)
      this.similar.set(aggKey, (agg = { messages: new Set(), since: now }));
    agg.messages.add(message);
    let key = `${aggKey}|${message}`;
    if (agg.messages.size > maxSimilar) {
      message = `(combined from similar events): ${message}`;
      key = `${aggKey}|(combined)`;
    }
    const ns = ref.namespace || "default";
    const prev = this.seen.get(key);
    if (prev) {
      try {
        const patched = await this.o.events.patch(prev.metadata.namespace, prev.metadata.name, "strategic", {
          count: prev.count + 1,
          lastTimestamp: seconds(now),
          message,
        });
        remember(this.seen, key, patched);
        return;
      } catch (e) {
        if (!isNotFound(e)) throw e; // expired (TTL) or deleted: create anew
      }
    }
    const ev: CoreEvent = {
      apiVersion: "v1",
      kind: "Event",
      metadata: {
        name: `${ref.name}.${(BigInt(now) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`,
        namespace: ns,
      },
      involvedObject: ref,
      reason,
      message,
      type,
      source: { component: this.o.component, ...(this.o.host ? { host: this.o.host } : {}) },
      firstTimestamp: seconds(now),
      lastTimestamp: seconds(now),
      count: 1,
      reportingComponent: this.o.component,
      reportingInstance: this.o.host ?? "",
    };
    remember(this.seen, key, await this.o.events.create(ns, ev));
  }
}
