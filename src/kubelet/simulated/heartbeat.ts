// What the kubelet's two loops owe the API server for one node at a given moment: the lease controller
// renews every renew interval (with the 4% jitter client-go's JitterUntil adds), and the node status loop
// posts status when it changed or once per report period. One ticker walks every node and asks this.

export interface HeartbeatState {
  /** When the lease is next due. */
  nextRenewAt: number;
  /** When node status was last posted. */
  lastStatusReportAt: number;
  /** The kubelet is "alive" (tests stop it to simulate a dead node). */
  alive: boolean;
  /** A write for this node is under way; the ticker does not start another. */
  busy: boolean;
}

export interface HeartbeatDue {
  renewLease: boolean;
  postStatus: boolean;
}

export function heartbeatDue(
  s: HeartbeatState,
  nowMs: number,
  statusChanged: boolean,
  reportPeriodMs: number,
): HeartbeatDue {
  if (!s.alive || s.busy) return { renewLease: false, postStatus: false };
  return {
    renewLease: nowMs >= s.nextRenewAt,
    postStatus: statusChanged || nowMs - s.lastStatusReportAt >= reportPeriodMs,
  };
}

/** The next renewal: one interval on, stretched by up to 4% (random in [0,1) injected). */
export function nextRenewal(nowMs: number, intervalMs: number, random: number): number {
  return nowMs + intervalMs * (1 + 0.04 * random);
}
