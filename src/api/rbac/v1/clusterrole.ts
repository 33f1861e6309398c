// clusterroles.rbac.authorization.k8s.io: cluster-wide rules, optionally aggregated from labelled ClusterRoles.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required } from "../../validation/field.js";
import { nameIsPathSegment } from "../../validation/names.js";
import { validateLabelSelector } from "../../validation/labelselector.js";
import { ClusterRole } from "./types.js";
import { createdAtColumns, validatePolicyRule } from "./validation.js";

type Obj = ClusterRole & KubeObject;

function validateClusterRole(obj: ClusterRole, allowInvalidLabelValue: boolean): FieldError[] {
  const errs = (obj.rules ?? []).flatMap((r, i) => validatePolicyRule(r, false, `rules[${i}]`));
  const agg = obj.aggregationRule;
  if (agg) {
    const selectors = agg.clusterRoleSelectors ?? [];
    if (selectors.length === 0)
      errs.push(
        required(
          "aggregationRule.clusterRoleSelectors",
          "at least one clusterRoleSelector required if aggregationRule is non-nil",
        ),
      );
    selectors.forEach((s, i) =>
      errs.push(
        ...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`, allowInvalidLabelValue),
      ),
    );
  }
  return errs;
}

export const clusterRoles: ResourceType<Obj> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRole",
  plural: "clusterroles",
  singular: "clusterrole",
  namespaced: false,
  schema: ClusterRole,
  nameValidator: nameIsPathSegment,
  validate: (obj) => validateClusterRole(obj, false),
  // Selectors already stored with invalid label values stay acceptable on update.
  validateUpdate: (obj, old) =>
    validateClusterRole(
      obj,
      (old.aggregationRule?.clusterRoleSelectors ?? []).some((s) => validateLabelSelector(s, "").length > 0),
    ),
  printerColumns: createdAtColumns,
};
