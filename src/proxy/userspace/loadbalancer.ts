// Endpoint choice for the userspace proxy (upstream pkg/proxy/userspace roundrobin.go): round robin over
// the usable endpoints, and with ClientIP affinity the same endpoint for a client until it has been idle
// for the affinity timeout. The clock is injected so affinity expiry is deterministic in tests.
export interface Backend {
  ip: string;
  port: number;
}

export class RoundRobin {
  private endpoints: Backend[] = [];
  private next = 0;
  private readonly affinity = new Map<string, { backend: Backend; lastUsed: number }>();

  constructor(
    private stickySeconds = 0,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the endpoint set; affinity to endpoints that are gone is dropped. */
  update(endpoints: Backend[], stickySeconds = this.stickySeconds): void {
    const key = (b: Backend) => `${b.ip}:${b.port}`;
    const same =
      endpoints.length === this.endpoints.length &&
      endpoints.every((b, i) => key(b) === key(this.endpoints[i]));
    this.stickySeconds = stickySeconds;
    if (same) return;
    const live = new Set(endpoints.map(key));
    for (const [client, a] of this.affinity) if (!live.has(key(a.backend))) this.affinity.delete(client);
    this.endpoints = [...endpoints];
    if (this.next >= this.endpoints.length) this.next = 0;
  }

  get size(): number {
    return this.endpoints.length;
  }

  /** The endpoint for a new connection from clientIP, or undefined when there is none. */
  pick(clientIP: string, exclude: ReadonlySet<string> = new Set()): Backend | undefined {
    const t = this.now();
    if (this.stickySeconds > 0) {
      const a = this.affinity.get(clientIP);
      if (
        a &&
        t - a.lastUsed <= this.stickySeconds * 1000 &&
        !exclude.has(`${a.backend.ip}:${a.backend.port}`)
      ) {
        a.lastUsed = t;
        return a.backend;
      }
    }
    for (let i = 0; i < this.endpoints.length; i++) {
      const b = this.endpoints[this.next];
      this.next = (this.next + 1) % this.endpoints.length;
      if (exclude.has(`${b.ip}:${b.port}`)) continue;
      if (this.stickySeconds > 0) this.affinity.set(clientIP, { backend: b, lastUsed: t });
      return b;
    }
    return undefined;
  }
}
