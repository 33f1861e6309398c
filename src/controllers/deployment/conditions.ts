// Deployment conditions and the progress predicates behind them (pkg/controller/deployment/util): the
// Progressing condition (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
// ProgressDeadlineExceeded, DeploymentPaused/Resumed, ReplicaSetCreateError) and Available
// (MinimumReplicasAvailable / MinimumReplicasUnavailable).
import type { DeploymentCondition, DeploymentStatus, ReplicaSetCondition } from "../../api/apps/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { timeMs } from "../util/pod.js";
import { replicasOf, type ReadonlyDeployment } from "./types.js";

export const replicaSetUpdatedReason = "ReplicaSetUpdated";
export const failedRSCreateReason = "ReplicaSetCreateError";
export const newReplicaSetReason = "NewReplicaSetCreated";
export const foundNewRSReason = "FoundNewReplicaSet";
export const newRSAvailableReason = "NewReplicaSetAvailable";
export const timedOutReason = "ProgressDeadlineExceeded";
export const pausedDeployReason = "DeploymentPaused";
export const resumedDeployReason = "DeploymentResumed";
export const minimumReplicasAvailable = "MinimumReplicasAvailable";
export const minimumReplicasUnavailable = "MinimumReplicasUnavailable";

export const rollbackRevisionNotFound = "DeploymentRollbackRevisionNotFound";
export const rollbackTemplateUnchanged = "DeploymentRollbackTemplateUnchanged";
export const rollbackDone = "DeploymentRollback";

const maxInt32 = 2147483647;

/** metav1.Time: RFC 3339 to the second. */
export const metaTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function newDeploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const t = metaTime(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getDeploymentCondition(status: DeepReadonly<DeploymentStatus> | undefined, type: string) {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no change for the same status and reason; lastTransitionTime kept for the same status. */
export function setDeploymentCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const cur = getDeploymentCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  if (cur && cur.status === cond.status) cond.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export function replicaSetToDeploymentCondition(c: DeepReadonly<ReplicaSetCondition>): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime,
    lastUpdateTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

export function hasProgressDeadline(d: ReadonlyDeployment): boolean {
  const p = d.spec?.progressDeadlineSeconds;
  return p !== undefined && p !== maxInt32;
}

export function hasRevisionHistoryLimit(d: ReadonlyDeployment): boolean {
  const l = d.spec?.revisionHistoryLimit;
  return l !== undefined && l !== maxInt32;
}

/** DeploymentComplete: every desired replica updated and available, no old ones, generation observed. */
export function deploymentComplete(d: ReadonlyDeployment, s: DeepReadonly<DeploymentStatus>): boolean {
  const want = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: new pods up or ready or available, or old pods down, since the last status. */
export function deploymentProgressing(d: ReadonlyDeployment, s: DeepReadonly<DeploymentStatus>): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: no progress reported for progressDeadlineSeconds. */
export function deploymentTimedOut(
  d: ReadonlyDeployment,
  s: DeepReadonly<DeploymentStatus>,
  nowMs: number,
): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getDeploymentCondition(s, "Progressing");
  if (!c) return false;
  // After a finished rollout a stale resync must not count as a timeout.
  if (c.reason === newRSAvailableReason) return false;
  if (c.reason === timedOutReason) return true;
  const from = timeMs(c.lastUpdateTime) ?? 0;
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}
