// computePodActions (kuberuntime_manager.go): from the pod's spec and what the runtime holds, what one sync
// must do — (re)create the sandbox, the next init container, the containers to start and those to kill.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import { hashContainer } from "./labels.js";
import { findContainer, type RuntimePodStatus } from "./podstatus.js";

export interface ContainerToKill {
  id: string;
  name: string;
  /** The Killing event's message ("Container web failed liveness probe, will be restarted"). */
  message: string;
}

export interface PodActions {
  killPod: boolean;
  createSandbox: boolean;
  sandboxId: string;
  attempt: number;
  /** Init containers to start this sync, in order (sidecars, then at most one run-to-completion container). */
  initContainersToStart: Container[];
  containersToStart: Container[];
  containersToKill: ContainerToKill[];
}

export interface ActionContext {
  /** The runtime gives sandboxes their own network (a pod-network sandbox without an IP is broken). */
  sandboxNeedsIP: boolean;
  /** The container instance passed its startup probe (or has none). */
  started(name: string, containerId: string): boolean;
  /** The prober says this container instance failed liveness (or startup) past its threshold. */
  probeFailed(name: string, containerId: string): "liveness" | "startup" | undefined;
}

export function shouldRestartOnFailure(pod: Pod): boolean {
  return (pod.spec?.restartPolicy ?? "Always") !== "Never";
}

/** ShouldContainerBeRestarted (kubecontainer/helpers.go). */
export function shouldContainerBeRestarted(
  container: Container,
  pod: Pod,
  status: RuntimePodStatus,
): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const s = findContainer(status, container.name, false);
  if (s === undefined) return true;
  if (s.state === "CONTAINER_RUNNING") return false;
  if (s.state === "CONTAINER_UNKNOWN" || s.state === "CONTAINER_CREATED") return true;
  const policy = pod.spec?.restartPolicy ?? "Always";
  if (policy === "Never") return false;
  if (policy === "OnFailure" && s.exitCode === 0) return false;
  return true;
}

/** Whether the sandbox must be (re)created, and with which attempt (podSandboxChanged). */
export function podSandboxChanged(
  pod: Pod,
  status: RuntimePodStatus,
  ctx: Pick<ActionContext, "sandboxNeedsIP">,
): { changed: boolean; attempt: number; sandboxId: string } {
  const latest = status.sandboxes[0];
  if (latest === undefined) return { changed: true, attempt: 0, sandboxId: "" };
  const ready = status.sandboxes.filter((s) => s.state === "SANDBOX_READY").length;
  const next = { changed: true, attempt: latest.metadata.attempt + 1, sandboxId: latest.id };
  if (ready > 1 || latest.state !== "SANDBOX_READY") return next;
  const hostNetwork = pod.spec?.hostNetwork === true;
  if (ctx.sandboxNeedsIP && !hostNetwork) {
    if (latest.netnsPath === "" || latest.network.ip === "") return next;
  }
  if (ctx.sandboxNeedsIP && hostNetwork && latest.netnsPath !== "") return next;
  return { changed: false, attempt: latest.metadata.attempt, sandboxId: latest.id };
}

/** A restartable init container (restartPolicy Always): a sidecar that keeps running beside the containers. */
export function isSidecar(c: Container): boolean {
  return c.restartPolicy === "Always";
}

export interface InitActions {
  /** Init containers to (re)start now, in order: sidecars and at most one run-to-completion container. */
  toStart: Container[];
  /** Every init container completed (sidecars: started). */
  done: boolean;
  /** A run-to-completion init container failed under restartPolicy Never: the pod has failed. */
  failed: boolean;
  /** Sidecars whose liveness/startup probe failed: killed, then restarted (toStart has them). */
  toKill: ContainerToKill[];
}

/**
 * computeInitContainerActions: walks the init containers in order. A run-to-completion container is waited
 * for while it runs, restarted when it failed (per restartPolicy) and passed once it exited 0; a sidecar is
 * passed once running and started, and restarted whenever it exited (even after initialization).
 */
export function computeInitContainerActions(
  pod: Pod,
  status: RuntimePodStatus,
  started: (name: string, containerId: string) => boolean,
  probeFailed: ActionContext["probeFailed"] = () => undefined,
): InitActions {
  const out: InitActions = { toStart: [], done: false, failed: false, toKill: [] };
  // A regular container that ever ran means initialization finished before (old init containers may be gone).
  const initialized = (pod.spec?.containers ?? []).some(
    (c) => findContainer(status, c.name, false) !== undefined,
  );
  for (const c of pod.spec?.initContainers ?? []) {
    const s = findContainer(status, c.name, true);
    const sidecar = isSidecar(c);
    if (s === undefined) {
      if (initialized && !sidecar) continue;
      out.toStart.push(c);
      if (initialized) continue;
      return out;
    }
    if (s.state === "CONTAINER_RUNNING" || s.state === "CONTAINER_CREATED") {
      if (!sidecar) {
        if (initialized) continue;
        return out;
      }
      const probe = probeFailed(c.name, s.id);
      if (probe !== undefined) {
        out.toKill.push({
          id: s.id,
          name: c.name,
          message: `Container ${c.name} failed ${probe} probe, will be restarted`,
        });
        out.toStart.push(c);
        if (initialized) continue;
        return out;
      }
      if (!initialized && !started(c.name, s.id)) return out;
      continue;
    }
    // Exited (or unknown).
    if (sidecar) {
      out.toStart.push(c);
      if (initialized) continue;
      return out;
    }
    if ((s.state === "CONTAINER_EXITED" && s.exitCode === 0) || initialized) continue;
    if (!shouldRestartOnFailure(pod)) {
      out.failed = true;
      return out;
    }
    out.toStart.push(c);
    return out;
  }
  out.done = true;
  return out;
}

export function computePodActions(pod: Pod, status: RuntimePodStatus, ctx: ActionContext): PodActions {
  const sb = podSandboxChanged(pod, status, ctx);
  const changes: PodActions = {
    killPod: sb.changed,
    createSandbox: sb.changed,
    sandboxId: sb.sandboxId,
    attempt: sb.attempt,
    initContainersToStart: [],
    containersToStart: [],
    containersToKill: [],
  };
  const containers = pod.spec?.containers ?? [];
  if (sb.changed) {
    // A pod that ran to completion once is not brought back by a lost sandbox under restartPolicy Never.
    if (!shouldRestartOnFailure(pod) && sb.attempt !== 0 && status.containers.length !== 0) {
      changes.createSandbox = false;
      return changes;
    }
    const toStart = containers.filter((c) => {
      if ((pod.spec?.restartPolicy ?? "Always") !== "OnFailure") return true;
      const s = findContainer(status, c.name, false);
      return !(s?.state === "CONTAINER_EXITED" && s.exitCode === 0);
    });
    if (toStart.length === 0 && sb.attempt !== 0 && (pod.spec?.initContainers ?? []).length === 0) {
      changes.createSandbox = false;
      return changes;
    }
    const inits = pod.spec?.initContainers ?? [];
    if (inits.length > 0) changes.initContainersToStart = [inits[0]];
    else changes.containersToStart = toStart;
    return changes;
  }

  const init = computeInitContainerActions(
    pod,
    status,
    (n, id) => ctx.started(n, id),
    (n, id) => ctx.probeFailed(n, id),
  );
  changes.initContainersToStart = init.toStart;
  changes.containersToKill.push(...init.toKill);
  if (!init.done) {
    if (init.failed) changes.killPod = true;
    return changes;
  }

  let keep = 0;
  for (const c of containers) {
    const s = findContainer(status, c.name, false);
    if (s === undefined || s.state !== "CONTAINER_RUNNING") {
      if (shouldContainerBeRestarted(c, pod, status)) changes.containersToStart.push(c);
      continue;
    }
    let message: string;
    const probe = ctx.probeFailed(c.name, s.id);
    if (s.hash !== "" && s.hash !== hashContainer(c))
      message = `Container ${c.name} definition changed, will be restarted`;
    else if (probe === "liveness") message = `Container ${c.name} failed liveness probe, will be restarted`;
    else if (probe === "startup") message = `Container ${c.name} failed startup probe, will be restarted`;
    else {
      keep++;
      continue;
    }
    if (shouldRestartOnFailure(pod)) changes.containersToStart.push(c);
    changes.containersToKill.push({ id: s.id, name: c.name, message });
  }
  if (keep === 0 && changes.containersToStart.length === 0) changes.killPod = true;
  return changes;
}
