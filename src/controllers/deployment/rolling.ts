// The RollingUpdate strategy (pkg/controller/deployment/rolling.go): scale the new ReplicaSet up within
// replicas+maxSurge, scale old ones down while at least replicas-maxUnavailable pods stay available
// (unhealthy old pods first), clean up once complete.
import type { DeploymentDeps } from "./deps.js";
import { deploymentComplete } from "./conditions.js";
import { filterActive, availableReplicas, byCreationTimestamp } from "./replicasets.js";
import { maxUnavailable, newRSNewReplicas, sumReplicas } from "./surge.js";
import { syncRolloutStatus } from "./progress.js";
import {
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
  cleanupDeployment,
} from "./sync.js";
import { replicasOf, type DeploymentObject, type RS } from "./types.js";

/** rolloutRolling; resolves with a progress re-check delay, if any. */
export async function rolloutRolling(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
): Promise<number | undefined> {
  const all = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true);
  const newRS = all.newRS!;
  const oldRSs = all.oldRSs;
  const allRSs = [...oldRSs, newRS];
  if (await reconcileNewReplicaSet(deps, allRSs, newRS, d)) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(deps, allRSs, filterActive(oldRSs), newRS, d))
    return syncRolloutStatus(deps, allRSs, newRS, d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(deps, oldRSs, d);
  return syncRolloutStatus(deps, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: true when the new ReplicaSet was scaled. */
export async function reconcileNewReplicaSet(
  deps: DeploymentDeps,
  allRSs: readonly RS[],
  newRS: RS,
  d: DeploymentObject,
): Promise<boolean> {
  const want = replicasOf(d);
  if (replicasOf(newRS) === want) return false;
  if (replicasOf(newRS) > want) return (await scaleReplicaSetAndRecordEvent(deps, newRS, want, d)).scaled;
  const count = newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(deps, newRS, count, d)).scaled;
}

/**
 * reconcileOldReplicaSets: true when old ReplicaSets were scaled down. The most that may go is
 * allPods - minAvailable - the new ReplicaSet's unavailable pods, so a crash-looping new ReplicaSet never
 * eats into the old, working pods.
 */
export async function reconcileOldReplicaSets(
  deps: DeploymentDeps,
  allRSs: readonly RS[],
  oldRSs: RS[],
  newRS: RS,
  d: DeploymentObject,
): Promise<boolean> {
  if (sumReplicas(oldRSs) === 0) return false;
  const allPods = sumReplicas(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  let cleaned: { oldRSs: RS[]; count: number };
  try {
    cleaned = await cleanupUnhealthyReplicas(deps, oldRSs, d, maxScaledDown);
  } catch (e) {
    deps.log.debug({ err: String(e) }, "cleanupUnhealthyReplicas failed");
    return false;
  }
  let scaledDown = 0;
  try {
    scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(
      deps,
      [...cleaned.oldRSs, newRS],
      cleaned.oldRSs,
      d,
    );
  } catch (e) {
    deps.log.debug({ err: String(e) }, "scaleDownOldReplicaSetsForRollingUpdate failed");
    return false;
  }
  return cleaned.count + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: scale down old ReplicaSets by their unavailable pods first. */
async function cleanupUnhealthyReplicas(
  deps: DeploymentDeps,
  oldRSs: RS[],
  d: DeploymentObject,
  maxCleanup: number,
): Promise<{ oldRSs: RS[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i];
    const replicas = replicasOf(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const down = Math.min(maxCleanup - total, replicas - available);
    const next = replicas - down;
    if (next > replicas)
      throw new Error(
        `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata.namespace}/${rs.metadata.name} ${replicas} -> ${next}`,
      );
    const r = await scaleReplicaSetAndRecordEvent(deps, rs, next, d);
    total += down;
    sorted[i] = r.rs;
  }
  return { oldRSs: sorted, count: total };
}

/** scaleDownOldReplicaSetsForRollingUpdate: scale old ReplicaSets down, oldest first, to minAvailable. */
async function scaleDownOldReplicaSetsForRollingUpdate(
  deps: DeploymentDeps,
  allRSs: readonly RS[],
  oldRSs: RS[],
  d: DeploymentObject,
): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicas(allRSs);
  if (available <= minAvailable) return 0;
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const totalDown = available - minAvailable;
  let done = 0;
  for (const rs of sorted) {
    if (done >= totalDown) break;
    if (replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), totalDown - done);
    await scaleReplicaSetAndRecordEvent(deps, rs, replicasOf(rs) - down, d);
    done += down;
  }
  return done;
}
