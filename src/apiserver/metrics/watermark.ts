// apiserver_current_inflight_requests is pre-aggregated upstream: each request, as it is admitted, records how
// many of its kind are executing (itself included); every second the highest such number is published and the
// mark starts again from zero. So a scrape shows the busiest moment of the last whole second, and a second
// in which nothing was admitted shows 0 even while older requests still run. Here the seconds are closed
// lazily, when a request is admitted or the gauge is read; the clock is passed in.

export class Watermark {
  private executing = 0;
  /** The highest count recorded in the open window. */
  private high = 0;
  /** The highest count of the last closed window: what the gauge shows. */
  private published = 0;
  private windowStart: number;

  constructor(
    now: number,
    private readonly periodMs = 1000,
  ) {
    this.windowStart = now;
  }

  admit(now: number): void {
    this.roll(now);
    this.executing++;
    if (this.executing > this.high) this.high = this.executing;
  }

  release(): void {
    this.executing--;
  }

  read(now: number): number {
    this.roll(now);
    return this.published;
  }

  private roll(now: number): void {
    const elapsed = now - this.windowStart;
    if (elapsed < this.periodMs) return;
    // More than one whole window gone: the last one closed saw no admission.
    this.published = elapsed < 2 * this.periodMs ? this.high : 0;
    this.high = 0;
    this.windowStart = now - (elapsed % this.periodMs);
  }
}
