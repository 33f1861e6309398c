// roles.rbac.authorization.k8s.io: namespaced rules; names are path segments.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { nameIsPathSegment } from "../../validation/names.js";
import { Role } from "./types.js";
import { createdAtColumns, validatePolicyRule } from "./validation.js";

type Obj = Role & KubeObject;

export const roles: ResourceType<Obj> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "Role",
  plural: "roles",
  singular: "role",
  namespaced: true,
  schema: Role,
  nameValidator: nameIsPathSegment,
  validate: (obj) => (obj.rules ?? []).flatMap((r, i) => validatePolicyRule(r, true, `rules[${i}]`)),
  printerColumns: createdAtColumns,
};
