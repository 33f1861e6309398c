// WaitForCacheSync: resolves true once every informer has listed, false if the signal aborts first.
import type { Informer } from "../../client/informer/informer.js";

export async function waitForCacheSync(signal: AbortSignal, ...informers: Informer<any>[]): Promise<boolean> {
  if (signal.aborted) return false;
  let onAbort!: () => void;
  const aborted = new Promise<false>((r) => {
    onAbort = () => r(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([Promise.all(informers.map((i) => i.waitForSync())).then(() => true), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
