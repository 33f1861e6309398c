// Zone health (ComputeZoneState) and the tainting rate it calls for: in a zone that is mostly down the
// controller slows down or stops, because the likelier story is a network partition, not dead nodes.

export type ZoneState = "Initial" | "Normal" | "FullDisruption" | "PartialDisruption";

export interface DisruptionOptions {
  /** Nodes tainted per second in a healthy zone (--node-eviction-rate, 0.1). */
  evictionRate: number;
  /** ... in a partially disrupted zone of a large cluster (--secondary-node-eviction-rate, 0.01). */
  secondaryEvictionRate: number;
  /** Zones up to this size stop tainting when partially disrupted (--large-cluster-size-threshold, 50). */
  largeClusterThreshold: number;
  /** Fraction of not-Ready nodes (of at least 3) that makes a zone partially disrupted (0.55). */
  unhealthyZoneThreshold: number;
}

/** Counts not-Ready nodes of a zone and names its state: no Ready node is a full disruption. */
export function computeZoneState(
  readyStatuses: readonly (string | undefined)[],
  unhealthyZoneThreshold: number,
): { unhealthy: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses)
    if (s === "True") ready++;
    else notReady++;
  if (ready === 0 && notReady > 0) return { unhealthy: notReady, state: "FullDisruption" };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold)
    return { unhealthy: notReady, state: "PartialDisruption" };
  return { unhealthy: notReady, state: "Normal" };
}

/** setLimiterInZone: the tainting rate for a zone of `size` nodes in `state`. */
export function zoneTaintRate(state: ZoneState, size: number, o: DisruptionOptions): number {
  switch (state) {
    case "PartialDisruption":
      return size > o.largeClusterThreshold ? o.secondaryEvictionRate : 0;
    case "Normal":
    case "FullDisruption":
    case "Initial":
      return o.evictionRate;
  }
}
