// The internal apps types (k8s.io/kubernetes/pkg/apis/apps) as field errors print them: upstream
// validates internal structs, which have no json tags, so json.Marshal writes every field under its Go
// name (nil pointers as null, intstr.IntOrString as its number or string, 0 when unset).
import type { IntOrPercent } from "../../validation/intorpercent.js";

interface RollingUpdate {
  maxUnavailable?: IntOrPercent;
  maxSurge?: IntOrPercent;
}

/** apps.RollingUpdateDeployment / apps.RollingUpdateDaemonSet: two non-pointer IntOrStrings. */
const rollingUpdateValue = (ru: RollingUpdate | undefined) =>
  ru ? { MaxUnavailable: ru.maxUnavailable ?? 0, MaxSurge: ru.maxSurge ?? 0 } : null;

/** apps.DeploymentStrategy and apps.DaemonSetUpdateStrategy. */
export function strategyValue(s: { type?: string; rollingUpdate?: RollingUpdate } | undefined): unknown {
  return { Type: s?.type ?? "", RollingUpdate: rollingUpdateValue(s?.rollingUpdate) };
}

/** apps.RollingUpdateStatefulSetStrategy: Partition int32, MaxUnavailable *intstr.IntOrString. */
export function statefulSetRollingUpdateValue(
  ru: { partition?: number; maxUnavailable?: IntOrPercent } | undefined,
): unknown {
  return ru ? { Partition: ru.partition ?? 0, MaxUnavailable: ru.maxUnavailable ?? null } : null;
}

/** apps.StatefulSetUpdateStrategy. */
export function statefulSetStrategyValue(
  s: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrPercent } } | undefined,
): unknown {
  return { Type: s?.type ?? "", RollingUpdate: statefulSetRollingUpdateValue(s?.rollingUpdate) };
}
