// RBAC for the API server: the authorizer chain kube-apiserver builds for --authorization-mode=RBAC
// (system:masters first, then RBAC), its escalation check, and the bootstrap policy.
import type { Authorizer } from "../authz/authorizer.js";
import type { WatchCache } from "../watchcache/cache.js";
import { privilegedGroups, RBACAuthorizer, SystemPrivilegedGroup, unionAuthorizer } from "./authorizer.js";
import { rbacEscalationCheck } from "./escalation.js";
import { watchCacheRbacSource, type RbacResources } from "./source.js";
import type { AdmissionPlugin } from "../admission/admission.js";

export { RBACAuthorizer, privilegedGroups, unionAuthorizer, SystemPrivilegedGroup } from "./authorizer.js";
export { reconcileBootstrapPolicy } from "./reconcile.js";
export type { RbacResources } from "./source.js";

export function createRbac(
  cache: WatchCache,
  resources: RbacResources,
): {
  authorizer: Authorizer;
  rbac: RBACAuthorizer;
  escalationCheck: AdmissionPlugin;
} {
  const rbac = new RBACAuthorizer(watchCacheRbacSource(cache, resources));
  const authorizer = unionAuthorizer(privilegedGroups(SystemPrivilegedGroup), rbac);
  return { authorizer, rbac, escalationCheck: rbacEscalationCheck(rbac.resolver, authorizer) };
}
