// The compaction loop the Kubernetes API server runs against etcd (--etcd-compaction-interval, 5m by
// default): every interval, compact to the revision that was current one interval earlier. So history
// always covers at least the last interval, which is what slow watchers and paged lists need, and the
// first step only records a revision (no compaction on bootstrap).
import { setTimeout as sleep } from "node:timers/promises";
import type { Store } from "./store.js";
import { silentLogger, type StoreLogger } from "./logger.js";

export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export interface CompactorOptions {
  intervalMs: number;
  log?: StoreLogger;
}

export class Compactor {
  /** The store's current revision at the previous step; the next step compacts to it. */
  private lastSeen = 0;
  private readonly log: StoreLogger;

  constructor(
    private readonly store: Pick<Store, "compact" | "revisions">,
    private readonly opts: CompactorOptions,
  ) {
    this.log = opts.log ?? silentLogger;
  }

  /** Runs the loop until `signal` aborts, then resolves. A failed step is logged and retried next interval. */
  async start(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await sleep(this.opts.intervalMs, undefined, { signal, ref: false });
      } catch {
        return; // aborted
      }
      try {
        await this.step();
      } catch (err) {
        this.log.error({ err, revision: this.lastSeen }, "compaction failed");
      }
    }
  }

  /** One step: compact to the revision seen at the previous step; returns it, or 0 if nothing was compacted. */
  async step(): Promise<number> {
    const { current, compacted } = await this.store.revisions();
    const target = this.lastSeen;
    this.lastSeen = current;
    if (target <= compacted) return 0;
    await this.store.compact(target);
    this.log.info({ revision: target, current }, "compacted");
    return target;
  }
}
