// `kubectl get pods` columns as upstream's printPod (pkg/printers/internalversion/printers.go).
import type { PrinterColumn } from "../../registry.js";
import { age } from "../../printers/age.js";
import { nameColumn, ageColumn } from "./columns.js";
import type { Pod } from "./pod.js";
import type { Container } from "./container.js";
import type { PodCondition } from "./podstatus.js";

/** The node lifecycle controller's reason for pods on an unreachable node. */
export const nodeUnreachablePodReason = "NodeLost";

const isRestartableInitContainer = (c: Container | undefined) => c?.restartPolicy === "Always";
const conditionTrue = (conds: PodCondition[] | undefined, type: string) =>
  (conds ?? []).some((c) => c.type === type && c.status === "True");
const isTerminalPhase = (phase: string | undefined) => phase === "Failed" || phase === "Succeeded";
const later = (a: string | undefined, b: string | undefined) =>
  b && (!a || Date.parse(b) > Date.parse(a)) ? b : a;

export interface PodSummary {
  /** "1/2": ready containers / containers (restartable init containers count as containers). */
  ready: string;
  /** The STATUS cell: phase, or a reason such as CrashLoopBackOff, Init:0/1, Completed, Terminating. */
  status: string;
  /** Container restarts counted for the RESTARTS cell. */
  restarts: number;
  /** When the last restarted container last terminated (RFC 3339), if known. */
  lastRestart?: string;
}

/** The READY/STATUS/RESTARTS facts of printPod. */
export function summarizePod(pod: Pod): PodSummary {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const initSpecs = spec.initContainers ?? [];
  let restarts = 0;
  let sidecarRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;

  let reason = status.phase ?? "";
  if (status.reason) reason = status.reason;
  for (const c of status.conditions ?? [])
    if (c.type === "PodScheduled" && c.reason === "SchedulingGated") reason = "SchedulingGated";

  const initByName = new Map(initSpecs.map((c) => [c.name, c]));
  for (const c of initSpecs) if (isRestartableInitContainer(c)) totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    const lastTerminated = cs.lastState?.terminated?.finishedAt;
    lastRestart = later(lastRestart, lastTerminated);
    const sidecar = isRestartableInitContainer(initByName.get(cs.name));
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, lastTerminated);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (sidecar && cs.started) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode}`;
      } else reason = "Init:" + terminated.reason;
    } else if (waiting?.reason && waiting.reason !== "PodInitializing") {
      reason = "Init:" + waiting.reason;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status.conditions, "Initialized")) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      lastRestart = later(lastRestart, cs.lastState?.terminated?.finishedAt);
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated)
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose last container completed but another still runs is shown by its readiness.
    if (reason === "Completed" && hasRunning)
      reason = conditionTrue(status.conditions, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata?.deletionTimestamp && status.reason === nodeUnreachablePodReason) reason = "Unknown";
  else if (pod.metadata?.deletionTimestamp && !isTerminalPhase(status.phase)) reason = "Terminating";

  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts, lastRestart };
}

/** "3", or "3 (5m ago)" when the last restart time is known. */
export function restartsCell(s: PodSummary, now: number): string {
  if (s.restarts !== 0 && s.lastRestart) return `${s.restarts} (${age(s.lastRestart, now)} ago)`;
  return String(s.restarts);
}

const orNone = (s: string | undefined) => (s ? s : "<none>");

export const podColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Ready",
    type: "string",
    priority: 0,
    description: "The aggregate readiness state of this pod for accepting traffic.",
    cell: (p: Pod) => summarizePod(p).ready,
  },
  {
    name: "Status",
    type: "string",
    priority: 0,
    description: "The aggregate status of the containers in this pod.",
    cell: (p: Pod) => summarizePod(p).status,
  },
  {
    name: "Restarts",
    type: "string",
    priority: 0,
    description:
      "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    cell: (p: Pod, now) => restartsCell(summarizePod(p), now),
  },
  ageColumn,
  {
    name: "IP",
    type: "string",
    priority: 1,
    description:
      "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
    cell: (p: Pod) => orNone(p.status?.podIPs?.[0]?.ip),
  },
  {
    name: "Node",
    type: "string",
    priority: 1,
    description:
      "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename",
    cell: (p: Pod) => orNone(p.spec?.nodeName),
  },
  {
    name: "Nominated Node",
    type: "string",
    priority: 1,
    description:
      "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.",
    cell: (p: Pod) => orNone(p.status?.nominatedNodeName),
  },
  {
    name: "Readiness Gates",
    type: "string",
    priority: 1,
    description:
      'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    cell: (p: Pod) => readinessGatesCell(p),
  },
];

function readinessGatesCell(p: Pod): string {
  const gates = p.spec?.readinessGates ?? [];
  if (gates.length === 0) return "<none>";
  let trueConditions = 0;
  for (const g of gates) {
    const c = (p.status?.conditions ?? []).find((c) => c.type === g.conditionType);
    if (c?.status === "True") trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}
