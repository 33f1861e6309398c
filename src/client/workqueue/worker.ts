// Runs reconcile(key) workers over a work queue, the controller-runtime way: an error re-queues the key with
// rate-limited back-off (no hot loop on a broken object); success forgets its back-off; `requeueAfter`
// schedules a level-triggered re-check.
import type { WorkQueue } from "./workqueue.js";

export interface ReconcileResult {
  /** Re-check this key after the given delay even though nothing changed (e.g. a progress deadline). */
  requeueAfterMs?: number;
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

export async function runWorkers(
  queue: WorkQueue<string>,
  workers: number,
  reconcile: Reconciler,
  signal: AbortSignal,
  onError?: (key: string, err: unknown, retries: number) => void,
): Promise<void> {
  const stop = () => queue.shutDown();
  signal.addEventListener("abort", stop, { once: true });
  if (signal.aborted) stop();
  const worker = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        const r = await reconcile(key);
        queue.forget(key);
        if (r?.requeueAfterMs) queue.addAfter(key, r.requeueAfterMs);
      } catch (e) {
        onError?.(key, e, queue.numRequeues(key));
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
}
