// Deployment status from its ReplicaSets (sync.go calculateStatus, progress.go syncRolloutStatus): the
// counts, the Available condition, and during a rollout the Progressing condition and ReplicaFailure
// promoted from the ReplicaSets. Pure: the caller writes the result.
import type { DeploymentCondition, DeploymentStatus } from "../../api/apps/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { timeMs } from "../util/pod.js";
import { maxUnavailable, sumReplicas } from "./surge.js";
import { actualReplicas, availableReplicas, readyReplicas } from "./replicasets.js";
import {
  newDeploymentCondition,
  setDeploymentCondition,
  removeDeploymentCondition,
  getDeploymentCondition,
  replicaSetToDeploymentCondition,
  hasProgressDeadline,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  minimumReplicasAvailable,
  minimumReplicasUnavailable,
  newRSAvailableReason,
  replicaSetUpdatedReason,
  timedOutReason,
} from "./conditions.js";
import { replicasOf, type RS, type ReadonlyDeployment } from "./types.js";

/** calculateStatus */
export function calculateStatus(
  allRSs: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: ReadonlyDeployment,
  nowMs: number,
): DeploymentStatus {
  const available = availableReplicas(allRSs);
  const total = sumReplicas(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicas(allRSs),
    updatedReplicas: actualReplicas([newRS]),
    readyReplicas: readyReplicas(allRSs),
    availableReplicas: available,
    // More available than desired (scaling down) is not negative unavailability.
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length)
    status.conditions = structuredClone(d.status.conditions) as DeploymentCondition[];
  if (available >= replicasOf(d) - maxUnavailable(d))
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        "Available",
        "True",
        minimumReplicasAvailable,
        "Deployment has minimum availability.",
        nowMs,
      ),
    );
  else
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        "Available",
        "False",
        minimumReplicasUnavailable,
        "Deployment does not have minimum availability.",
        nowMs,
      ),
    );
  return status;
}

/** getReplicaFailures: the new ReplicaSet's ReplicaFailure conditions first, else any old one's. */
function replicaFailures(allRSs: readonly (RS | undefined)[], newRS: RS | undefined): DeploymentCondition[] {
  const of = (rs: RS) =>
    (rs.status?.conditions ?? [])
      .filter((c) => c.type === "ReplicaFailure")
      .map(replicaSetToDeploymentCondition);
  const fromNew = newRS ? of(newRS) : [];
  if (fromNew.length) return fromNew;
  return allRSs.flatMap((rs) => (rs ? of(rs) : []));
}

/** syncRolloutStatus's new status. */
export function rolloutStatus(
  allRSs: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: ReadonlyDeployment,
  nowMs: number,
): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, "Progressing");
  const current = getDeploymentCondition(d.status, "Progressing");
  const isCompleteDeployment =
    status.replicas === status.updatedReplicas && current?.reason === newRSAvailableReason;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const name = d.metadata.name;
    if (deploymentComplete(d, status)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`
        : `Deployment "${name}" has successfully progressed.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition("Progressing", "True", newRSAvailableReason, msg, nowMs),
      );
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" is progressing.`
        : `Deployment "${name}" is progressing.`;
      const cond = newDeploymentCondition("Progressing", "True", replicaSetUpdatedReason, msg, nowMs);
      // Progress refreshes lastUpdateTime even for the same reason; only a status change moves lastTransitionTime.
      if (current) {
        if (current.status === "True") cond.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, "Progressing");
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, nowMs)) {
      const msg = newRS
        ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`
        : `Deployment "${name}" has timed out progressing.`;
      setDeploymentCondition(
        status,
        newDeploymentCondition("Progressing", "False", timedOutReason, msg, nowMs),
      );
    }
  }
  const failures = replicaFailures(allRSs, newRS);
  if (failures.length) setDeploymentCondition(status, failures[0]);
  else removeDeploymentCondition(status, "ReplicaFailure");
  return status;
}

/**
 * requeueStuckDeployment: with no visible progress, when to look again for the progress deadline
 * (lastUpdateTime + progressDeadlineSeconds, plus a second against clock skew); undefined for never.
 */
export function progressCheckAfterMs(
  d: ReadonlyDeployment,
  status: DeepReadonly<DeploymentStatus>,
  nowMs: number,
): number | undefined {
  const current = getDeploymentCondition(d.status, "Progressing");
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, status) || current.reason === timedOutReason) return undefined;
  const from = timeMs(current.lastUpdateTime) ?? nowMs;
  const after = from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  return Math.max(0, after) + 1000;
}

/**
 * reflect.DeepEqual of two statuses, as upstream decides whether to write. Go's status fields are plain
 * values serialised with omitempty, so a 0, "" or false equals an absent field.
 */
export const sameStatus = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canon(a)) === JSON.stringify(canon(b));
function canon(v: unknown): unknown {
  if (v === null || v === undefined || v === 0 || v === "" || v === false) return undefined;
  if (Array.isArray(v)) return v.length ? v.map((x) => canon(x) ?? null) : undefined;
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = canon((v as Record<string, unknown>)[k]);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}
