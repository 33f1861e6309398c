// clusterrolebindings.rbac.authorization.k8s.io: grants a ClusterRole cluster-wide; roleRef immutable.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { nameIsPathSegment } from "../../validation/names.js";
import { ClusterRoleBinding } from "./types.js";
import { bindingColumns, defaultBinding, validateBinding, validateRoleRefUnchanged } from "./validation.js";

type Obj = ClusterRoleBinding & KubeObject;

export const clusterRoleBindings: ResourceType<Obj> = {
  group: "rbac.authorization.k8s.io",
  version: "v1",
  kind: "ClusterRoleBinding",
  plural: "clusterrolebindings",
  singular: "clusterrolebinding",
  namespaced: false,
  schema: ClusterRoleBinding,
  nameValidator: nameIsPathSegment,
  defaults: defaultBinding,
  validate: (obj) => validateBinding(obj.roleRef, obj.subjects, ["ClusterRole"], false),
  validateUpdate: (obj, old) => [
    ...validateBinding(obj.roleRef, obj.subjects, ["ClusterRole"], false),
    ...validateRoleRefUnchanged(obj.roleRef, old.roleRef),
  ],
  printerColumns: bindingColumns("clusterRoleBinding"),
};
