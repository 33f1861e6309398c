// The status manager (status/status_manager.go): remembers what it last wrote per pod and PATCHes
// pods/status only when the generated status differs, or when the API's copy no longer shows it (upstream's
// needsReconcile: the node lifecycle controller marks the pods of a NotReady node not Ready; once the node is
// back, the kubelet writes its own view again).
import type { ResourceClient } from "../../client/rest/client.js";
import { isNotFound } from "../../client/rest/errors.js";
import type { Logger } from "../../client/log.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodStatus } from "../../api/core/v1/podstatus.js";

/** A JSON merge patch turning `from` into `to` at the top level of status (removed fields become null). */
export function statusMergePatch(from: PodStatus | undefined, to: PodStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...to };
  for (const k of Object.keys(from ?? {})) if (!(k in to)) patch[k] = null;
  return patch;
}

/** The API's status still shows what the kubelet wrote: the phase and the status of every condition it sets. */
function agrees(api: PodStatus | undefined, ours: PodStatus): boolean {
  if ((api?.phase ?? "") !== (ours.phase ?? "")) return false;
  return (ours.conditions ?? []).every(
    (c) => api?.conditions?.find((x) => x.type === c.type)?.status === c.status,
  );
}

export class StatusManager {
  /** The status last written per pod, and the pod's resourceVersion in the kubelet's cache at that time. */
  private readonly written = new Map<string, { text: string; seenRV: string }>();

  constructor(
    private readonly pods: ResourceClient<Pod>,
    private readonly log: Logger,
  ) {}

  /** The status the kubelet last wrote for the pod (undefined before the first write). */
  lastWritten(uid: string): PodStatus | undefined {
    const s = this.written.get(uid);
    return s === undefined ? undefined : (JSON.parse(s.text) as PodStatus);
  }

  /** Writes the status when it changed; returns whether it wrote. */
  async setPodStatus(pod: Pod, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata?.uid ?? "";
    const text = JSON.stringify(status);
    const last = this.written.get(uid);
    // Unchanged, and either our write has not reached the cache yet or the API still shows it.
    if (
      last?.text === text &&
      ((pod.metadata?.resourceVersion ?? "") === last.seenRV || agrees(pod.status, status))
    )
      return false;
    const from = this.lastWritten(uid) ?? pod.status;
    try {
      await this.pods.patch(
        pod.metadata?.namespace ?? "",
        pod.metadata?.name ?? "",
        "merge",
        { metadata: { uid }, status: statusMergePatch(from, status) },
        { subresource: "status" },
      );
      this.written.set(uid, { text, seenRV: pod.metadata?.resourceVersion ?? "" });
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      this.log.warn({ pod: pod.metadata?.name, err: String(e) }, "Failed to update status for pod");
      throw e;
    }
  }

  /** The API's copy of the pod shows what the kubelet last wrote: its phase and the conditions it sets. */
  showsWritten(pod: Pod): boolean {
    const last = this.lastWritten(pod.metadata?.uid ?? "");
    return last !== undefined && agrees(pod.status, last);
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
