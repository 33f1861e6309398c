// EndpointSliceTracker: the generation of every slice this controller last wrote, per Service. A sync whose
// cache holds an older generation (or still holds a slice it deleted, or lacks one it created) waits; an
// update event carrying a generation it wrote itself needs no sync.
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { Slice } from "./reconciler.js";
import { labelServiceName } from "./reconciler.js";

const deletionExpected = -1;
type RSlice = DeepReadonly<Slice>;

export class SliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  private gens(namespace: string, service: string, create = false): Map<string, number> | undefined {
    const key = `${namespace}/${service}`;
    let m = this.byService.get(key);
    if (!m && create) this.byService.set(key, (m = new Map()));
    return m;
  }

  private gensOf(s: RSlice): Map<string, number> | undefined {
    const svc = s.metadata?.labels?.[labelServiceName];
    return svc ? this.gens(s.metadata?.namespace ?? "", svc) : undefined;
  }

  update(namespace: string, service: string, s: RSlice): void {
    if (!s.metadata?.uid) return;
    this.gens(namespace, service, true)!.set(s.metadata.uid, s.metadata.generation ?? 0);
  }

  expectDeletion(namespace: string, service: string, s: RSlice): void {
    if (!s.metadata?.uid) return;
    this.gens(namespace, service, true)!.set(s.metadata.uid, deletionExpected);
  }

  /** A slice event needs a sync unless it carries a generation this controller wrote. */
  shouldSync(s: RSlice): boolean {
    const g = this.gensOf(s)?.get(s.metadata?.uid ?? "");
    return g === undefined || (s.metadata?.generation ?? 0) > g;
  }

  /** Forgets a deleted slice; true when the deletion was not this controller's doing (resync the service). */
  handleDeletion(s: RSlice): boolean {
    const m = this.gensOf(s);
    const uid = s.metadata?.uid ?? "";
    const g = m?.get(uid);
    m?.delete(uid);
    return g !== undefined && g !== deletionExpected;
  }

  /** StaleSlices: the cache is behind this controller's own writes for the service. */
  staleSlices(namespace: string, service: string, slices: readonly RSlice[]): boolean {
    const m = this.gens(namespace, service);
    if (!m) return false;
    const provided = new Set<string>();
    for (const s of slices) {
      const uid = s.metadata?.uid ?? "";
      provided.add(uid);
      const g = m.get(uid);
      if (g !== undefined && (g === deletionExpected || g > (s.metadata?.generation ?? 0))) return true;
    }
    for (const [uid, g] of m) if (g !== deletionExpected && !provided.has(uid)) return true;
    return false;
  }

  deleteService(namespace: string, service: string): void {
    this.byService.delete(`${namespace}/${service}`);
  }
}
