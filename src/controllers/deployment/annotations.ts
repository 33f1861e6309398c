// Revision bookkeeping on ReplicaSets (pkg/controller/deployment/util): deployment.kubernetes.io/revision
// orders a Deployment's ReplicaSets, revision-history keeps the revisions a ReplicaSet served before a
// rollback, desired-replicas and max-replicas record the Deployment's size when the ReplicaSet was last
// scaled. The Deployment's other annotations are copied onto its new ReplicaSet.
import {
  replicasOf,
  type DeploymentObject,
  type ReplicaSetObject,
  type RS,
  type ReadonlyDeployment,
} from "./types.js";

export const revisionAnnotation = "deployment.kubernetes.io/revision";
export const revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
export const desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
export const maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
/** apps.DeprecatedRollbackTo: the extensions/v1beta1 rollbackTo field, round-tripped. */
export const deprecatedRollbackToAnnotation = "deprecated.deployment.rollback.to";
export const lastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";
/** Limit of the revision-history annotation (~100 revisions). */
export const maxRevHistoryLengthInChars = 2000;

const annotationsToSkip = new Set([
  lastAppliedConfigAnnotation,
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  deprecatedRollbackToAnnotation,
]);

export const skipCopyAnnotation = (key: string): boolean => annotationsToSkip.has(key);

/** strconv.Atoi then int32: undefined when absent or not an integer. */
export function intAnnotation(
  o: { metadata?: { readonly annotations?: Readonly<Record<string, string>> } },
  key: string,
): number | undefined {
  const v = o.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v) | 0;
}

/** Revision: 0 when unset, undefined when it does not parse (such ReplicaSets are skipped). */
export function revisionOf(o: {
  metadata?: { readonly annotations?: Readonly<Record<string, string>> };
}): number | undefined {
  const v = o.metadata?.annotations?.[revisionAnnotation];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: readonly RS[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision (the one before the current). */
export function lastRevision(rss: readonly (RS | undefined)[]): number {
  let max = 0;
  let sec = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      sec = max;
      max = v;
    } else if (v > sec) sec = v;
  }
  return sec;
}

export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  const a = (d.metadata.annotations ??= {});
  if (a[revisionAnnotation] === revision) return false;
  a[revisionAnnotation] = revision;
  return true;
}

/** copyDeploymentAnnotationsToReplicaSet */
function copyDeploymentAnnotations(d: ReadonlyDeployment, rs: ReplicaSetObject): boolean {
  let changed = false;
  const a = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  return changed;
}

/** SetReplicasAnnotations */
export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const a = (rs.metadata.annotations ??= {});
  let changed = false;
  if (a[desiredReplicasAnnotation] !== String(desired)) {
    a[desiredReplicasAnnotation] = String(desired);
    changed = true;
  }
  if (a[maxReplicasAnnotation] !== String(max)) {
    a[maxReplicasAnnotation] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: RS, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return !a || a[desiredReplicasAnnotation] !== String(desired) || a[maxReplicasAnnotation] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to newRevision (keeping
 * the old one in revision-history when this is a rollback to an existing ReplicaSet), and for a ReplicaSet
 * about to be created record desired and max replicas. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(
  d: ReadonlyDeployment,
  rs: ReplicaSetObject,
  newRevision: string,
  exists: boolean,
  maxSurgeValue: number,
  revHistoryLimitInChars = maxRevHistoryLengthInChars,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const a = (rs.metadata.annotations ??= {});
  const hadOld = Object.prototype.hasOwnProperty.call(a, revisionAnnotation);
  const oldRevision = a[revisionAnnotation] ?? "";
  let oldInt = 0;
  if (oldRevision !== "") {
    if (!/^[+-]?\d+$/.test(oldRevision)) return false;
    oldInt = Number(oldRevision);
  }
  if (!/^[+-]?\d+$/.test(newRevision)) return false;
  const newInt = Number(newRevision);
  if (oldInt < newInt) {
    a[revisionAnnotation] = newRevision;
    changed = true;
  }
  if (hadOld && oldInt < newInt) {
    const history = a[revisionHistoryAnnotation] ?? "";
    let old = history.split(",");
    if (old[0].length === 0) a[revisionHistoryAnnotation] = oldRevision;
    else {
      let total = history.length + oldRevision.length + 1;
      let start = 0;
      while (total > revHistoryLimitInChars && start < old.length) {
        total -= old[start].length + 1;
        start++;
      }
      if (total <= revHistoryLimitInChars) {
        old = [...old.slice(start), oldRevision];
        a[revisionHistoryAnnotation] = old.join(",");
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurgeValue)) changed = true;
  return changed;
}

/** SetDeploymentAnnotationsTo: on rollback the Deployment takes the ReplicaSet's copyable annotations. */
export function setDeploymentAnnotationsTo(d: DeploymentObject, rollbackTo: RS): void {
  const kept: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (skipCopyAnnotation(k)) kept[k] = v;
  for (const [k, v] of Object.entries(rollbackTo.metadata.annotations ?? {}))
    if (!skipCopyAnnotation(k)) kept[k] = v;
  d.metadata.annotations = kept;
}
