// The decision of the pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go), pure: may this
// pod be evicted under the PodDisruptionBudgets of its namespace, and if so which budget is decremented.
// The API server performs the writes: the PDB status (with its resourceVersion, re-checking on a conflict),
// then the pod delete (with a resourceVersion precondition when asked to). Also the DisruptionAllowed
// condition helper the disruption controller shares (k8s.io/component-helpers/apps/poddisruptionbudget).
import type { PodDisruptionBudget } from "./types.js";
import type { Pod } from "../../core/v1/pod.js";
import { compileSelector, selectorMatches } from "../../apps/v1/labelselector.js";

/** MaxDisruptedPodSize: more unconfirmed evictions than this and the budget refuses further ones. */
export const maxDisruptedPodSize = 2000;
export const disruptionAllowedCondition = "DisruptionAllowed";
export const sufficientPodsReason = "SufficientPods";
export const insufficientPodsReason = "InsufficientPods";
export const syncFailedReason = "SyncFailed";
export const disruptionBudgetCause = "DisruptionBudget";
export const evictionViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

export type EvictionDecision =
  | {
      allowed: true;
      /** The budget with disruptionsAllowed decremented and the pod recorded in disruptedPods: write its status. */
      pdbToDecrement?: PodDisruptionBudget;
      /** Delete the pod only at this resourceVersion (answer 429 on a conflict), so it cannot turn Ready in between. */
      preconditionResourceVersion?: string;
    }
  | {
      allowed: false;
      code: number;
      /** metav1.Status reason ("TooManyRequests", "Forbidden"); none for the 500. */
      reason?: string;
      message: string;
      details?: {
        name?: string;
        group?: string;
        kind?: string;
        causes?: { reason: string; message: string }[];
        retryAfterSeconds?: number;
      };
    };

export interface EvictionCheckOptions {
  /** The clock, for disruptedPods entries (ms since epoch). */
  now?: number;
  /** A dry run decrements but records nothing in disruptedPods. */
  dryRun?: boolean;
}

const isPodReady = (pod: Pod) => pod.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";

/** canIgnorePDB: terminal, pending or already terminating pods are deleted without consulting budgets. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata?.deletionTimestamp
  );
}

/** shouldEnforceResourceVersion: only a live pod could race with turning Ready. */
function shouldEnforceResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !(phase === "Succeeded" || phase === "Failed" || !!pod.metadata?.deletionTimestamp);
}

/** The budgets of the pod's namespace whose (non-empty, valid) selector matches the pod. */
export function matchingPDBs(pod: Pod, pdbs: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return pdbs.filter((pdb) => {
    if ((pdb.metadata?.namespace ?? "") !== (pod.metadata?.namespace ?? "")) return false;
    const sel = compileSelector(pdb.spec?.selector);
    // An invalid selector matches nothing; so does a nil or empty one (not everything).
    if (typeof sel === "string" || sel === null || sel.empty) return false;
    return selectorMatches(sel, pod.metadata?.labels);
  });
}

export function checkEviction(
  pod: Pod,
  pdbs: readonly PodDisruptionBudget[],
  o: EvictionCheckOptions = {},
): EvictionDecision {
  const rv = pod.metadata?.resourceVersion;
  if (canIgnorePDB(pod))
    return shouldEnforceResourceVersion(pod) && rv
      ? { allowed: true, preconditionResourceVersion: rv }
      : { allowed: true };
  const matching = matchingPDBs(pod, pdbs);
  if (matching.length > 1)
    return {
      allowed: false,
      code: 500,
      message:
        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
    };
  if (matching.length === 0) return { allowed: true };
  const pdb = matching[0];
  const status = pdb.status;
  // An unhealthy pod does not count towards the budget: evicting it costs nothing when the budget allows it.
  if (!isPodReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow")
      return rv ? { allowed: true, preconditionResourceVersion: rv } : { allowed: true };
    if ((status?.currentHealthy ?? 0) >= (status?.desiredHealthy ?? 0) && (status?.desiredHealthy ?? 0) > 0)
      return rv ? { allowed: true, preconditionResourceVersion: rv } : { allowed: true };
  }
  return checkAndDecrement(pod.metadata?.name ?? "", pdb, o);
}

/**
 * createTooManyRequestsError: 429 while the disruption controller has not caught up with the budget — also
 * the answer when the pod delete (with the precondition) conflicts, so the client retries.
 */
export function budgetStillProcessing(pdbName: string): EvictionDecision {
  return {
    allowed: false,
    code: 429,
    reason: "TooManyRequests",
    message: evictionViolationMessage,
    details: {
      causes: [
        {
          reason: disruptionBudgetCause,
          message: `The disruption budget ${pdbName} is still being processed by the server.`,
        },
      ],
      retryAfterSeconds: 10,
    },
  };
}

/** checkAndDecrement: the budget must be current and allow a disruption; it then allows one fewer. */
export function checkAndDecrement(
  podName: string,
  pdb: PodDisruptionBudget,
  o: EvictionCheckOptions = {},
): EvictionDecision {
  const name = pdb.metadata?.name ?? "";
  const status = pdb.status ?? {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
  };
  if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) return budgetStillProcessing(name);
  const forbidden = (why: string): EvictionDecision => ({
    allowed: false,
    code: 403,
    reason: "Forbidden",
    message: `poddisruptionbudget.policy ${JSON.stringify(name)} is forbidden: ${why}`,
    details: { name, group: "policy", kind: "poddisruptionbudget" },
  });
  if (status.disruptionsAllowed < 0) return forbidden("pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPodSize)
    return forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  if (status.disruptionsAllowed === 0)
    return {
      allowed: false,
      code: 429,
      reason: "TooManyRequests",
      message: evictionViolationMessage,
      details: {
        causes: [
          {
            reason: disruptionBudgetCause,
            message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`,
          },
        ],
      },
    };
  const next: PodDisruptionBudget = structuredClone(pdb);
  const nextStatus = (next.status = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 });
  const now = o.now ?? Date.now();
  if (nextStatus.disruptionsAllowed === 0) updateDisruptionAllowedCondition(next, now);
  if (!o.dryRun) nextStatus.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: rfc3339(now) };
  return { allowed: true, pdbToDecrement: next };
}

const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * UpdateDisruptionAllowedCondition: DisruptionAllowed is True (SufficientPods) while disruptions are
 * allowed, else False (InsufficientPods); lastTransitionTime moves only when the status flips.
 */
export function updateDisruptionAllowedCondition(pdb: PodDisruptionBudget, nowMs: number): void {
  const status = pdb.status!;
  const allowed = status.disruptionsAllowed > 0;
  setStatusCondition(
    status,
    {
      type: disruptionAllowedCondition,
      status: allowed ? "True" : "False",
      reason: allowed ? sufficientPodsReason : insufficientPodsReason,
      message: "",
      observedGeneration: status.observedGeneration,
    },
    nowMs,
  );
}

type MetaCondition = NonNullable<NonNullable<PodDisruptionBudget["status"]>["conditions"]>[number];

/** meta.SetStatusCondition */
export function setStatusCondition(
  status: NonNullable<PodDisruptionBudget["status"]>,
  c: Omit<MetaCondition, "lastTransitionTime"> & { lastTransitionTime?: string },
  nowMs: number,
): void {
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i < 0) {
    conditions.push({ ...c, lastTransitionTime: c.lastTransitionTime ?? rfc3339(nowMs) });
    return;
  }
  const old = conditions[i];
  conditions[i] = {
    ...old,
    status: c.status,
    reason: c.reason,
    message: c.message,
    observedGeneration: c.observedGeneration,
    lastTransitionTime:
      old.status !== c.status ? (c.lastTransitionTime ?? rfc3339(nowMs)) : old.lastTransitionTime,
  };
}

/** ConditionsAreUpToDate: the condition exists, matches disruptionsAllowed, and the status is current. */
export function disruptionConditionsUpToDate(pdb: PodDisruptionBudget): boolean {
  const c = pdb.status?.conditions?.find((x) => x.type === disruptionAllowedCondition);
  if (!c) return false;
  if ((pdb.status?.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0)
    return c.status === "True" && c.reason === sufficientPodsReason;
  return c.status === "False" && c.reason === insufficientPodsReason;
}
