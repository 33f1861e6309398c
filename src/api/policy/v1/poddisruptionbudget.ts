// policy/v1 poddisruptionbudgets (pkg/registry/policy/poddisruptionbudget/strategy.go,
// pkg/apis/policy/validation). policy/v1 has no defaults; an empty selector selects every pod.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, invalid, notSupported } from "../../validation/field.js";
import { validateLabelSelector, labelSelectorValue } from "../../validation/labelselector.js";
import { validateNonnegative, clone } from "../../validation/fieldrules.js";
import { validatePositiveIntOrPercent, isNotMoreThan100Percent } from "../../validation/intorpercent.js";
import { nameColumn, ageColumn } from "../../apps/v1/columns.js";
import {
  PodDisruptionBudget,
  type PodDisruptionBudgetSpec,
  type PodDisruptionBudgetStatus,
} from "./types.js";

type PDBObject = PodDisruptionBudget & KubeObject;

export const unhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

/** ValidatePodDisruptionBudgetSpec */
export function validatePDBSpec(spec: PodDisruptionBudgetSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined)
    errs.push(
      invalid(
        path,
        // policy.PodDisruptionBudgetSpec, the internal struct: Go field names, nil pointers as null.
        {
          MinAvailable: s.minAvailable ?? null,
          Selector: labelSelectorValue(s.selector),
          MaxUnavailable: s.maxUnavailable ?? null,
          UnhealthyPodEvictionPolicy: s.unhealthyPodEvictionPolicy ?? null,
        },
        "minAvailable and maxUnavailable cannot be both set",
      ),
    );
  for (const f of ["minAvailable", "maxUnavailable"] as const)
    if (s[f] !== undefined) {
      errs.push(...validatePositiveIntOrPercent(s[f], `${path}.${f}`));
      errs.push(...isNotMoreThan100Percent(s[f], `${path}.${f}`));
    }
  errs.push(...validateLabelSelector(s.selector, `${path}.selector`));
  if (
    s.unhealthyPodEvictionPolicy !== undefined &&
    !unhealthyPodEvictionPolicies.includes(s.unhealthyPodEvictionPolicy)
  )
    errs.push(
      notSupported(
        `${path}.unhealthyPodEvictionPolicy`,
        s.unhealthyPodEvictionPolicy,
        unhealthyPodEvictionPolicies,
      ),
    );
  return errs;
}

/** ValidatePodDisruptionBudgetStatusUpdate's counters (for writes to poddisruptionbudgets/status). */
export function validatePDBStatus(
  status: PodDisruptionBudgetStatus | undefined,
  path = "status",
): FieldError[] {
  const s = status ?? ({} as PodDisruptionBudgetStatus);
  const errs: FieldError[] = [];
  for (const f of ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] as const)
    errs.push(...validateNonnegative(s[f], `${path}.${f}`));
  return errs;
}

const intOrString = (v: number | string | undefined) => (v === undefined ? "N/A" : String(v));

export const poddisruptionbudgets: ResourceType<PDBObject> = {
  group: "policy",
  version: "v1",
  kind: "PodDisruptionBudget",
  plural: "poddisruptionbudgets",
  singular: "poddisruptionbudget",
  namespaced: true,
  shortNames: ["pdb"],
  schema: PodDisruptionBudget,
  status: true,
  generation: true,
  prepareForCreate: (pdb) => {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  prepareForUpdate: (pdb, old) => {
    pdb.status = clone(old.status);
  },
  validate: (pdb) => validatePDBSpec(pdb.spec, "spec"),
  printerColumns: [
    nameColumn,
    {
      name: "Min Available",
      type: "string",
      description: "The minimum number of pods that must be available.",
      priority: 0,
      cell: (pdb: PDBObject) => intOrString(pdb.spec?.minAvailable),
    },
    {
      name: "Max Unavailable",
      type: "string",
      description: "The maximum number of pods that may be unavailable.",
      priority: 0,
      cell: (pdb: PDBObject) => intOrString(pdb.spec?.maxUnavailable),
    },
    {
      name: "Allowed Disruptions",
      type: "integer",
      description: "Calculated number of pods that may be disrupted at this time.",
      priority: 0,
      cell: (pdb: PDBObject) => pdb.status?.disruptionsAllowed ?? 0,
    },
    ageColumn,
  ],
};
