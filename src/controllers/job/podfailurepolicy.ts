// spec.podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule that matches a failed pod
// decides — FailJob fails the whole Job at once, FailIndex the pod's index, Ignore does not count the
// failure against backoffLimit, Count counts it as usual. A rule matches on a non-zero exit code of a terminated container (In/NotIn),
// or on a pod condition (type and status).
import type { PodFailurePolicy } from "../../api/batch/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";

export const reasonPodFailurePolicy = "PodFailurePolicy";

type ReadonlyPod = DeepReadonly<PodObject>;
type Policy = DeepReadonly<PodFailurePolicy>;

export interface PodFailurePolicyMatch {
  /** The Job's failure message, when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts against backoffLimit (false for Ignore). */
  countFailed: boolean;
  action?: string;
}

type ContainerStatus = NonNullable<NonNullable<ReadonlyPod["status"]>["containerStatuses"]>[number];

function matchOnExitCodes(
  pod: ReadonlyPod,
  req: NonNullable<Policy["rules"][number]["onExitCodes"]>,
): ContainerStatus | undefined {
  const lists = [pod.status?.containerStatuses ?? [], pod.status?.initContainerStatuses ?? []];
  for (const list of lists)
    for (const cs of list) {
      if (req.containerName !== undefined && req.containerName !== cs.name) continue;
      const code = cs.state?.terminated?.exitCode;
      // Exit code 0 is success: it never matches.
      if (code === undefined || code === 0) continue;
      const inValues = req.values.includes(code);
      if ((req.operator === "In" && inValues) || (req.operator === "NotIn" && !inValues)) return cs;
    }
  return undefined;
}

/** matchPodFailurePolicy */
export function matchPodFailurePolicy(policy: Policy | undefined, pod: ReadonlyPod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const where = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
  for (const [index, rule] of policy.rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod, rule.onExitCodes);
      if (!cs) continue;
      failJobMessage = `Container ${cs.name} for pod ${where} failed with exit code ${cs.state?.terminated?.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = rule.onPodConditions
        .map((p) => pod.status?.conditions?.find((c) => c.type === p.type && c.status === p.status))
        .find((c) => c !== undefined);
      if (!cond) continue;
      failJobMessage = `Pod ${where} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    switch (rule.action) {
      case "Ignore":
        return { countFailed: false, action: rule.action };
      case "Count":
        return { countFailed: true, action: rule.action };
      case "FailJob":
        return { failJobMessage, countFailed: true, action: rule.action };
      case "FailIndex":
        // Fails the pod's index at once (with backoffLimitPerIndex).
        return { countFailed: true, action: rule.action };
    }
  }
  return { countFailed: true };
}

/** getFailJobMessage: the message of the first failed pod a FailJob rule matches. */
export function getFailJobMessage(
  policy: Policy | undefined,
  pods: readonly ReadonlyPod[],
): string | undefined {
  if (!policy) return undefined;
  for (const p of pods) {
    if (p.status?.phase !== "Failed") continue;
    const m = matchPodFailurePolicy(policy, p).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}
