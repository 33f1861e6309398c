// Stopping containers as kuberuntime's killContainer and killPodWithSyncResult do: the Killing event,
// the preStop hook within the grace period, then stopContainer with what is left of it (at least 2 s);
// a pod's regular containers stop together, then its sidecars one by one in reverse order.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Logger } from "../../client/log.js";
import type { RuntimeService } from "../../runtime/cri.js";
import type { LifecycleHandler, PodInputs } from "../podinputs.js";
import { isSidecar } from "./actions.js";
import { formatPod, preStopHandlerAnnotation } from "./labels.js";
import type { RuntimeContainer, RuntimePodStatus } from "./podstatus.js";

/** minimumGracePeriodInSeconds */
export const minimumGracePeriodSeconds = 2;

/** The grace period: an override (probe, force), else the deletion's, else the pod's (default 30 s). */
export function gracePeriodSeconds(pod: Pod, override?: number): number {
  const g =
    override ?? pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
  return Math.max(g, minimumGracePeriodSeconds);
}

export interface PodKillerOptions {
  runtime: RuntimeService;
  inputs: PodInputs;
  event(pod: Pod, type: "Normal" | "Warning", reason: string, message: string): void;
  log: Logger;
}

export class PodKiller {
  constructor(private readonly o: PodKillerOptions) {}

  async killContainer(
    pod: Pod,
    spec: Container | undefined,
    c: RuntimeContainer,
    graceOverride: number | undefined,
    message?: string,
    event = true,
  ): Promise<void> {
    const grace = gracePeriodSeconds(pod, graceOverride);
    if (event) this.o.event(pod, "Normal", "Killing", message ?? `Stopping container ${c.name}`);
    const started = Date.now();
    // The hook from the spec, or (for a container of an older spec) the one recorded on the container.
    const recorded = c.annotations[preStopHandlerAnnotation];
    const preStop =
      spec?.lifecycle?.preStop ?? (recorded ? (JSON.parse(recorded) as LifecycleHandler) : undefined);
    const inputs = this.o.inputs;
    if (preStop && c.state === "CONTAINER_RUNNING" && inputs.lifecycle && spec && graceOverride !== 0) {
      const ac = new AbortController();
      const t = setTimeout(() => ac.abort(), grace * 1000);
      const r = await inputs
        .lifecycle(
          preStop,
          {
            pod,
            container: spec,
            containerId: c.id,
            podIP: pod.status?.podIP ?? "",
            warn: (reason, msg) => this.o.event(pod, "Warning", reason, msg),
          },
          ac.signal,
        )
        .finally(() => clearTimeout(t));
      if (!r.ok) this.o.event(pod, "Warning", "FailedPreStopHook", r.message);
    }
    const left = Math.max(minimumGracePeriodSeconds, grace - Math.floor((Date.now() - started) / 1000));
    const r = await this.o.runtime.stopContainer(c.id, left);
    if (!r.ok)
      this.o.log.warn(
        { pod: formatPod(pod), container: c.name, err: r.error.message },
        "Container termination failed",
      );
  }

  /** Every live container stops (regular ones together, then sidecars in reverse order), then the sandboxes. */
  async killPod(pod: Pod, rs: RuntimePodStatus, graceOverride: number | undefined): Promise<void> {
    const live = rs.containers.filter(
      (c) => c.state === "CONTAINER_RUNNING" || c.state === "CONTAINER_CREATED",
    );
    const inits = pod.spec?.initContainers ?? [];
    const specOf = (c: RuntimeContainer) =>
      (c.init ? inits : (pod.spec?.containers ?? [])).find((x) => x.name === c.name);
    const sidecar = (c: RuntimeContainer) => {
      const s = specOf(c);
      return c.init && s !== undefined && isSidecar(s);
    };
    await Promise.all(
      live.filter((c) => !sidecar(c)).map((c) => this.killContainer(pod, specOf(c), c, graceOverride)),
    );
    const order = (c: RuntimeContainer) => inits.findIndex((x) => x.name === c.name);
    for (const c of live.filter(sidecar).sort((a, b) => order(b) - order(a)))
      await this.killContainer(pod, specOf(c), c, graceOverride);
    for (const s of rs.sandboxes)
      if (s.state === "SANDBOX_READY") {
        const r = await this.o.runtime.stopPodSandbox(s.id);
        if (!r.ok) this.o.log.warn({ pod: formatPod(pod), err: r.error.message }, "Failed to stop sandbox");
      }
  }
}
