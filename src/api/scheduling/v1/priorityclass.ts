// priorityclasses.scheduling.k8s.io: cluster-scoped; value and preemptionPolicy fixed after create;
// "system-" names are reserved for the two built-in classes.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, forbidden, invalid, notSupported, required } from "../../validation/field.js";
import { PriorityClass } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = PriorityClass & KubeObject;

export const HighestUserDefinablePriority = 1000000000;
export const SystemCriticalPriority = 2 * HighestUserDefinablePriority;
const systemPriorityClassPrefix = "system-";

/** The classes the API server creates at start-up (pkg/apis/scheduling/v1 helpers). */
export const systemPriorityClasses = [
  {
    name: "system-node-critical",
    value: SystemCriticalPriority + 1000,
    globalDefault: false,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    name: "system-cluster-critical",
    value: SystemCriticalPriority,
    globalDefault: false,
    description:
      "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
];

/** IsKnownSystemPriorityClass: null when it matches, else upstream's error text. */
function knownSystemPriorityClassError(name: string, value: number, globalDefault: boolean): string | null {
  const spc = systemPriorityClasses.find((c) => c.name === name);
  if (!spc) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (spc.globalDefault !== globalDefault)
    return `globalDefault of ${spc.name} PriorityClass must be ${spc.globalDefault}`;
  return null;
}

const preemptionPolicies = ["PreemptLowerPriority", "Never"];

export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata?.name ?? "";
  if (name.startsWith(systemPriorityClassPrefix)) {
    const err = knownSystemPriorityClassError(name, pc.value, pc.globalDefault ?? false);
    if (err)
      errs.push(
        forbidden(
          "metadata.name",
          `priority class names with '${systemPriorityClassPrefix}' prefix are reserved for system use only. error: ${err}`,
        ),
      );
  } else if (pc.value > HighestUserDefinablePriority) {
    errs.push(
      forbidden(
        "value",
        `maximum allowed value of a user defined priority is ${HighestUserDefinablePriority}`,
      ),
    );
  }
  if (pc.preemptionPolicy !== undefined) {
    if (pc.preemptionPolicy === "") errs.push(required("preemptionPolicy"));
    else if (!preemptionPolicies.includes(pc.preemptionPolicy))
      errs.push(notSupported("preemptionPolicy", pc.preemptionPolicy, preemptionPolicies));
  }
  return errs;
}

export function validatePriorityClassUpdate(pc: PriorityClass, old: PriorityClass): FieldError[] {
  const errs: FieldError[] = [];
  if (pc.value !== old.value) errs.push(forbidden("value", "may not be changed in an update."));
  if (pc.preemptionPolicy !== old.preemptionPolicy)
    errs.push(invalid("preemptionPolicy", pc.preemptionPolicy ?? null, "field is immutable"));
  return errs;
}

export const priorityClasses: ResourceType<Obj> = {
  group: "scheduling.k8s.io",
  version: "v1",
  kind: "PriorityClass",
  plural: "priorityclasses",
  singular: "priorityclass",
  namespaced: false,
  shortNames: ["pc"],
  schema: PriorityClass,
  defaults: (obj) => {
    obj.preemptionPolicy ??= "PreemptLowerPriority";
  },
  validate: validatePriorityClass,
  validateUpdate: validatePriorityClassUpdate,
  printerColumns: [
    nameColumn,
    {
      name: "Value",
      type: "integer",
      description: "value represents the integer value of this priority class.",
      priority: 0,
      cell: (o: Obj) => o.value,
    },
    {
      name: "Global-Default",
      type: "boolean",
      description:
        "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.",
      priority: 0,
      cell: (o: Obj) => o.globalDefault ?? false,
    },
    ageColumn,
    {
      name: "PreemptionPolicy",
      type: "string",
      description: "preemptionPolicy is the Policy for preempting pods with lower priority.",
      priority: 0,
      cell: (o: Obj) => o.preemptionPolicy ?? "",
    },
  ],
};
