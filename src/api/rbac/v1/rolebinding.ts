// rolebindings.rbac.authorization.k8s.io: grants a Role or ClusterRole within a namespace; roleRef immutable.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { nameIsPathSegment } from "../../validation/names.js";
import { RoleBinding } from "./types.js";
import { bindingColumns, defaultBinding, validateBinding, validateRoleRefUnchanged } from "./validation.js";

type Obj = RoleBinding & KubeObject;

export const roleBindings: ResourceType<Obj> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "RoleBinding",
  plural: "rolebindings",
  singular: "rolebinding",
  namespaced: true,
  schema: RoleBinding,
  nameValidator: nameIsPathSegment,
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj.roleRef, obj.subjects, ["Role", "ClusterRole"], true),
  validateUpdate: (obj, old) => [
    ...validateBinding(obj.roleRef, obj.subjects, ["Role", "ClusterRole"], true),
    ...validateRoleRefUnchanged(obj.roleRef, old.roleRef),
  ],
  printerColumns: bindingColumns("roleBinding"),
};
