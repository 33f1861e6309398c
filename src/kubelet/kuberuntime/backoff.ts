// client-go's flowcontrol.Backoff as the kubelet uses it: per key, the delay starts at `initial`, doubles on
// each failure up to `max`, and starts over once the key has been quiet for twice the maximum.
export class Backoff {
  private readonly entries = new Map<string, { backoffMs: number; lastUpdate: number }>();

  constructor(
    readonly initialMs: number,
    readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The current delay for the key (0 when none). */
  get(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Records a failure at eventTime: the delay doubles (or starts at initial). */
  next(key: string, eventTime: number): void {
    const e = this.entries.get(key);
    if (e === undefined || this.expired(e, eventTime)) {
      this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: eventTime });
      return;
    }
    e.backoffMs = Math.min(e.backoffMs * 2, this.maxMs);
    e.lastUpdate = eventTime;
  }

  /** True while now is within the key's delay after eventTime. */
  isInBackOffSince(key: string, eventTime: number): boolean {
    const e = this.entries.get(key);
    if (e === undefined || this.expired(e, this.now())) return false;
    return this.now() - eventTime < e.backoffMs;
  }

  /** Milliseconds left of the key's delay after eventTime (0 when not backing off). */
  remaining(key: string, eventTime: number): number {
    const e = this.entries.get(key);
    if (e === undefined) return 0;
    return Math.max(0, eventTime + e.backoffMs - this.now());
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Drops keys quiet for longer than twice the maximum. */
  gc(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (this.expired(e, now)) this.entries.delete(k);
  }

  private expired(e: { lastUpdate: number }, eventTime: number): boolean {
    return eventTime - e.lastUpdate > 2 * this.maxMs;
  }
}

/** Human duration as Go's time.Duration prints whole seconds and minutes ("10s", "1m20s", "5m0s"). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h${m}m${rest}s` : `${m}m${rest}s`;
}
