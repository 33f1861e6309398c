// Rolling-update arithmetic (pkg/controller/deployment/util): maxSurge rounds percentages up, maxUnavailable
// rounds them down, and both resolving to zero makes maxUnavailable 1; the new ReplicaSet's next size; the
// proportions by which a scaled Deployment resizes each of its active ReplicaSets.
import { replicasOf, type RS, type ReadonlyDeployment } from "./types.js";
import { desiredReplicasAnnotation, maxReplicasAnnotation, intAnnotation } from "./annotations.js";

type IntOrString = number | string | undefined;

/** intstr.GetScaledValueFromIntOrPercent; an invalid string throws as upstream returns an error. */
export function getValueFromIntOrPercent(v: IntOrString, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  if (!v.endsWith("%")) throw new Error(`invalid type: string is not a percentage`);
  const p = Number(v.slice(0, -1));
  if (!/^-?\d+$/.test(v.slice(0, -1))) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const x = (p * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: [surge, unavailable] for the desired replicas. */
export function resolveFenceposts(
  maxSurge: IntOrString,
  maxUnavailable: IntOrString,
  desired: number,
): [number, number] {
  const surge = getValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  // Both resolving to zero (a rounded-down percentage) would block the rollout; allow one unavailable.
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export const isRollingUpdate = (d: ReadonlyDeployment): boolean => d.spec?.strategy?.type === "RollingUpdate";

function fenceposts(d: ReadonlyDeployment): [number, number] {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d));
}

export function maxUnavailable(d: ReadonlyDeployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d)[1], replicas);
}

export function minAvailable(d: ReadonlyDeployment): number {
  return isRollingUpdate(d) ? replicasOf(d) - maxUnavailable(d) : 0;
}

export function maxSurge(d: ReadonlyDeployment): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

export const sumReplicas = (rss: readonly (RS | undefined)[]): number =>
  rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);

/** NewRSNewReplicas: how many replicas the new ReplicaSet should have now. */
export function newRSNewReplicas(
  d: ReadonlyDeployment,
  allRSs: readonly (RS | undefined)[],
  newRS: RS,
): number {
  switch (d.spec?.strategy?.type) {
    case "RollingUpdate": {
      const desired = replicasOf(d);
      const surge = getValueFromIntOrPercent(d.spec?.strategy?.rollingUpdate?.maxSurge, desired, true);
      const current = sumReplicas(allRSs);
      const maxTotal = desired + surge;
      if (current >= maxTotal) return replicasOf(newRS);
      const up = Math.min(maxTotal - current, desired - replicasOf(newRS));
      return replicasOf(newRS) + up;
    }
    case "Recreate":
      return replicasOf(d);
    default:
      throw new Error(`deployment type ${d.spec?.strategy?.type} isn't supported`);
  }
}

/** integer.RoundToInt32: halves round away from zero, as Go's int32(a ± 0.5). */
export const roundToInt32 = (a: number): number => (a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5));

/** getReplicaSetFraction: the change for one ReplicaSet when the Deployment is resized. */
function replicaSetFraction(rs: RS, d: ReadonlyDeployment): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  // Without the annotation fall back to the current size; the min/max in getProportion keep us in bounds.
  const annotated = intAnnotation(rs, maxReplicasAnnotation) ?? d.status?.replicas ?? 0;
  return roundToInt32((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}

/** GetProportion */
export function getProportion(
  rs: RS | undefined,
  d: ReadonlyDeployment,
  toAdd: number,
  added: number,
): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** IsSaturated: the new ReplicaSet owns (and has available) all of the Deployment's replicas. */
export function isSaturated(d: ReadonlyDeployment, rs: RS | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, desiredReplicasAnnotation);
  if (desired === undefined) return false;
  const want = replicasOf(d);
  return replicasOf(rs) === want && desired === want && (rs.status?.availableReplicas ?? 0) === want;
}
