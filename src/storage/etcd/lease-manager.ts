// Leases for keys written with a TTL, reused as the Kubernetes API server reuses them
// (staging/src/k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go): granting a lease per write is
// expensive for etcd, so a lease is granted with a little extra TTL (5% of the TTL, at most 60 s) and
// handed to every write whose TTL it covers within that slack. Events, all with the same TTL, thus share
// one lease a minute.

export interface LeaseManagerOptions {
  /** Grants a lease of this many seconds; returns its ID. */
  grant: (ttlSeconds: number) => Promise<string>;
  now?: () => number;
  reuseDurationSeconds?: number;
  reuseDurationPercent?: number;
}

export class LeaseManager {
  private prevLeaseId: string | undefined;
  private prevLeaseExpiry = 0;
  /** Grants are serialised, so concurrent writes wait for one grant rather than each asking for one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly reuseSeconds: number;
  private readonly reusePercent: number;

  constructor(private readonly opts: LeaseManagerOptions) {
    this.now = opts.now ?? Date.now;
    this.reuseSeconds = opts.reuseDurationSeconds ?? 60;
    this.reusePercent = opts.reuseDurationPercent ?? 0.05;
  }

  /** A lease that lives at least `ttlSeconds` from now and at most the reuse slack longer. */
  lease(ttlSeconds: number): Promise<string> {
    const next = this.queue.then(() => this.leaseNow(Math.max(1, Math.ceil(ttlSeconds))));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async leaseNow(ttl: number): Promise<string> {
    const now = this.now();
    const reuse = Math.min(Math.floor(this.reusePercent * ttl), this.reuseSeconds);
    const valid = now + ttl * 1000 < this.prevLeaseExpiry;
    const sufficient = now + (ttl + reuse) * 1000 >= this.prevLeaseExpiry;
    if (this.prevLeaseId !== undefined && valid && sufficient) return this.prevLeaseId;
    const id = await this.opts.grant(ttl + reuse);
    this.prevLeaseId = id;
    this.prevLeaseExpiry = now + (ttl + reuse) * 1000;
    return id;
  }
}
