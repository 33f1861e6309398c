// The Priority admission plugin: a pod's spec.priority (and preemptionPolicy) come from its
// PriorityClass, or from the global default class, or are 0; a pod may not set priority itself.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

export const SystemClusterCritical = "system-cluster-critical";
export const SystemNodeCritical = "system-node-critical";
/** upstream scheduling.SystemPriorityClasses (created at start by the API server). */
export const systemPriorityClasses = [
  {
    name: SystemNodeCritical,
    value: 2000001000,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    name: SystemClusterCritical,
    value: 2000000000,
    description:
      "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
];

export interface PriorityDeps {
  getPriorityClass(name: string): KubeObject | undefined;
  listPriorityClasses(): Iterable<KubeObject>;
}

export function priority(deps: PriorityDeps): AdmissionPlugin {
  return {
    name: "Priority",
    admit(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource) return;
      if (a.resource.group !== "" || a.resource.plural !== "pods" || !a.object) return;
      const spec = ((a.object as Json).spec ??= {}) as Json;
      let value = 0;
      let preemption: string | undefined;
      let className = spec.priorityClassName as string | undefined;
      if (!className) {
        // the global default class with the lowest value, as upstream picks when several exist
        let def: Json | undefined;
        for (const pc of deps.listPriorityClasses() as Iterable<Json>)
          if (pc.globalDefault && (!def || pc.value < def.value)) def = pc;
        if (def) {
          className = def.metadata.name;
          value = def.value;
          preemption = def.preemptionPolicy;
          spec.priorityClassName = className;
        }
      } else {
        const pc = deps.getPriorityClass(className) as Json | undefined;
        if (!pc) throw forbidden(a.resource.gr, a.name, `no PriorityClass with name ${className} was found`);
        value = pc.value;
        preemption = pc.preemptionPolicy;
      }
      if (spec.priority !== undefined && spec.priority !== null && spec.priority !== value)
        throw forbidden(
          a.resource.gr,
          a.name,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        );
      spec.priority = value;
      if (preemption) {
        if (spec.preemptionPolicy && spec.preemptionPolicy !== preemption)
          throw forbidden(
            a.resource.gr,
            a.name,
            `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemption} from the given PriorityClass name`,
          );
        spec.preemptionPolicy = preemption;
      }
    },
  };
}
