// Pod workers (pod_workers.go): one serialized worker per pod. Updates that arrive while a sync runs are
// folded into one more sync; a sync may ask to run again after a delay (back-off, resync).
import type { Logger } from "../../client/log.js";

export type SyncResult = { requeueAfterMs?: number; done?: boolean } | void;

interface Worker {
  running: boolean;
  pending: boolean;
  timer?: NodeJS.Timeout;
  idle?: Promise<void>;
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private stopped = false;

  constructor(
    private readonly sync: (uid: string) => Promise<SyncResult>,
    private readonly log: Logger,
  ) {}

  /** Asks for a sync of the pod (now, or right after the one under way). */
  update(uid: string): void {
    if (this.stopped) return;
    let w = this.workers.get(uid);
    if (w === undefined) this.workers.set(uid, (w = { running: false, pending: false }));
    if (w.timer) {
      clearTimeout(w.timer);
      w.timer = undefined;
    }
    w.pending = true;
    if (!w.running) w.idle = this.loop(uid, w);
  }

  has(uid: string): boolean {
    return this.workers.has(uid);
  }

  uids(): string[] {
    return [...this.workers.keys()];
  }

  private async loop(uid: string, w: Worker): Promise<void> {
    w.running = true;
    let result: SyncResult = undefined;
    while (w.pending && !this.stopped) {
      w.pending = false;
      try {
        result = await this.sync(uid);
      } catch (e) {
        this.log.error(
          { podUID: uid, err: e instanceof Error ? e.stack : String(e) },
          "Error syncing pod, skipping",
        );
        result = { requeueAfterMs: 1000 };
      }
    }
    w.running = false;
    if (this.stopped) return;
    if (result && result.done) {
      this.workers.delete(uid);
      return;
    }
    if (result && result.requeueAfterMs !== undefined && !w.pending) {
      w.timer = setTimeout(() => this.update(uid), result.requeueAfterMs);
      w.timer.unref?.();
    }
  }

  /** Stops scheduling; waits for the syncs under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const w of this.workers.values()) if (w.timer) clearTimeout(w.timer);
    await Promise.all([...this.workers.values()].map((w) => w.idle ?? Promise.resolve()));
  }
}
