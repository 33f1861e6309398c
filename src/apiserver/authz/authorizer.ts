// Authorization as upstream's authorizer.Authorizer: attributes of a request in, a decision out. The
// server asks after authentication and before decoding; src/apiserver/rbac implements it.
import type { PolicyRule } from "../../api/rbac/v1/types.js";
import { parseFieldSelector, type FieldRequirement } from "../../api/fields/selector.js";
import type { UserInfo } from "../authn/user.js";
import { forbidden } from "../errors.js";

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  resourceRequest: boolean;
  /** Non-resource requests: the URL path. */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  /**
   * A list, watch or deletecollection's fieldSelector requirements (upstream AuthorizeWithSelectors, on
   * since 1.32); undefined without one or when it does not parse.
   */
  fieldSelector?: readonly FieldRequirement[];
}

/** upstream GetAuthorizerAttributes: a selector that does not parse gives no requirements. */
export function fieldSelectorRequirements(raw: string): readonly FieldRequirement[] | undefined {
  if (!raw) return undefined;
  const parsed = parseFieldSelector(raw);
  return parsed.ok && parsed.selector.requirements.length > 0 ? parsed.selector.requirements : undefined;
}

export type Decision = "Allow" | "Deny" | "NoOpinion";

export interface Authorizer {
  authorize(
    a: AuthorizationAttributes,
  ): Promise<{ decision: Decision; reason: string }> | { decision: Decision; reason: string };
  /** The rules the user holds in a namespace (upstream RuleResolver), for SelfSubjectRulesReview. */
  rulesFor?: (user: UserInfo, namespace: string) => { rules: PolicyRule[]; errors: string[] };
}

/** Every authenticated user may do everything (servers started without RBAC). */
export const alwaysAllow: Authorizer = { authorize: () => ({ decision: "Allow", reason: "" }) };

/** upstream forbiddenMessage. */
export function forbiddenMessage(a: AuthorizationAttributes): string {
  const user = a.user.username;
  if (!a.resourceRequest)
    return `User ${JSON.stringify(user)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.namespace)
    return `User ${JSON.stringify(user)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} in the namespace ${JSON.stringify(a.namespace)}`;
  return `User ${JSON.stringify(user)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.apiGroup)} at the cluster scope`;
}

/** The 403 upstream's authorization filter answers. */
export function forbiddenError(a: AuthorizationAttributes, reason: string) {
  const msg = forbiddenMessage(a) + (reason ? `: ${reason}` : "");
  if (!a.resourceRequest) return forbidden({ group: "", resource: "" }, "", msg);
  return forbidden({ group: a.apiGroup, resource: a.resource }, a.name, msg);
}
