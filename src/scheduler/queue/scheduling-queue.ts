// The scheduling queue (upstream's PriorityQueue), three places a pending pod can be:
//  - activeQ: pods to try now, ordered by the QueueSort plugin (priority, then time);
//  - backoffQ: pods that failed recently, waiting out 1 s doubling to 10 s per attempt;
//  - unschedulablePods: pods no node fits, until a cluster event that one of the plugins that rejected them
//    registered (EventsToRegister) arrives, or until they have waited 5 minutes.
// PreEnqueue plugins (scheduling gates) keep a pod out of activeQ. Time comes from an injected clock; the
// periodic flushes run from run(signal) but are plain methods, so tests drive them deterministically.
import { Heap } from "./heap.js";
import { Nominator } from "./nominator.js";
import { QueuedPodInfo } from "../framework/queued-pod-info.js";
import { PodInfo, podKey } from "../framework/pod-info.js";
import type { Pod } from "../framework/types.js";
import type { Framework } from "../framework/framework.js";
import {
  Events,
  QueueingHint,
  matchClusterEvents,
  type ClusterEvent,
  type ClusterEventWithHint,
} from "../framework/events.js";
import type { Logger } from "../../client/log.js";
import { silentLogger } from "../../client/log.js";

export interface QueueOptions {
  now?: () => number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** How long a pod may sit in unschedulablePods before it is retried anyway (upstream: 5 min). */
  podMaxInUnschedulablePodsDurationMs?: number;
  /** Builds the PodInfo for a pod (resolves its priority). */
  podInfo?: (pod: Pod) => PodInfo;
  log?: Logger;
}

const enum Requeue {
  Skip,
  AfterBackoff,
  Immediately,
}

interface RegisteredEvent extends ClusterEventWithHint {
  plugin: string;
}

export type QueueName = "activeQ" | "backoffQ" | "unschedulablePods";

export class SchedulingQueue {
  readonly nominator = new Nominator();
  private readonly activeQ: Heap<QueuedPodInfo>;
  private readonly backoffQ: Heap<QueuedPodInfo>;
  private readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  /** Incremented on every pop: the cycle a popped pod is scheduled in. */
  schedulingCycle = 0;
  /** The cycle in which the last move request (cluster event) arrived. */
  private moveRequestCycle = -1;
  private waiters: (() => void)[] = [];
  private closed = false;
  private readonly now: () => number;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private readonly makePodInfo: (pod: Pod) => PodInfo;
  private readonly log: Logger;
  /** schedulerName → the events each plugin registered. */
  private readonly events = new Map<string, RegisteredEvent[]>();

  constructor(
    private readonly frameworks: ReadonlyMap<string, Framework>,
    o: QueueOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    this.initialBackoff = o.podInitialBackoffMs ?? 1000;
    this.maxBackoff = o.podMaxBackoffMs ?? 10_000;
    this.maxInUnschedulable = o.podMaxInUnschedulablePodsDurationMs ?? 5 * 60_000;
    this.makePodInfo = o.podInfo ?? ((p) => new PodInfo(p));
    this.log = o.log ?? silentLogger;
    const first = frameworks.values().next().value;
    if (!first) throw new Error("the scheduling queue needs at least one profile");
    const sort = first.queueSortPlugin;
    this.activeQ = new Heap(
      (q) => q.key,
      (a, b) => sort.less(a, b),
    );
    this.backoffQ = new Heap(
      (q) => q.key,
      (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
    );
    for (const [name, fwk] of frameworks) {
      const list: RegisteredEvent[] = [];
      for (const pl of fwk.enqueueExtensions)
        for (const e of pl.eventsToRegister()) list.push({ ...e, plugin: pl.name });
      this.events.set(name, list);
    }
  }

  private frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName || "default-scheduler");
  }

  // ---- backoff

  /** 1 s, 2 s, 4 s, ... capped at 10 s, by attempts (calculateBackoffDuration). */
  backoffDuration(q: QueuedPodInfo): number {
    if (q.attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return Math.min(d, this.maxBackoff);
  }

  backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q);
  }

  isPodBackingoff(q: QueuedPodInfo): boolean {
    if (q.gatingPlugin) return false;
    return this.backoffExpiry(q) > this.now();
  }

  // ---- adding and waking

  private broadcast(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Runs PreEnqueue; a gated pod waits in unschedulablePods. True when the pod went to activeQ. */
  private moveToActiveQ(q: QueuedPodInfo): boolean {
    const fwk = this.frameworkFor(q.pod);
    const s = fwk?.runPreEnqueuePlugins(q.pod) ?? null;
    if (s) {
      q.gatingPlugin = s.plugin;
      q.unschedulablePlugins = new Set([s.plugin]);
      this.unschedulablePods.set(q.key, q);
      this.backoffQ.delete(q.key);
      return false;
    }
    q.gatingPlugin = "";
    this.activeQ.addOrUpdate(q);
    this.unschedulablePods.delete(q.key);
    this.backoffQ.delete(q.key);
    this.broadcast();
    return true;
  }

  /** A new pending pod (informer add). */
  add(pod: Pod): void {
    const q = new QueuedPodInfo(this.makePodInfo(pod), this.now());
    this.moveToActiveQ(q);
    this.nominator.addNominatedPod(q.podInfo);
  }

  /** Changes in metadata or spec may make a pod schedulable; status-only updates (our own) do not. */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const pi = this.makePodInfo(newPod);
    const inActive = this.activeQ.get(key);
    if (inActive) {
      inActive.podInfo = pi;
      this.activeQ.addOrUpdate(inActive);
      this.nominator.updateNominatedPod(oldPod, pi);
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (inBackoff) {
      inBackoff.podInfo = pi;
      this.backoffQ.addOrUpdate(inBackoff);
      this.nominator.updateNominatedPod(oldPod, pi);
      return;
    }
    const u = this.unschedulablePods.get(key);
    if (u) {
      u.podInfo = pi;
      this.nominator.updateNominatedPod(oldPod, pi);
      if (isPodUpdated(oldPod, newPod)) {
        if (this.isPodBackingoff(u)) {
          this.unschedulablePods.delete(key);
          this.backoffQ.addOrUpdate(u);
        } else this.moveToActiveQ(u);
      }
      return;
    }
    // Not queued (e.g. in flight): put it in activeQ; a pod already assumed is skipped when popped.
    const q = new QueuedPodInfo(pi, this.now());
    this.moveToActiveQ(q);
    this.nominator.updateNominatedPod(oldPod, pi);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.nominator.deleteNominatedPodIfExists(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  /** Where a pod is, if queued (for tests and debugging). */
  whereIs(pod: Pod): QueueName | undefined {
    const key = podKey(pod);
    if (this.activeQ.has(key)) return "activeQ";
    if (this.backoffQ.has(key)) return "backoffQ";
    if (this.unschedulablePods.has(key)) return "unschedulablePods";
    return undefined;
  }

  get lengths(): { active: number; backoff: number; unschedulable: number } {
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulablePods.size,
    };
  }

  // ---- popping

  /** The next pod to schedule, if any is ready now. */
  popNow(): QueuedPodInfo | undefined {
    const q = this.activeQ.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.now();
    q.unschedulablePlugins = new Set();
    q.pendingPlugins = new Set();
    this.schedulingCycle++;
    return q;
  }

  /** Resolves when activeQ has a pod, or the queue closes or the signal aborts. */
  waitForPod(signal?: AbortSignal): Promise<void> {
    if (this.activeQ.size > 0 || this.closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener("abort", done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    this.broadcast();
  }

  // ---- failures

  /**
   * A pod that failed its attempt returns: to backoffQ when no plugin rejected it (an error) or when a cluster
   * event arrived since its cycle began; otherwise to unschedulablePods, to wait for an event.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number): string | undefined {
    const key = q.key;
    if (this.unschedulablePods.has(key))
      return `Pod ${q.podInfo.namespace}/${q.podInfo.name} is already present in unschedulable queue`;
    if (this.activeQ.has(key))
      return `Pod ${q.podInfo.namespace}/${q.podInfo.name} is already present in the active queue`;
    if (this.backoffQ.has(key))
      return `Pod ${q.podInfo.namespace}/${q.podInfo.name} is already present in the backoff queue`;
    q.timestamp = this.now();
    const rejectors = q.unschedulablePlugins.size + q.pendingPlugins.size;
    if (this.moveRequestCycle >= podSchedulingCycle || rejectors === 0) this.backoffQ.addOrUpdate(q);
    else this.unschedulablePods.set(key, q);
    return undefined;
  }

  // ---- periodic flushes

  /** Moves pods whose backoff is over to activeQ (every second). */
  flushBackoffQCompleted(): void {
    const now = this.now();
    for (;;) {
      const q = this.backoffQ.peek();
      if (!q || this.backoffExpiry(q) > now) break;
      this.backoffQ.pop();
      this.moveToActiveQ(q);
    }
  }

  /** Retries pods that have waited in unschedulablePods longer than the limit (every 30 s). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.now();
    const toMove: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values())
      if (now - q.timestamp > this.maxInUnschedulable) toMove.push(q);
    if (toMove.length) this.movePods(toMove, Events.UnschedulableTimeout, undefined, undefined);
  }

  // ---- cluster events

  /** Whether this event may make the pod schedulable, per the plugins that rejected it (isPodWorthRequeuing). */
  private worthRequeuing(q: QueuedPodInfo, ev: ClusterEvent, oldObj: unknown, newObj: unknown): Requeue {
    if (q.unschedulablePlugins.size === 0 && q.pendingPlugins.size === 0) return Requeue.AfterBackoff;
    if (ev.resource === "*") return Requeue.AfterBackoff;
    const registered = this.events.get(q.pod.spec?.schedulerName || "default-scheduler") ?? [];
    let strategy = Requeue.Skip;
    for (const r of registered) {
      if (!q.unschedulablePlugins.has(r.plugin) && !q.pendingPlugins.has(r.plugin)) continue;
      if (!matchClusterEvents(r.event, ev)) continue;
      let hint = QueueingHint.Queue;
      if (r.hint) {
        try {
          hint = r.hint(q.pod, oldObj, newObj);
        } catch (e) {
          this.log.error({ err: String(e), plugin: r.plugin }, "queueing hint failed; requeueing the pod");
        }
      }
      if (hint === QueueingHint.QueueSkip) continue;
      if (q.pendingPlugins.has(r.plugin)) return Requeue.Immediately;
      if (q.pendingPlugins.size === 0) return Requeue.AfterBackoff;
      strategy = Requeue.AfterBackoff;
    }
    return strategy;
  }

  private movePods(pods: QueuedPodInfo[], ev: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    for (const q of pods) {
      // Only removing the gates (a pod update) can ungate a pod gated by SchedulingGates.
      if (q.gatingPlugin === "SchedulingGates") continue;
      const hint = this.worthRequeuing(q, ev, oldObj, newObj);
      if (hint === Requeue.Skip) continue;
      this.unschedulablePods.delete(q.key);
      if (hint === Requeue.AfterBackoff && this.isPodBackingoff(q)) this.backoffQ.addOrUpdate(q);
      else this.moveToActiveQ(q);
    }
    this.moveRequestCycle = this.schedulingCycle;
  }

  /** A cluster event: moves the unschedulable pods it may help (MoveAllToActiveOrBackoffQueue). */
  moveAllToActiveOrBackoffQueue(
    ev: ClusterEvent,
    oldObj?: unknown,
    newObj?: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    if (this.unschedulablePods.size === 0) {
      this.moveRequestCycle = this.schedulingCycle;
      return;
    }
    const list: QueuedPodInfo[] = [];
    for (const q of this.unschedulablePods.values()) if (!preCheck || preCheck(q.pod)) list.push(q);
    this.movePods(list, ev, oldObj, newObj);
  }

  /** Moves these pods to activeQ at once, wherever they wait (upstream's Activate). */
  activate(pods: readonly Pod[]): void {
    for (const pod of pods) {
      const key = podKey(pod);
      const q = this.unschedulablePods.get(key) ?? this.backoffQ.get(key);
      if (!q) continue;
      this.moveToActiveQ(q);
    }
  }

  /** Runs the periodic flushes until the signal aborts. */
  run(signal: AbortSignal): void {
    const backoff = setInterval(() => this.flushBackoffQCompleted(), 1000);
    const leftover = setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000);
    signal.addEventListener(
      "abort",
      () => {
        clearInterval(backoff);
        clearInterval(leftover);
        this.close();
      },
      { once: true },
    );
  }
}

/** isPodUpdated: anything but status, resourceVersion, generation and managed fields changed. */
export function isPodUpdated(oldPod: Pod, newPod: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _m, ...meta } = p.metadata;
    return JSON.stringify([meta, p.spec]);
  };
  return strip(oldPod) !== strip(newPod);
}
