// The Node object a simulated kubelet registers, and the conditions it reports — what the real kubelet's
// initialNode() and node status setters (pkg/kubelet/nodestatus/setters.go) produce, with no machine behind.
import type { Node } from "../../api/core/v1/node.js";
import type { NodeCondition } from "../../api/core/v1/node-types.js";
import type { ResolvedOptions } from "./options.js";
import { rfc3339 } from "./timefmt.js";
import { ipv4Nth } from "./podips.js";

export const kubeletVersion = "v1.32.0-k8ts-sim";
export const containerRuntimeVersion = "simulated://0.1.0";
/** Marks a node whose kubelet is simulated; the simulator recognises its own nodes after a restart by it. */
export const simulatedNodeAnnotation = "k8ts.io/simulated-node";

/** Node conditions the kubelet owns, in the order it appends them (Ready last, as upstream insists). */
const kubeletConditionTypes = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"] as const;

const healthy: Record<
  (typeof kubeletConditionTypes)[number],
  { status: string; reason: string; message: string }
> = {
  MemoryPressure: {
    status: "False",
    reason: "KubeletHasSufficientMemory",
    message: "kubelet has sufficient memory available",
  },
  DiskPressure: {
    status: "False",
    reason: "KubeletHasNoDiskPressure",
    message: "kubelet has no disk pressure",
  },
  PIDPressure: {
    status: "False",
    reason: "KubeletHasSufficientPID",
    message: "kubelet has sufficient PID available",
  },
  Ready: { status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
};

export function simulatedNodeName(o: Pick<ResolvedOptions, "namePrefix">, index: number): string {
  return `${o.namePrefix}${index}`;
}

/**
 * The kubelet's conditions as it would post them now: heartbeat times are now; a condition keeps its
 * lastTransitionTime while its status is unchanged (so a node the node controller marked Unknown
 * transitions back to True with a fresh transition time). Conditions of other owners are kept.
 */
export function kubeletConditions(
  existing: readonly NodeCondition[] | undefined,
  nowMs: number,
): NodeCondition[] {
  const now = rfc3339(nowMs);
  const others = (existing ?? []).filter(
    (c) => !(kubeletConditionTypes as readonly string[]).includes(c.type),
  );
  const ours = kubeletConditionTypes.map((type): NodeCondition => {
    const want = healthy[type];
    const prev = existing?.find((c) => c.type === type);
    return {
      type,
      status: want.status,
      lastHeartbeatTime: now,
      lastTransitionTime:
        prev && prev.status === want.status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
      reason: want.reason,
      message: want.message,
    };
  });
  return [...others, ...ours];
}

/** True when the posted conditions differ from what the kubelet would report (ignoring heartbeat times). */
export function kubeletConditionsChanged(existing: readonly NodeCondition[] | undefined): boolean {
  for (const type of kubeletConditionTypes) {
    const c = existing?.find((x) => x.type === type);
    const want = healthy[type];
    if (!c || c.status !== want.status || c.reason !== want.reason || c.message !== want.message) return true;
  }
  return false;
}

/** The node as the kubelet registers it (POST /api/v1/nodes carries the whole status). */
export function buildNode(
  o: ResolvedOptions,
  index: number,
  nowMs: number,
): Node & { metadata: { name: string } } {
  const name = simulatedNodeName(o, index);
  const zone = o.zones[index % o.zones.length];
  const ip = ipv4Nth(o.nodeIPRange, index + 1);
  const capacity = { ...o.capacity };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": o.instanceType,
        "topology.kubernetes.io/region": o.region,
        "topology.kubernetes.io/zone": zone,
        ...o.labels,
      },
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        [simulatedNodeAnnotation]: "true",
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: kubeletConditions(undefined, nowMs),
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "Hostname", address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: hex32(`machine-${name}`),
        systemUUID: uuidFrom(`system-${name}`),
        bootID: uuidFrom(`boot-${name}-${o.bootTime}`),
        kernelVersion: "6.1.0-k8ts-sim",
        osImage: "k8ts simulated node",
        containerRuntimeVersion,
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

/** A stable 32-hex-digit id from a seed (machine-id format), FNV-1a over four lanes; no crypto needed. */
function hex32(seed: string): string {
  let out = "";
  for (let lane = 0; lane < 4; lane++) {
    let h = 0x811c9dc5 ^ lane;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

function uuidFrom(seed: string): string {
  const h = hex32(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
