// A pod waiting in the scheduling queue, with its queueing history (upstream's QueuedPodInfo).
import type { PodInfo } from "./pod-info.js";

export class QueuedPodInfo {
  /** When the pod was added to (or last returned to) the queue: QueueSort ties and backoff start from it. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts = 0;
  /** Attempts that ended Unschedulable (backoff grows with these). */
  unschedulableCount = 0;
  /** Consecutive attempts that ended in an internal error. */
  consecutiveErrorsCount = 0;
  /** When the pod was first popped (for latency metrics). */
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt: only their registered events move it. */
  unschedulablePlugins = new Set<string>();
  /** Plugins that answered Pending in its last attempt. */
  pendingPlugins = new Set<string>();
  /** The PreEnqueue plugin that keeps the pod out of the active queue, if any. */
  gatingPlugin = "";

  constructor(
    public podInfo: PodInfo,
    now: number,
  ) {
    this.timestamp = now;
  }

  get pod() {
    return this.podInfo.pod;
  }
  get key(): string {
    return this.podInfo.key;
  }
  get priority(): number {
    return this.podInfo.priority;
  }
}
