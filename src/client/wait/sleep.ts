// Sleeping that a stop signal cuts short, as apimachinery's wait helpers select on their stop channel.

/** Waits ms, or less when the signal aborts (the listener is removed either way). `wake`, when given, receives a
 * function that ends the wait early (e.g. when new work arrives). */
export function sleep(ms: number, signal: AbortSignal, wake?: (fn: () => void) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    wake?.(done);
  });
}
