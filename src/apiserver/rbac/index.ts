// RBAC for the API server: the authorizer chain kube-apiserver builds for --authorization-mode=RBAC
// (system:masters first, then RBAC), its escalation check, and the bootstrap policy.
import type { Authorizer } from "../authz/authorizer.js";
import type { WatchCache } from "../watchcache/cache.js";
import { privilegedGroups, RBACAuthorizer, SystemPrivilegedGroup, unionAuthorizer } from "./authorizer.js";
import { rbacEscalationCheck } from "./escalation.js";
import { watchCacheRbacSource, type RbacResources } from "./source.js";
import type { AdmissionPlugin } from "../admission/admission.js";
import { NodeAuthorizer, type NodeGraphSource } from "../authz/node.js";
import { bootstrapClusterRoles } from "./bootstrappolicy.js";
import { ruleAllows } from "./rules.js";

export { RBACAuthorizer, privilegedGroups, unionAuthorizer, SystemPrivilegedGroup } from "./authorizer.js";
export { reconcileBootstrapPolicy } from "./reconcile.js";
export type { RbacResources } from "./source.js";

export function createRbac(
  cache: WatchCache,
  resources: RbacResources,
  nodeGraph?: NodeGraphSource,
): {
  authorizer: Authorizer;
  rbac: RBACAuthorizer;
  escalationCheck: AdmissionPlugin;
} {
  const rbac = new RBACAuthorizer(watchCacheRbacSource(cache, resources));
  // --authorization-mode=Node,RBAC: privileged groups, then the Node authorizer, then RBAC
  const nodeRules = bootstrapClusterRoles.find((r) => r.metadata?.name === "system:node")?.rules ?? [];
  const authorizer = unionAuthorizer(
    privilegedGroups(SystemPrivilegedGroup),
    ...(nodeGraph ? [new NodeAuthorizer(nodeGraph, nodeRules, ruleAllows)] : []),
    rbac,
  );
  return { authorizer, rbac, escalationCheck: rbacEscalationCheck(rbac.resolver, authorizer) };
}
