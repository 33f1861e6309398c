// Replica-count rules shared by the workload status validators (pkg/apis/apps/validation).
import { type FieldError, invalid } from "../../validation/field.js";
import { validateNonnegative } from "../../validation/fieldrules.js";

/**
 * ValidateDeploymentStatus / ValidateReplicaSetStatus / ValidateStatefulSetStatus's counters: each of
 * `counts` is non-negative, each of `bounded` is at most status.replicas, and availableReplicas is at
 * most readyReplicas (`readyName` words that message as the kind's validator does).
 */
export function validateReplicaCounts<K extends string>(
  status: Partial<Record<K, unknown>>,
  path: string,
  counts: readonly K[],
  bounded: readonly K[],
  readyName = "readyReplicas",
): FieldError[] {
  // Go's counters are int32s: an absent one is 0, in the comparison and in the error.
  const n = (f: string) => ((status as Record<string, unknown>)[f] as number | undefined) ?? 0;
  const errs = counts.flatMap((f) => validateNonnegative(n(f), `${path}.${f}`));
  const replicas = n("replicas");
  for (const f of bounded)
    if (n(f) > replicas) errs.push(invalid(`${path}.${f}`, n(f), "cannot be greater than status.replicas"));
  if (n("availableReplicas") > n("readyReplicas"))
    errs.push(
      invalid(`${path}.availableReplicas`, n("availableReplicas"), `cannot be greater than ${readyName}`),
    );
  return errs;
}
