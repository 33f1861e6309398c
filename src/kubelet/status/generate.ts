// generateAPIPodStatus (kubelet_pods.go) as pure functions: container statuses from the runtime's
// instances and the last sync's waiting reasons, the pod phase (getPhase) and the conditions
// (status/generate.go), so `kubectl get pods` reads as it does against a real kubelet.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import { getPodQOS } from "../../api/core/v1/pod-qos.js";
import type {
  ContainerState,
  ContainerStatus,
  PodCondition,
  PodStatus,
} from "../../api/core/v1/podstatus.js";
import { isSidecar } from "../kuberuntime/actions.js";
import { normalizeImage } from "../simulated/podstatus.js";
import { rfc3339 } from "../simulated/timefmt.js";
import {
  containerInstances,
  type RuntimeContainer,
  type RuntimePodStatus,
} from "../kuberuntime/podstatus.js";

export interface WaitingReason {
  reason: string;
  message: string;
}

export interface StatusInputs {
  pod: Pod;
  runtime: RuntimePodStatus;
  /** "runc" → containerIDs "runc://<id>". */
  runtimeName: string;
  /** The last sync's failure per container name (CrashLoopBackOff, ErrImagePull, ...). */
  reasons: ReadonlyMap<string, WaitingReason>;
  /** Termination messages read back, by container id. */
  terminationMessages: ReadonlyMap<string, string>;
  ready(name: string, containerId: string): boolean;
  started(name: string, containerId: string): boolean;
  hostIPs: string[];
  podIPs: string[];
  /** The sandbox is up with its network (PodReadyToStartContainers). */
  sandboxReady: boolean;
  nowMs: number;
  /** The kubelet stopped the pod for good (deletion): running is over, phase is Succeeded or Failed. */
  terminal?: boolean;
}

export const ContainerCreating = "ContainerCreating";
/** The pod conditions the kubelet owns. */
export const kubeletConditionTypes: ReadonlySet<string> = new Set([
  "PodReadyToStartContainers",
  "Initialized",
  "Ready",
  "ContainersReady",
]);
export const PodInitializing = "PodInitializing";

function terminatedOf(c: RuntimeContainer, runtimeName: string, messages: ReadonlyMap<string, string>) {
  const t: NonNullable<ContainerState["terminated"]> = {
    exitCode: c.exitCode,
    reason: c.reason || (c.exitCode === 0 ? "Completed" : "Error"),
    startedAt: rfc3339(c.startedAt || c.createdAt),
    finishedAt: rfc3339(c.finishedAt || c.createdAt),
    containerID: `${runtimeName}://${c.id}`,
  };
  const message = messages.get(c.id) ?? c.message;
  if (message) t.message = message;
  return t;
}

function containerStatus(
  spec: Container,
  init: boolean,
  i: StatusInputs,
  defaultWaiting: string,
): ContainerStatus {
  const instances = containerInstances(i.runtime, spec.name, init);
  const latest = instances[0];
  const cached = i.reasons.get(spec.name);
  const image = normalizeImage(spec.image ?? "");
  if (latest === undefined) {
    if (i.terminal)
      return {
        name: spec.name,
        state: {
          terminated: {
            exitCode: 137,
            reason: "ContainerStatusUnknown",
            message: "The container could not be located when the pod was terminated",
          },
        },
        lastState: {},
        ready: false,
        restartCount: 0,
        image,
        imageID: "",
        started: false,
      };
    return {
      name: spec.name,
      state: { waiting: cached ?? { reason: defaultWaiting } },
      lastState: {},
      ready: false,
      restartCount: 0,
      image,
      imageID: "",
      started: false,
    };
  }
  const id = `${i.runtimeName}://${latest.id}`;
  const s: ContainerStatus = {
    name: spec.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: latest.restartCount,
    image,
    imageID: latest.imageRef,
    containerID: id,
    started: false,
  };
  const previous = instances[1];
  if (previous !== undefined && previous.state === "CONTAINER_EXITED")
    s.lastState = { terminated: terminatedOf(previous, i.runtimeName, i.terminationMessages) };
  switch (latest.state) {
    case "CONTAINER_RUNNING":
      s.state = { running: { startedAt: rfc3339(latest.startedAt) } };
      // Run-to-completion init containers have no probes: started while running, ready once completed.
      if (init && !isSidecar(spec)) s.started = true;
      else {
        s.started = i.started(spec.name, latest.id);
        s.ready = s.started && i.ready(spec.name, latest.id);
      }
      break;
    case "CONTAINER_EXITED":
      if (cached !== undefined) {
        // Waiting to be restarted (back-off): the exit moves to lastState, as upstream shows it.
        s.state = { waiting: cached };
        s.lastState = { terminated: terminatedOf(latest, i.runtimeName, i.terminationMessages) };
      } else {
        s.state = { terminated: terminatedOf(latest, i.runtimeName, i.terminationMessages) };
        if (init && latest.exitCode === 0) s.ready = true;
      }
      break;
    default:
      s.state = { waiting: cached ?? { reason: ContainerCreating } };
  }
  return s;
}

/** getPhase (kubelet_pods.go), for pods without sidecars. */
export function podPhase(
  pod: Pod,
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  terminal = false,
): string {
  const policy = pod.spec?.restartPolicy ?? "Always";
  let pendingInit = 0;
  let failedInit = 0;
  for (const s of initStatuses) {
    const spec = pod.spec?.initContainers?.find((c) => c.name === s.name);
    // A started sidecar has done its part of initialization.
    if (spec && isSidecar(spec) && s.state?.running && s.started) continue;
    if (spec && isSidecar(spec) && s.lastState?.terminated && !s.state?.running) continue;
    if (s.state?.running) pendingInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInit++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated && s.lastState.terminated.exitCode !== 0) failedInit++;
      else pendingInit++;
    } else pendingInit++;
  }
  const regularStarted = statuses.some((s) => s.containerID !== undefined);
  if (!regularStarted && !terminal) {
    if (failedInit > 0 && policy === "Never") return "Failed";
    if (pendingInit > 0 || failedInit > 0) return "Pending";
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else waiting++;
  }
  if (terminal && running === 0)
    return stopped > 0 && stopped === succeeded && waiting === 0 ? "Succeeded" : "Failed";
  if (waiting > 0) return "Pending";
  if (running > 0) return "Running";
  if (stopped > 0) {
    if (policy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (policy === "OnFailure") return "Running";
    return "Failed";
  }
  return "Pending";
}

function condition(
  pod: Pod,
  type: string,
  status: "True" | "False",
  now: string,
  reason?: string,
  message?: string,
): PodCondition {
  const prev = pod.status?.conditions?.find((c) => c.type === type);
  const c: PodCondition = {
    type,
    status,
    lastProbeTime: null as unknown as string,
    lastTransitionTime:
      prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

function readinessMessages(pod: Pod, initStatuses: ContainerStatus[], statuses: ContainerStatus[]): string[] {
  const unknown: string[] = [];
  const unready: string[] = [];
  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar);
  for (const c of [...sidecars, ...(pod.spec?.containers ?? [])]) {
    const s = (isSidecar(c) ? initStatuses : statuses).find((x) => x.name === c.name);
    if (s === undefined) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
  const parts: string[] = [];
  if (unknown.length > 0) parts.push(`containers with unknown status: [${unknown.join(" ")}]`);
  if (unready.length > 0) parts.push(`containers with unready status: [${unready.join(" ")}]`);
  return parts;
}

export function podConditions(
  pod: Pod,
  phase: string,
  initStatuses: ContainerStatus[],
  statuses: ContainerStatus[],
  sandboxReady: boolean,
  nowMs: number,
): PodCondition[] {
  const now = rfc3339(nowMs);
  const out: PodCondition[] = [];
  out.push(condition(pod, "PodReadyToStartContainers", sandboxReady ? "True" : "False", now));
  const regularStarted = statuses.some((s) => s.containerID !== undefined);
  const incomplete = regularStarted
    ? []
    : (pod.spec?.initContainers ?? [])
        .filter((c) => {
          const s = initStatuses.find((x) => x.name === c.name);
          if (isSidecar(c)) return !(s?.state?.running && s.started);
          return s?.state?.terminated?.exitCode !== 0;
        })
        .map((c) => c.name);
  if (incomplete.length === 0)
    out.push(
      condition(
        pod,
        "Initialized",
        "True",
        now,
        phase === "Succeeded" && (pod.spec?.initContainers ?? []).length > 0 ? "PodCompleted" : undefined,
      ),
    );
  else
    out.push(
      condition(
        pod,
        "Initialized",
        "False",
        now,
        "ContainersNotInitialized",
        `containers with incomplete status: [${incomplete.join(" ")}]`,
      ),
    );
  const parts = readinessMessages(pod, initStatuses, statuses);
  let containersReady: PodCondition;
  if (phase === "Succeeded")
    containersReady = condition(pod, "ContainersReady", "False", now, "PodCompleted");
  else if (parts.length > 0)
    containersReady = condition(pod, "ContainersReady", "False", now, "ContainersNotReady", parts.join(", "));
  else containersReady = condition(pod, "ContainersReady", "True", now);
  let ready: PodCondition;
  const gates: string[] = [];
  for (const g of pod.spec?.readinessGates ?? []) {
    const c = pod.status?.conditions?.find((x) => x.type === g.conditionType);
    if (c === undefined)
      gates.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== "True")
      gates.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  if (containersReady.status !== "True")
    ready = condition(pod, "Ready", "False", now, containersReady.reason, containersReady.message);
  else if (gates.length > 0)
    ready = condition(pod, "Ready", "False", now, "ReadinessGatesNotReady", gates.join(", "));
  else ready = condition(pod, "Ready", "True", now);
  out.push(ready, containersReady);
  const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
  out.push(scheduled ? { ...scheduled } : condition(pod, "PodScheduled", "True", now));
  // Conditions owned by others (readiness gates, DisruptionTarget, ...) are kept.
  const ours = new Set(out.map((c) => c.type));
  for (const c of pod.status?.conditions ?? []) if (!ours.has(c.type)) out.push({ ...c });
  return out;
}

export function generatePodStatus(i: StatusInputs): PodStatus {
  const pod = i.pod;
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const defaultWaiting = hasInit ? PodInitializing : ContainerCreating;
  const initStatuses = (pod.spec?.initContainers ?? []).map((c) =>
    containerStatus(c, true, i, defaultWaiting),
  );
  const statuses = (pod.spec?.containers ?? []).map((c) => containerStatus(c, false, i, defaultWaiting));
  const phase = podPhase(pod, initStatuses, statuses, i.terminal);
  const status: PodStatus = {
    phase,
    conditions: podConditions(pod, phase, initStatuses, statuses, i.sandboxReady, i.nowMs),
    hostIP: i.hostIPs[0] ?? "",
    hostIPs: i.hostIPs.map((ip) => ({ ip })),
    startTime: pod.status?.startTime ?? rfc3339(i.nowMs),
    containerStatuses: statuses,
    qosClass: getPodQOS(pod),
  };
  // PodObservedGenerationTracking: which spec generation this status (and each kubelet condition) reflects.
  const generation = pod.metadata?.generation;
  if (generation !== undefined) {
    status.observedGeneration = generation;
    for (const c of status.conditions ?? [])
      if (kubeletConditionTypes.has(c.type)) c.observedGeneration = generation;
  }
  if (i.podIPs.length > 0) {
    status.podIP = i.podIPs[0];
    status.podIPs = i.podIPs.map((ip) => ({ ip }));
  }
  if (hasInit) status.initContainerStatuses = initStatuses;
  return status;
}
