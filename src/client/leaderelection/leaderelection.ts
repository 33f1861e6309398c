// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection: the holder renews the
// lease every retryPeriod; others take it over only after they have seen it unchanged for leaseDuration
// (measured on their own clock, so clock skew between hosts does not matter); a leader that cannot renew
// within renewDeadline stops leading. Two k8ts servers thus never run two schedulers at once.
import { setMaxListeners } from "node:events";
import type { ResourceClient } from "../rest/client.js";
import { isNotFound, isConflict, isAlreadyExists } from "../rest/errors.js";

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  spec?: LeaseSpec;
}

export interface LeaderElectionConfig {
  leases: ResourceClient<Lease>;
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number; // 15 s
  renewDeadlineMs?: number; // 10 s
  retryPeriodMs?: number; // 2 s
  /** Called when this instance becomes leader; the signal aborts when leadership is lost or election stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
  now?: () => number;
}

/** MicroTime as the API serves it: RFC 3339 with microseconds. */
const microTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((r) => {
    const t = setTimeout(r, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true });
  });

export class LeaderElector {
  private observed?: { record: LeaseSpec; at: number; rv?: string };
  private leading = false;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly c: LeaderElectionConfig) {
    this.leaseMs = c.leaseDurationMs ?? 15_000;
    this.renewMs = c.renewDeadlineMs ?? 10_000;
    this.retryMs = c.retryPeriodMs ?? 2_000;
    this.now = c.now ?? Date.now;
    if (this.renewMs >= this.leaseMs) throw new Error("leaseDuration must be greater than renewDeadline");
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** One attempt to acquire or renew; true if we hold the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { leases, namespace, name, identity } = this.c;
    const now = this.now();
    const mine: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(this.leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    let current: Lease;
    try {
      current = await leases.get(namespace, name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      try {
        const created = await leases.create(namespace, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace },
          spec: mine,
        });
        this.observe(created);
        return true;
      } catch (e2) {
        if (isAlreadyExists(e2)) return false;
        throw e2;
      }
    }
    const spec = current.spec ?? {};
    if (!this.observed || this.observed.rv !== current.metadata.resourceVersion) this.observe(current);
    const holder = spec.holderIdentity ?? "";
    const expired = this.observed!.at + (spec.leaseDurationSeconds ?? 0) * 1000 <= now;
    if (holder && holder !== identity && !expired) return false;
    const next: LeaseSpec =
      holder === identity
        ? {
            ...spec,
            ...mine,
            acquireTime: spec.acquireTime ?? mine.acquireTime,
            leaseTransitions: spec.leaseTransitions ?? 0,
          }
        : { ...mine, leaseTransitions: (spec.leaseTransitions ?? 0) + (holder ? 1 : 0) };
    try {
      const updated = await leases.update(namespace, name, { ...current, spec: next });
      this.observe(updated);
      return true;
    } catch (e) {
      if (isConflict(e)) return false;
      throw e;
    }
  }

  private observe(l: Lease) {
    const prev = this.observed?.record.holderIdentity;
    this.observed = { record: l.spec ?? {}, at: this.now(), rv: l.metadata.resourceVersion };
    const holder = l.spec?.holderIdentity;
    if (holder && holder !== prev) this.c.onNewLeader?.(holder);
  }

  /** Campaigns until elected, leads until the lease cannot be renewed, and repeats until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Acquire.
      while (!signal.aborted) {
        if (await this.tryAcquireOrRenew().catch(() => false)) break;
        await sleep(this.retryMs * (1 + Math.random() * 0.2), signal);
      }
      if (signal.aborted) break;
      this.leading = true;
      const leadership = new AbortController();
      setMaxListeners(0, leadership.signal); // shared by every loop the leader runs
      const stopLeading = () => leadership.abort();
      signal.addEventListener("abort", stopLeading, { once: true });
      const work = Promise.resolve(this.c.onStartedLeading(leadership.signal)).catch(() => undefined);
      // Renew until a renewal fails for longer than renewDeadline.
      let lastRenew = this.now();
      while (!leadership.signal.aborted) {
        await sleep(this.retryMs, leadership.signal);
        if (leadership.signal.aborted) break;
        const ok = await this.tryAcquireOrRenew().catch(() => false);
        if (ok) lastRenew = this.now();
        else if (this.now() - lastRenew >= this.renewMs) break;
      }
      signal.removeEventListener("abort", stopLeading);
      leadership.abort();
      this.leading = false;
      await work;
      this.c.onStoppedLeading?.();
      if (signal.aborted) await this.release().catch(() => undefined);
    }
  }

  /** Gives the lease up on shutdown so a standby takes over at once (client-go's ReleaseOnCancel). */
  private async release(): Promise<void> {
    const { leases, namespace, name, identity } = this.c;
    const current = await leases.get(namespace, name);
    if (current.spec?.holderIdentity !== identity) return;
    await leases.update(namespace, name, {
      ...current,
      spec: {
        ...current.spec,
        holderIdentity: "",
        leaseDurationSeconds: 1,
        renewTime: microTime(this.now()),
      },
    });
  }
}
