// Resources served by rbac.authorization.k8s.io/v1 (alphabetical, as upstream's discovery).
import type { ResourceType } from "../../registry.js";
import { clusterRoleBindings } from "./clusterrolebinding.js";
import { clusterRoles } from "./clusterrole.js";
import { roleBindings } from "./rolebinding.js";
import { roles } from "./role.js";

export const resources: ResourceType[] = [clusterRoleBindings, clusterRoles, roleBindings, roles];
