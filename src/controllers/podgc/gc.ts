// PodGC's decisions, pure: which terminated pods exceed the threshold, and when a missing node has been
// missing long enough (the quarantine) to be checked and its pods collected.
import type { Pod } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { parseTime } from "../util/metatime.js";

type RPod = DeepReadonly<Pod>;

/** isPodTerminated: any phase but Pending, Running and Unknown. */
export function isPodTerminated(p: RPod): boolean {
  const phase = p.status?.phase;
  return phase !== "Pending" && phase !== "Running" && phase !== "Unknown";
}

const isEvicted = (p: RPod) => p.status?.phase === "Failed" && p.status?.reason === "Evicted";

/** byEvictionAndCreationTimestamp: evicted pods first, then oldest, then by name. */
export function byEvictionAndCreation(a: RPod, b: RPod): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = parseTime(a.metadata?.creationTimestamp) ?? 0;
  const tb = parseTime(b.metadata?.creationTimestamp) ?? 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata?.name ?? "";
  const nb = b.metadata?.name ?? "";
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** gcTerminated: the terminated pods beyond `threshold`, in deletion order. */
export function terminatedPodsToDelete<P extends RPod>(pods: readonly P[], threshold: number): P[] {
  const terminated = pods.filter(isPodTerminated);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  return terminated.sort(byEvictionAndCreation).slice(0, excess);
}

/** The delaying node queue of gcOrphaned: a node missing since t is due for a check at t + quarantine. */
export class OrphanQuarantine {
  private readonly since = new Map<string, number>();

  constructor(private readonly quarantineMs: number) {}

  /** Notes a missing node (the earliest sighting counts). */
  add(node: string, nowMs: number): void {
    if (!this.since.has(node)) this.since.set(node, nowMs + this.quarantineMs);
  }

  /** Nodes whose quarantine is over; they leave the queue (and re-enter if still missing next pass). */
  due(nowMs: number): string[] {
    const out: string[] = [];
    for (const [node, at] of this.since)
      if (at <= nowMs) {
        out.push(node);
        this.since.delete(node);
      }
    return out;
  }
}
