/** Waits ms, or less when the signal aborts (the listener is removed either way). */
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
