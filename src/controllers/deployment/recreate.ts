// The Recreate strategy (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to zero, wait
// until none of their pods runs, then create and scale up the new ReplicaSet.
import type { Pod } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { DeploymentDeps } from "./deps.js";
import { deploymentComplete } from "./conditions.js";
import { actualReplicas, filterActive } from "./replicasets.js";
import { syncRolloutStatus } from "./progress.js";
import {
  getAllReplicaSetsAndSyncRevision,
  scaleReplicaSetAndRecordEvent,
  cleanupDeployment,
} from "./sync.js";
import { replicasOf, type DeploymentObject, type RS } from "./types.js";

/** Pods by the UID of the ReplicaSet that controls them. */
export type PodMap = Map<string, DeepReadonly<Pod>[]>;

/** oldPodsRunning: an old ReplicaSet reports pods, or an old pod is not terminal. */
export function oldPodsRunning(newRS: RS | undefined, oldRSs: readonly RS[], podMap: PodMap): boolean {
  if (actualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === uid) continue;
    // Unknown (a disconnected node) may still be running, so it counts.
    if (pods.some((p) => p.status?.phase !== "Failed" && p.status?.phase !== "Succeeded")) return true;
  }
  return false;
}

export async function rolloutRecreate(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
  podMap: PodMap,
): Promise<number | undefined> {
  // Never create the new ReplicaSet before the old ones are down.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  let allRSs: (RS | undefined)[] = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(deps, rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(deps, newRS!, replicasOf(d), d);
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(deps, oldRSs, d);
  return syncRolloutStatus(deps, allRSs, newRS, d);
}
