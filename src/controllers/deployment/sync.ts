// The Deployment sync steps shared by every strategy (pkg/controller/deployment/sync.go): find or create the
// new ReplicaSet and keep revisions in step, proportional scaling when the Deployment is resized mid-rollout
// or paused, scaling one ReplicaSet with its event, cleaning up beyond revisionHistoryLimit, writing status.
import { isAlreadyExists, isNotFound } from "../../client/rest/errors.js";
import { getControllerOf, newControllerRef } from "../util/controllerref.js";
import { hasStatusCause, namespaceTerminatingCause, errorMessage } from "../util/errors.js";
import { computeHash } from "../util/hash.js";
import { referenceTo } from "../util/recorder.js";
import type { DeploymentDeps } from "./deps.js";
import {
  deploymentKind,
  podTemplateHashLabel,
  replicasOf,
  type DeploymentObject,
  type ReplicaSetObject,
  type RS,
} from "./types.js";
import {
  maxRevision,
  setNewReplicaSetAnnotations,
  setDeploymentRevision,
  replicasAnnotationsNeedUpdate,
  setReplicasAnnotations,
  intAnnotation,
  desiredReplicasAnnotation,
  revisionAnnotation,
  deprecatedRollbackToAnnotation,
} from "./annotations.js";
import {
  findOldReplicaSets,
  findNewReplicaSet,
  filterActive,
  equalIgnoreHash,
  byCreationTimestamp,
  byRevision,
  bySizeNewer,
  bySizeOlder,
} from "./replicasets.js";
import {
  maxSurge,
  newRSNewReplicas,
  getProportion,
  isSaturated,
  isRollingUpdate,
  sumReplicas,
} from "./surge.js";
import {
  getDeploymentCondition,
  setDeploymentCondition,
  newDeploymentCondition,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  failedRSCreateReason,
  foundNewRSReason,
  newReplicaSetReason,
  pausedDeployReason,
  resumedDeployReason,
  timedOutReason,
} from "./conditions.js";
import { calculateStatus, sameStatus } from "./status.js";

const nsName = (o: { metadata: { namespace?: string; name?: string } }) =>
  [o.metadata.namespace ?? "", o.metadata.name ?? ""] as const;

/** UpdateStatus, keeping the local copy's resourceVersion current so later writes in this sync succeed. */
export async function writeDeploymentStatus(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  const res = await deps.deployments.updateStatus(...nsName(d), d);
  d.metadata.resourceVersion = res.metadata.resourceVersion;
}

export function recordDeploymentEvent(
  deps: DeploymentDeps,
  d: DeploymentObject,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
) {
  deps.recorder.event(referenceTo(d, deploymentKind), type, reason, message);
}

export interface AllReplicaSets {
  newRS: RS | undefined;
  oldRSs: RS[];
}

/** getAllReplicaSetsAndSyncRevision */
export async function getAllReplicaSetsAndSyncRevision(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
  createIfNotExisted: boolean,
): Promise<AllReplicaSets> {
  const [, allOld] = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(deps, d, rsList, allOld, createIfNotExisted);
  return { newRS, oldRSs: allOld };
}

/** CloneSelectorAndAddLabel */
function selectorWithHash(d: DeploymentObject, hash: string) {
  const sel = structuredClone(d.spec?.selector ?? {});
  sel.matchLabels = { ...(sel.matchLabels ?? {}), [podTemplateHashLabel]: hash };
  return sel;
}

/**
 * getNewReplicaSet: the ReplicaSet for the Deployment's current template, its revision raised to one past
 * the old ones and its annotations synced; created (named "<deployment>-<hash>") when absent and allowed.
 */
export async function getNewReplicaSet(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
  oldRSs: readonly RS[],
  createIfNotExisted: boolean,
): Promise<RS | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const surge = maxSurge(d);
  if (existing) {
    const rsCopy = structuredClone(existing) as ReplicaSetObject;
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true, surge);
    const minReadyNeedsUpdate = (rsCopy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      rsCopy.spec = { ...rsCopy.spec!, minReadySeconds: d.spec?.minReadySeconds };
      return deps.replicaSets.update(...nsName(rsCopy), rsCopy);
    }
    // The Deployment takes the revision its new ReplicaSet already carries.
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[revisionAnnotation] ?? "");
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, "Progressing")) {
      // Older Deployments start being tracked from the moment we notice their new ReplicaSet.
      const msg = `Found new replica set "${rsCopy.metadata.name}"`;
      d.status ??= {};
      setDeploymentCondition(
        d.status,
        newDeploymentCondition("Progressing", "True", foundNewRSReason, msg, deps.now()),
      );
      needsUpdate = true;
    }
    if (needsUpdate) await writeDeploymentStatus(deps, d);
    return rsCopy;
  }
  if (!createIfNotExisted) return undefined;

  const template = structuredClone(d.spec?.template ?? {});
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}) };
  template.metadata.labels = { ...(d.spec?.template?.metadata?.labels ?? {}), [podTemplateHashLabel]: hash };
  const newRS: ReplicaSetObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      // Deterministic, so a retried create finds the first one.
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, deploymentKind)],
      labels: template.metadata.labels,
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec?.minReadySeconds,
      selector: selectorWithHash(d, hash),
      template,
    },
  };
  const count = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = count;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false, surge);

  let alreadyExists = false;
  let created: RS;
  try {
    created = await deps.replicaSets.create(d.metadata.namespace ?? "", newRS);
  } catch (e) {
    if (isAlreadyExists(e)) {
      // A slow cache or a fast resync; or a hash collision with someone else's ReplicaSet.
      alreadyExists = true;
      const rs = deps.getReplicaSet(d.metadata.namespace ?? "", newRS.metadata.name ?? "");
      if (!rs) throw e;
      const ref = getControllerOf(rs);
      if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template))
        created = rs;
      else {
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        try {
          await writeDeploymentStatus(deps, d);
          deps.log.info(
            {
              deployment: `${d.metadata.namespace}/${d.metadata.name}`,
              collisionCount: d.status.collisionCount,
            },
            "Found a hash collision for deployment - bumping collisionCount to resolve it",
          );
        } catch {
          // The original error requeues us either way.
        }
        throw e;
      }
    } else if (hasStatusCause(e, namespaceTerminatingCause)) {
      throw e;
    } else {
      const msg = `Failed to create new replica set "${newRS.metadata.name}": ${errorMessage(e)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setDeploymentCondition(
          d.status,
          newDeploymentCondition("Progressing", "False", failedRSCreateReason, msg, deps.now()),
        );
        await writeDeploymentStatus(deps, d).catch(() => undefined);
      }
      recordDeploymentEvent(deps, d, "Warning", failedRSCreateReason, msg);
      throw e;
    }
  }
  if (!alreadyExists && count > 0)
    recordDeploymentEvent(
      deps,
      d,
      "Normal",
      "ScalingReplicaSet",
      `Scaled up replica set ${created.metadata.name} from 0 to ${count}`,
    );
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    const msg = `Created new replica set "${created.metadata.name}"`;
    d.status ??= {};
    setDeploymentCondition(
      d.status,
      newDeploymentCondition("Progressing", "True", newReplicaSetReason, msg, deps.now()),
    );
    needsUpdate = true;
  }
  if (needsUpdate) await writeDeploymentStatus(deps, d);
  return created;
}

/** scaleReplicaSet: set the size and the desired/max annotations; a size change is a ScalingReplicaSet event. */
export async function scaleReplicaSet(
  deps: DeploymentDeps,
  rs: RS,
  newScale: number,
  d: DeploymentObject,
  operation: string,
): Promise<{ scaled: boolean; rs: RS }> {
  const sizeNeedsUpdate = replicasOf(rs) !== newScale;
  const desired = replicasOf(d);
  const max = desired + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desired, max)) return { scaled: false, rs };
  const oldScale = replicasOf(rs);
  const copy = structuredClone(rs) as ReplicaSetObject;
  copy.spec = { ...copy.spec!, replicas: newScale };
  setReplicasAnnotations(copy, desired, max);
  const updated = await deps.replicaSets.update(...nsName(copy), copy);
  if (sizeNeedsUpdate)
    recordDeploymentEvent(
      deps,
      d,
      "Normal",
      "ScalingReplicaSet",
      `Scaled ${operation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`,
    );
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** scaleReplicaSetAndRecordEvent */
export async function scaleReplicaSetAndRecordEvent(
  deps: DeploymentDeps,
  rs: RS,
  newScale: number,
  d: DeploymentObject,
): Promise<{ scaled: boolean; rs: RS }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(deps, rs, newScale, d, replicasOf(rs) < newScale ? "up" : "down");
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined for several. */
function findActiveOrLatest(newRS: RS | undefined, oldRSs: readonly RS[]): RS | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/**
 * scale: resize when the Deployment was scaled (or is paused). With one active ReplicaSet it takes the whole
 * count; a saturated new ReplicaSet scales the old ones to zero; otherwise, for rolling updates, the added or
 * removed replicas are spread over the active ReplicaSets in proportion to their size.
 */
export async function scale(
  deps: DeploymentDeps,
  d: DeploymentObject,
  newRS: RS | undefined,
  oldRSs: readonly RS[],
): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === replicasOf(d)) return;
    await scaleReplicaSetAndRecordEvent(deps, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(deps, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const all = filterActive([...oldRSs, newRS]);
  const allReplicas = sumReplicas(all);
  const allowed = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowed - allReplicas;
  let operation = "";
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    operation = "up";
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    operation = "down";
  }
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of all) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name ?? "", replicasOf(rs) + p);
      added += p;
    } else sizes.set(rs.metadata.name ?? "", replicasOf(rs));
  }
  for (let i = 0; i < all.length; i++) {
    const rs = all[i];
    const name = rs.metadata.name ?? "";
    // Leftovers go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added));
    await scaleReplicaSet(deps, rs, sizes.get(name)!, d, operation);
  }
}

/** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
export async function isScalingEvent(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = intAnnotation(rs, desiredReplicasAnnotation);
    if (desired !== undefined && desired !== replicasOf(d)) return true;
  }
  return false;
}

/** cleanupDeployment: delete the oldest empty ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupDeployment(
  deps: DeploymentDeps,
  oldRSs: readonly RS[],
  d: DeploymentObject,
): Promise<void> {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - (d.spec?.revisionHistoryLimit ?? 0);
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    // Only ReplicaSets that are scaled down, observed so, and not already going.
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      replicasOf(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue;
    try {
      await deps.replicaSets.delete(...nsName(rs));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** syncDeploymentStatus: write the calculated status if it changed. */
export async function syncDeploymentStatus(
  deps: DeploymentDeps,
  allRSs: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: DeploymentObject,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, deps.now());
  if (sameStatus(d.status, status)) return;
  d.status = status;
  await writeDeploymentStatus(deps, d);
}

/** sync: scaling events and paused Deployments. */
export async function sync(deps: DeploymentDeps, d: DeploymentObject, rsList: readonly RS[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  await scale(deps, d, newRS, oldRSs);
  // A paused Deployment with no rollback in flight is cleaned up here (otherwise at the end of a rollout).
  if (d.spec?.paused && !d.metadata.annotations?.[deprecatedRollbackToAnnotation])
    await cleanupDeployment(deps, oldRSs, d);
  await syncDeploymentStatus(deps, [...oldRSs, newRS], newRS, d);
}

/** syncStatusOnly: a Deployment being deleted only has its status kept up to date. */
export async function syncStatusOnly(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  await syncDeploymentStatus(deps, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed, so time spent paused never
 * counts against the progress deadline.
 */
export async function checkPausedConditions(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, "Progressing");
  if (cond?.reason === timedOutReason) return;
  const pausedCondExists = cond?.reason === pausedDeployReason;
  d.status ??= {};
  if (d.spec?.paused && !pausedCondExists)
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        "Progressing",
        "Unknown",
        pausedDeployReason,
        "Deployment is paused",
        deps.now(),
      ),
    );
  else if (!d.spec?.paused && pausedCondExists)
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        "Progressing",
        "Unknown",
        resumedDeployReason,
        "Deployment is resumed",
        deps.now(),
      ),
    );
  else return;
  await writeDeploymentStatus(deps, d);
}
