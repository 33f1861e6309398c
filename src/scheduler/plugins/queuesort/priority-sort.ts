// PrioritySort: higher priority first, then the pod that has waited longer.
import type { QueueSortPlugin } from "../../framework/interface.js";
import type { QueuedPodInfo } from "../../framework/queued-pod-info.js";
import { names } from "../names.js";

export class PrioritySort implements QueueSortPlugin {
  readonly name = names.PrioritySort;

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const pa = a.priority;
    const pb = b.priority;
    return pa > pb || (pa === pb && a.timestamp < b.timestamp);
  }
}
