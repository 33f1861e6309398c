// ReplicaSet status from the pods it owns (pkg/controller/replicaset/replica_set_utils.go): replicas,
// fullyLabeledReplicas, readyReplicas, availableReplicas (ready for minReadySeconds) and the ReplicaFailure
// condition that reports a failed create or delete.
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from "../../api/apps/v1/types.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";
import { isPodReady, isPodAvailable } from "../util/pod.js";
import { errorMessage } from "../util/errors.js";

export type ReplicaSetObject = ReplicaSet & KubeObject;

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function newReplicaSetCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  nowMs: number,
): ReplicaSetCondition {
  return { type, status, lastTransitionTime: seconds(nowMs), reason, message };
}

export function getCondition(status: DeepReadonly<ReplicaSetStatus> | undefined, type: string) {
  return status?.conditions?.find((c) => c.type === type);
}

/** SetCondition: adds or replaces, unless one with the same status and reason is there. */
export function setCondition(status: ReplicaSetStatus, cond: ReplicaSetCondition): void {
  const cur = getCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeCondition(status: ReplicaSetStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

/** calculateStatus */
export function calculateReplicaSetStatus(
  rs: DeepReadonly<ReplicaSetObject>,
  filteredPods: readonly DeepReadonly<PodObject>[],
  manageReplicasErr: unknown,
  nowMs: number,
): ReplicaSetStatus {
  const status = structuredClone(rs.status ?? {}) as ReplicaSetStatus;
  const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    const labels = pod.metadata?.labels ?? {};
    if (templateLabels.every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowMs)) available++;
    }
  }
  const failure = getCondition(rs.status, "ReplicaFailure");
  if (manageReplicasErr !== undefined && !failure) {
    const diff = filteredPods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "";
    setCondition(
      status,
      newReplicaSetCondition("ReplicaFailure", "True", reason, errorMessage(manageReplicasErr), nowMs),
    );
  } else if (manageReplicasErr === undefined && failure) {
    removeCondition(status, "ReplicaFailure");
  }
  status.replicas = filteredPods.length;
  status.fullyLabeledReplicas = fullyLabeled;
  status.readyReplicas = ready;
  status.availableReplicas = available;
  return status;
}

const sameConditions = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** The steady state of updateReplicaSetStatus: nothing to write. */
export function replicaSetStatusUpToDate(
  rs: DeepReadonly<ReplicaSetObject>,
  next: ReplicaSetStatus,
): boolean {
  const cur: DeepReadonly<ReplicaSetStatus> = rs.status ?? { replicas: 0 };
  return (
    (cur.replicas ?? 0) === (next.replicas ?? 0) &&
    (cur.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (cur.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (cur.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (cur.observedGeneration ?? 0) &&
    sameConditions(cur.conditions, next.conditions)
  );
}
