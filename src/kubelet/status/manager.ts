// The status manager (status/status_manager.go): remembers what it last wrote per pod and PATCHes
// pods/status only when the generated status differs.
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

export class StatusManager {
  private readonly written = new Map<string, string>();

  constructor(
    private readonly pods: ResourceClient<Pod>,
    private readonly log: Logger,
  ) {}

  /** The status the kubelet last wrote for the pod (undefined before the first write). */
  lastWritten(uid: string): PodStatus | undefined {
    const s = this.written.get(uid);
    return s === undefined ? undefined : (JSON.parse(s) as PodStatus);
  }

  /** Writes the status when it changed; returns whether it wrote. */
  async setPodStatus(pod: Pod, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata?.uid ?? "";
    const text = JSON.stringify(status);
    if (this.written.get(uid) === text) return false;
    const from = this.lastWritten(uid) ?? pod.status;
    try {
      await this.pods.patch(
        pod.metadata?.namespace ?? "",
        pod.metadata?.name ?? "",
        "merge",
        { metadata: { uid }, status: statusMergePatch(from, status) },
        { subresource: "status" },
      );
      this.written.set(uid, text);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      this.log.warn({ pod: pod.metadata?.name, err: String(e) }, "Failed to update status for pod");
      throw e;
    }
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
