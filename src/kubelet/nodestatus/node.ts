// The kubelet's Node (initialNode and the node status setters, pkg/kubelet/nodestatus/setters.go):
// capacity and allocatable from the machine, addresses, nodeInfo, and the conditions it owns.
import type { Node } from "../../api/core/v1/node.js";
import type { NodeCondition } from "../../api/core/v1/node-types.js";
import { rfc3339 } from "../simulated/timefmt.js";
import type { MachineInfo } from "./machine.js";

/** The hard eviction thresholds allocatable subtracts (memory.available<100Mi, nodefs.available<10%). */
const evictionMemoryBytes = 100 * 1024 * 1024;

export interface NodeFacts {
  nodeName: string;
  nodeIP: string;
  hostname: string;
  machine: MachineInfo;
  maxPods: number;
  kubeletPort: number;
  kubeletVersion: string;
  /** "runc://1.1.12" */
  containerRuntimeVersion: string;
  os: string;
}

export function nodeLabels(f: NodeFacts): Record<string, string> {
  return {
    "beta.kubernetes.io/arch": f.machine.architecture,
    "beta.kubernetes.io/os": f.os,
    "kubernetes.io/arch": f.machine.architecture,
    "kubernetes.io/hostname": f.nodeName,
    "kubernetes.io/os": f.os,
  };
}

export function nodeStatus(f: NodeFacts): NonNullable<Node["status"]> {
  const m = f.machine;
  const kib = (b: number) => `${Math.floor(b / 1024)}Ki`;
  const capacity = {
    cpu: String(m.cpus),
    "ephemeral-storage": kib(m.ephemeralStorageBytes),
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: kib(m.memoryBytes),
    pods: String(f.maxPods),
  };
  const allocatable = {
    ...capacity,
    "ephemeral-storage": String(Math.floor(m.ephemeralStorageBytes * 0.9)),
    memory: kib(Math.max(0, m.memoryBytes - evictionMemoryBytes)),
  };
  return {
    capacity,
    allocatable,
    addresses: [
      { type: "InternalIP", address: f.nodeIP },
      { type: "Hostname", address: f.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: f.kubeletPort } },
    nodeInfo: {
      machineID: m.machineID,
      systemUUID: m.systemUUID,
      bootID: m.bootID,
      kernelVersion: m.kernelVersion,
      osImage: m.osImage,
      containerRuntimeVersion: f.containerRuntimeVersion,
      kubeletVersion: f.kubeletVersion,
      kubeProxyVersion: f.kubeletVersion,
      operatingSystem: f.os,
      architecture: m.architecture,
    },
  };
}

export interface ConditionFacts {
  /** Undefined when ready; else the NotReady message ("container runtime network not ready: ..."). */
  notReadyMessage?: string;
  /** The runtime gives pods no isolation (process runtime). */
  notIsolated: boolean;
}

export const podIsolationMessage =
  "pods are not isolated: containers run as host processes on the host network";

interface Want {
  type: string;
  status: string;
  reason: string;
  message: string;
}

export function wantedConditions(f: ConditionFacts): Want[] {
  const w: Want[] = [
    {
      type: "MemoryPressure",
      status: "False",
      reason: "KubeletHasSufficientMemory",
      message: "kubelet has sufficient memory available",
    },
    {
      type: "DiskPressure",
      status: "False",
      reason: "KubeletHasNoDiskPressure",
      message: "kubelet has no disk pressure",
    },
    {
      type: "PIDPressure",
      status: "False",
      reason: "KubeletHasSufficientPID",
      message: "kubelet has sufficient PID available",
    },
  ];
  if (f.notIsolated)
    w.push({ type: "PodIsolation", status: "False", reason: "ProcessRuntime", message: podIsolationMessage });
  // Ready goes last, as upstream keeps it.
  w.push(
    f.notReadyMessage === undefined
      ? { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }
      : { type: "Ready", status: "False", reason: "KubeletNotReady", message: f.notReadyMessage },
  );
  return w;
}

/** The conditions to post now: heartbeats now, transition times kept while a status is unchanged. */
export function nodeConditions(
  existing: readonly NodeCondition[] | undefined,
  f: ConditionFacts,
  nowMs: number,
): NodeCondition[] {
  const now = rfc3339(nowMs);
  const want = wantedConditions(f);
  const ours = new Set([...want.map((w) => w.type), "PodIsolation"]);
  const others = (existing ?? []).filter((c) => !ours.has(c.type));
  return [
    ...others,
    ...want.map((w): NodeCondition => {
      const prev = existing?.find((c) => c.type === w.type);
      return {
        ...w,
        lastHeartbeatTime: now,
        lastTransitionTime:
          prev && prev.status === w.status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
      };
    }),
  ];
}

/** True when what the kubelet would post differs from the node's conditions (heartbeat times aside). */
export function conditionsChanged(
  existing: readonly NodeCondition[] | undefined,
  f: ConditionFacts,
): boolean {
  const want = wantedConditions(f);
  for (const w of want) {
    const c = existing?.find((x) => x.type === w.type);
    if (!c || c.status !== w.status || c.reason !== w.reason || c.message !== w.message) return true;
  }
  return !f.notIsolated && (existing ?? []).some((c) => c.type === "PodIsolation");
}
