// Loop helpers for controllers that work in passes (wait.Until, workqueue.ParallelizeUntil).
import { sleep } from "../../client/wait/sleep.js";

/** wait.Until: runs fn, waits periodMs, again, until the signal aborts. */
export async function every(periodMs: number, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    await fn();
    await sleep(periodMs, signal);
  }
}

/** ParallelizeUntil: fn over the items with at most `workers` running at once. */
export async function parallelize<T>(
  workers: number,
  items: readonly T[],
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
