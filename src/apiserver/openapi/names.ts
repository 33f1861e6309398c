// Names upstream's OpenAPI builder derives from a group/version: URL prefixes, the OpenAPI v3
// group-version path, operation ids and tags.
import type { ResourceType } from "../../api/registry.js";

/** "api/v1", "apis/apps/v1": the key in /openapi/v3 and the tail of /openapi/v3/<path>. */
export function gvPath(r: Pick<ResourceType, "group" | "version">): string {
  return r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
}

/** "/api/v1", "/apis/apps/v1": the REST prefix of the group/version. */
export function gvPrefix(r: Pick<ResourceType, "group" | "version">): string {
  return `/${gvPath(r)}`;
}

/** Group words as upstream's operation ids use them: "" → ["core"], "rbac.authorization.k8s.io" → ["rbac", "authorization"]. */
function groupWords(group: string): string[] {
  if (!group) return ["core"];
  return group.replace(/\.k8s\.io$/, "").split(/[.-]/);
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "CoreV1", "AppsV1", "RbacAuthorizationV1" (operation ids: listCoreV1NamespacedPod). */
export function gvOperationWord(r: Pick<ResourceType, "group" | "version">): string {
  return groupWords(r.group).map(upper).join("") + upper(r.version);
}

/** "core_v1", "apps_v1", "rbacAuthorization_v1" (operation tags). */
export function gvTag(r: Pick<ResourceType, "group" | "version">): string {
  const [first, ...rest] = groupWords(r.group);
  return `${first}${rest.map(upper).join("")}_${r.version}`;
}
