// Node health as the node lifecycle controller judges it (tryUpdateNodeHealth): the controller notes, on its
// own clock, when it last saw the kubelet's Ready heartbeat or the node Lease change; a node silent for longer
// than the grace period gets Ready/MemoryPressure/DiskPressure/PIDPressure = Unknown. Pure: the caller writes.
import type { Node } from "../../api/core/v1/node.js";
import type { NodeCondition } from "../../api/core/v1/node-types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { rfc3339, parseTime } from "../util/metatime.js";
import { mutableCopy } from "../util/podconditions.js";

/** What the controller remembers of a node (nodeHealthData). */
export interface NodeHealth {
  /** Local time the controller last heard from the kubelet (status heartbeat or lease renewal). */
  probeTimestamp: number;
  /** Local time the Ready condition was last seen to change. */
  readyTransitionTimestamp: number;
  /** The Ready condition as last observed (undefined: the node had none). */
  ready?: { lastHeartbeatTime?: string; lastTransitionTime?: string };
  /** renewTime of the last observed lease. */
  leaseRenewTime?: string;
}

export interface HealthOptions {
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
}

export interface HealthResult {
  health: NodeHealth;
  /** The Ready condition as the node posted it (a fake Unknown one when it never did). */
  observedReady: NodeCondition;
  /** The Ready condition after this pass (the same unless the controller marked the node Unknown). */
  currentReady?: NodeCondition;
  /**
   * When set, the controller must write these conditions (node status update); on success the health
   * to remember is `healthAfterWrite`.
   */
  write?: { conditions: NodeCondition[]; healthAfterWrite: NodeHealth };
}

const unknownConditionTypes = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

const readySnapshot = (c: DeepReadonly<NodeCondition> | undefined) =>
  c ? { lastHeartbeatTime: c.lastHeartbeatTime, lastTransitionTime: c.lastTransitionTime } : undefined;

export function tryUpdateNodeHealth(
  prev: NodeHealth | undefined,
  node: DeepReadonly<Node>,
  leaseRenewTime: string | undefined,
  nowMs: number,
  o: HealthOptions,
): HealthResult {
  const conditions = (node.status?.conditions ?? []).map((c) => mutableCopy<NodeCondition>(c));
  const currentReadyIn = conditions.find((c) => c.type === "Ready");
  const created = node.metadata?.creationTimestamp;
  const createdMs = parseTime(created) ?? nowMs;
  let health: NodeHealth | undefined = prev ? { ...prev } : undefined;
  let observedReady: NodeCondition;
  let gracePeriod: number;
  if (!currentReadyIn) {
    // The kubelet never posted status: judge from the creation time, with the (longer) startup grace.
    observedReady = {
      type: "Ready",
      status: "Unknown",
      lastHeartbeatTime: created,
      lastTransitionTime: created,
    };
    gracePeriod = o.nodeStartupGracePeriodMs;
    if (health) health.ready = undefined;
    else health = { probeTimestamp: createdMs, readyTransitionTimestamp: createdMs };
  } else {
    observedReady = { ...currentReadyIn };
    gracePeriod = o.nodeMonitorGracePeriodMs;
  }
  const saved = prev?.ready;
  if (!health) {
    health = { probeTimestamp: nowMs, readyTransitionTimestamp: nowMs, ready: readySnapshot(currentReadyIn) };
  } else if (!saved && currentReadyIn) {
    health = { probeTimestamp: nowMs, readyTransitionTimestamp: nowMs, ready: readySnapshot(currentReadyIn) };
  } else if (saved && !currentReadyIn) {
    health = { probeTimestamp: nowMs, readyTransitionTimestamp: nowMs, ready: undefined };
  } else if (saved && currentReadyIn && saved.lastHeartbeatTime !== currentReadyIn.lastHeartbeatTime) {
    const transition =
      saved.lastTransitionTime !== currentReadyIn.lastTransitionTime
        ? nowMs
        : health.readyTransitionTimestamp;
    health = {
      probeTimestamp: nowMs,
      readyTransitionTimestamp: transition,
      ready: readySnapshot(currentReadyIn),
    };
  }
  if (prev?.leaseRenewTime !== undefined && health.leaseRenewTime === undefined)
    health.leaseRenewTime = prev.leaseRenewTime;
  // A renewed lease counts as hearing from the kubelet, even if node status is old.
  if (leaseRenewTime !== undefined) {
    const savedRenew = parseTime(prev?.leaseRenewTime);
    const renew = parseTime(leaseRenewTime);
    if (prev?.leaseRenewTime === undefined || (renew !== undefined && (savedRenew ?? -Infinity) < renew)) {
      health.leaseRenewTime = leaseRenewTime;
      health.probeTimestamp = nowMs;
    }
  }

  if (!(nowMs > health.probeTimestamp + gracePeriod))
    return { health, observedReady, currentReady: currentReadyIn };

  const now = rfc3339(nowMs);
  for (const type of unknownConditionTypes) {
    const c = conditions.find((x) => x.type === type);
    if (!c)
      conditions.push({
        type,
        status: "Unknown",
        reason: "NodeStatusNeverUpdated",
        message: "Kubelet never posted node status.",
        lastHeartbeatTime: created,
        lastTransitionTime: now,
      });
    else if (c.status !== "Unknown") {
      c.status = "Unknown";
      c.reason = "NodeStatusUnknown";
      c.message = "Kubelet stopped posting node status.";
      c.lastTransitionTime = now;
    }
  }
  const currentReady = conditions.find((c) => c.type === "Ready");
  if (sameCondition(currentReady, observedReady)) return { health, observedReady, currentReady };
  return {
    health,
    observedReady,
    currentReady,
    write: {
      conditions,
      healthAfterWrite: {
        probeTimestamp: health.probeTimestamp,
        readyTransitionTimestamp: nowMs,
        ready: readySnapshot(currentReady),
        leaseRenewTime: leaseRenewTime ?? health.leaseRenewTime,
      },
    },
  };
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition): boolean {
  return (
    !!a &&
    a.status === b.status &&
    (a.reason ?? "") === (b.reason ?? "") &&
    (a.message ?? "") === (b.message ?? "") &&
    a.lastHeartbeatTime === b.lastHeartbeatTime &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}
