// The per-zone NoExecute tainting queue (scheduler.RateLimitedTimedQueue): nodes wait in order, and a token
// bucket (burst 1) decides how many are tainted per pass. Time is injected.

export interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/** flowcontrol's token bucket, with TryAccept only. qps 0 rejects everything (evictions stopped). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = qps > 0 ? burst : 0;
    this.last = now();
  }
  private refill(): void {
    const t = this.now();
    if (this.qps > 0) this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.qps);
    this.last = t;
  }
  tryAccept(): boolean {
    if (this.qps <= 0) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** 1 when no token is left (a caller is waiting on the limiter). */
  saturated(): boolean {
    if (this.qps <= 0) return true;
    this.refill();
    return this.tokens < 1;
  }
}

export const evictionRateLimiterBurst = 1;

export class RateLimitedTimedQueue {
  private items: TimedValue[] = [];
  private limiter: TokenBucket;

  constructor(
    qps: number,
    private readonly now: () => number,
  ) {
    this.limiter = new TokenBucket(qps, evictionRateLimiterBurst, now);
  }

  /** Adds a node unless it is already queued; returns whether it was added. */
  add(value: string, uid: string): boolean {
    if (this.items.some((i) => i.value === value)) return false;
    const t = this.now();
    this.items.push({ value, uid, addedAt: t, processAt: t });
    this.sort();
    return true;
  }

  remove(value: string): boolean {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.value !== value);
    return this.items.length !== before;
  }

  has(value: string): boolean {
    return this.items.some((i) => i.value === value);
  }

  get length(): number {
    return this.items.length;
  }

  /**
   * Try: while the limiter gives a token and the head is due, run fn on it; fn returns done, or not done
   * and a delay after which the head is tried again.
   */
  async try(fn: (v: TimedValue) => Promise<{ done: boolean; retryAfterMs?: number }>): Promise<void> {
    let head = this.items[0];
    while (head) {
      if (!this.limiter.tryAccept()) break;
      const t = this.now();
      if (t < head.processAt) break;
      const r = await fn(head);
      if (r.done) this.remove(head.value);
      else {
        head.processAt = t + (r.retryAfterMs ?? 0) + 1;
        this.sort();
      }
      head = this.items[0];
    }
  }

  /** SwapLimiter: a new rate; a saturated old limiter leaves the new one saturated too (burst 1). */
  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    const wasSaturated = this.limiter.saturated();
    this.limiter = new TokenBucket(qps, evictionRateLimiterBurst, this.now);
    if (wasSaturated) this.limiter.tryAccept();
  }

  get qps(): number {
    return this.limiter.qps;
  }

  private sort(): void {
    this.items.sort((a, b) => a.processAt - b.processAt || a.addedAt - b.addedAt);
  }
}
