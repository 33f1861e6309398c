// Taints and tolerations as the node controllers use them (k8s.io/api/core/v1 toleration.go, taint.go and
// pkg/util/taints): a taint is identified by key and effect; a toleration tolerates a taint when effect, key
// and (for Equal) value match.
import type { Taint } from "../../api/core/v1/node-types.js";
import type { Toleration } from "../../api/core/v1/affinity.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

type RTaint = DeepReadonly<Taint>;
type RToleration = DeepReadonly<Toleration>;

export const taintNodeNotReady = "node.kubernetes.io/not-ready";
export const taintNodeUnreachable = "node.kubernetes.io/unreachable";
export const taintNodeUnschedulable = "node.kubernetes.io/unschedulable";
export const taintNodeMemoryPressure = "node.kubernetes.io/memory-pressure";
export const taintNodeDiskPressure = "node.kubernetes.io/disk-pressure";
export const taintNodeNetworkUnavailable = "node.kubernetes.io/network-unavailable";
export const taintNodePIDPressure = "node.kubernetes.io/pid-pressure";
export const taintNodeOutOfService = "node.kubernetes.io/out-of-service";

/** Taint.MatchTaint: same key and effect. */
export const matchTaint = (a: RTaint, b: RTaint): boolean => a.key === b.key && a.effect === b.effect;

export const taintExists = (taints: readonly RTaint[] | undefined, t: RTaint): boolean =>
  (taints ?? []).some((x) => matchTaint(x, t));

export const taintKeyExists = (taints: readonly RTaint[] | undefined, key: string): boolean =>
  (taints ?? []).some((x) => x.key === key);

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: RToleration, taint: RTaint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? "") {
    case "":
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** GetMatchingTolerations: whether every taint is tolerated, and the first toleration used for each. */
export function matchingTolerations(
  taints: readonly RTaint[],
  tolerations: readonly RToleration[] | undefined,
): { allTolerated: boolean; used: RToleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  const used: RToleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/** TaintSetDiff: taints of `want` missing from `have`, and taints of `have` not in `want`. */
export function taintSetDiff(
  want: readonly RTaint[],
  have: readonly RTaint[],
): { add: RTaint[]; remove: RTaint[] } {
  return {
    add: want.filter((t) => !taintExists(have, t)),
    remove: have.filter((t) => !taintExists(want, t)),
  };
}

export const noExecuteTaints = (taints: readonly RTaint[] | undefined): RTaint[] =>
  (taints ?? []).filter((t) => t.effect === "NoExecute");
