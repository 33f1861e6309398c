// Options of the simulated kubelet (what KWOK calls a "fake node"), their upstream-like defaults, and the
// `--simulated-node-capacity cpu=..,memory=..,pods=..` flag parser.
import { parseQuantity } from "../../api/resource/quantity.js";

export interface SimulatedNodeCapacity {
  cpu: string;
  memory: string;
  pods: string;
  "ephemeral-storage": string;
}

export interface SimulatedNodesOptions {
  /** How many nodes to register. */
  count: number;
  /** Node names are `${namePrefix}${index}` ("sim-0", "sim-1", ...). */
  namePrefix?: string;
  /** Index of the first node (to add nodes to an existing simulated fleet). */
  startIndex?: number;
  /** Capacity (= allocatable) of every node. */
  capacity?: Partial<SimulatedNodeCapacity>;
  /** topology.kubernetes.io/zone values, assigned round-robin so topology spread has something to do. */
  zones?: string[];
  region?: string;
  /** node.kubernetes.io/instance-type. */
  instanceType?: string;
  /** Extra labels on every node. */
  labels?: Record<string, string>;
  /** InternalIPs come from this range, one per node ("198.18.0.0/15", RFC 2544's benchmarking range). */
  nodeIPRange?: string;
  /** Lease renewal interval (the kubelet's: 10 s, a quarter of the lease duration). */
  heartbeatMs?: number;
  /** spec.leaseDurationSeconds of the node Lease (the kubelet's: 40). */
  leaseDurationSeconds?: number;
  /** Node status is posted when it changes or after this long (the kubelet's nodeStatusReportFrequency: 5 min). */
  nodeStatusReportMs?: number;
  /**
   * Pods with restartPolicy Never or OnFailure finish (Succeeded, exit code 0) this long after they start.
   * Unset: every pod runs until deleted, as a long-running process would.
   */
  podCompletionMs?: number;
  /** Concurrent API writes for registration and pod status (one shared budget). */
  concurrency?: number;
  /** Emit the kubelet's pod events (Pulled, Created, Started, Killing). Off by default: at scale they cost more than the pods. */
  podEvents?: boolean;
  /** The clock (ms since epoch); tests inject one. */
  now?: () => number;
}

export interface ResolvedOptions {
  count: number;
  namePrefix: string;
  startIndex: number;
  capacity: SimulatedNodeCapacity;
  zones: string[];
  region: string;
  instanceType: string;
  labels: Record<string, string>;
  nodeIPRange: string;
  heartbeatMs: number;
  leaseDurationSeconds: number;
  nodeStatusReportMs: number;
  podCompletionMs?: number;
  concurrency: number;
  podEvents: boolean;
  now: () => number;
  /** When this simulated kubelet started (its nodes' bootID derives from it). */
  bootTime: number;
}

export const defaultCapacity: SimulatedNodeCapacity = {
  cpu: "32",
  memory: "256Gi",
  pods: "110",
  "ephemeral-storage": "100Gi",
};

export function resolveOptions(o: SimulatedNodesOptions): ResolvedOptions {
  const now = o.now ?? Date.now;
  return {
    count: o.count,
    namePrefix: o.namePrefix ?? "sim-",
    startIndex: o.startIndex ?? 0,
    capacity: { ...defaultCapacity, ...(o.capacity ?? {}) },
    zones: o.zones?.length ? o.zones : ["zone-a", "zone-b", "zone-c"],
    region: o.region ?? "k8ts-sim",
    instanceType: o.instanceType ?? "k8ts-sim",
    labels: o.labels ?? {},
    nodeIPRange: o.nodeIPRange ?? "198.18.0.0/15",
    heartbeatMs: o.heartbeatMs ?? 10_000,
    leaseDurationSeconds: o.leaseDurationSeconds ?? 40,
    nodeStatusReportMs: o.nodeStatusReportMs ?? 5 * 60_000,
    podCompletionMs: o.podCompletionMs,
    concurrency: o.concurrency ?? 48,
    podEvents: o.podEvents ?? false,
    now,
    bootTime: now(),
  };
}

/**
 * Parses `cpu=8,memory=32Gi,pods=110` (any of cpu, memory, pods, ephemeral-storage). Returns an error
 * message for an unknown key or a value that is not a quantity.
 */
export function parseNodeCapacity(flag: string): Partial<SimulatedNodeCapacity> | { error: string } {
  const out: Partial<SimulatedNodeCapacity> = {};
  for (const part of flag.split(",")) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf("=");
    if (eq < 0) return { error: `invalid capacity ${JSON.stringify(item)}: expected name=quantity` };
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key !== "cpu" && key !== "memory" && key !== "pods" && key !== "ephemeral-storage")
      return {
        error: `unknown capacity resource ${JSON.stringify(key)} (want cpu, memory, pods, ephemeral-storage)`,
      };
    const q = parseQuantity(value);
    if ("error" in q) return { error: `invalid ${key} quantity ${JSON.stringify(value)}: ${q.error}` };
    out[key] = value;
  }
  return out;
}
