// The DefaultTolerationSeconds admission plugin: pods that do not tolerate the not-ready and unreachable
// NoExecute taints get tolerations for them with tolerationSeconds 300 (--default-not-ready-toleration-seconds,
// --default-unreachable-toleration-seconds), so they are evicted five minutes after their node fails.
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

export const TaintNodeNotReady = "node.kubernetes.io/not-ready";
export const TaintNodeUnreachable = "node.kubernetes.io/unreachable";

export function defaultTolerationSeconds(notReadySeconds = 300, unreachableSeconds = 300): AdmissionPlugin {
  return {
    name: "DefaultTolerationSeconds",
    admit(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource) return;
      if (a.resource.group !== "" || a.resource.plural !== "pods" || !a.object) return;
      const spec = ((a.object as Json).spec ??= {}) as Json;
      const tolerations = (spec.tolerations ?? []) as Json[];
      const tolerates = (key: string) =>
        tolerations.some((t) => (t.key === key || !t.key) && (t.effect === "NoExecute" || !t.effect));
      const add: Json[] = [];
      if (!tolerates(TaintNodeNotReady))
        add.push({
          key: TaintNodeNotReady,
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: notReadySeconds,
        });
      if (!tolerates(TaintNodeUnreachable))
        add.push({
          key: TaintNodeUnreachable,
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: unreachableSeconds,
        });
      if (add.length) spec.tolerations = [...tolerations, ...add];
    },
  };
}
