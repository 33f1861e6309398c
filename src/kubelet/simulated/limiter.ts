// A bound on concurrent API writes shared by registration, heartbeats and pod status: a 2-core host serves
// more requests when a few dozen are in flight than when thousands are.
export class Limiter {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  get inFlight(): number {
    return this.active;
  }
}
