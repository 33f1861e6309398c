// RBAC objects read from the API server's own watch cache (upstream's RBAC authorizer reads informers).
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../../api/rbac/v1/types.js";
import type { ResourceInfo } from "../registry/resource.js";
import { listPrefix, objectKey } from "../registry/resource.js";
import type { WatchCache } from "../watchcache/cache.js";
import type { RbacSource } from "./resolver.js";

export interface RbacResources {
  roles: ResourceInfo;
  clusterRoles: ResourceInfo;
  roleBindings: ResourceInfo;
  clusterRoleBindings: ResourceInfo;
}

export function watchCacheRbacSource(cache: WatchCache, r: RbacResources): RbacSource {
  const get = <T>(info: ResourceInfo, namespace: string, name: string): T | undefined =>
    cache.cacheFor(info).get(objectKey(info, namespace, name))?.obj as T | undefined;
  function* all<T>(info: ResourceInfo, namespace: string): Generator<T> {
    for (const o of cache.cacheFor(info).range(listPrefix(info, namespace))) yield o.obj as T;
  }
  return {
    role: (ns, name) => get<Role>(r.roles, ns, name),
    clusterRole: (name) => get<ClusterRole>(r.clusterRoles, "", name),
    clusterRoles: () => all<ClusterRole>(r.clusterRoles, ""),
    roleBindings: (ns) => all<RoleBinding>(r.roleBindings, ns),
    clusterRoleBindings: () => all<ClusterRoleBinding>(r.clusterRoleBindings, ""),
    revision: () => cache.revision,
    bindingsVersion: () =>
      `${cache.cacheFor(r.roleBindings).changes}/${cache.cacheFor(r.clusterRoleBindings).changes}`,
  };
}
