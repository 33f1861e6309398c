// The RBAC authorizer (upstream's rbac.RBACAuthorizer) and the privileged-group authorizer that runs before
// it: members of system:masters may do everything, as kube-apiserver's authorizer union starts with them.
import type { PolicyRule } from "../../api/rbac/v1/types.js";
import type { UserInfo } from "../authn/user.js";
import type { AuthorizationAttributes, Authorizer, Decision } from "../authz/authorizer.js";
import { ruleAllows } from "./rules.js";
import { RuleResolver, type RbacSource } from "./resolver.js";

export const SystemPrivilegedGroup = "system:masters";

type Result = { decision: Decision; reason: string };

/** upstream utilerrors.NewAggregate(...).Error(). */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
}

export class RBACAuthorizer implements Authorizer {
  readonly resolver: RuleResolver;
  constructor(source: RbacSource) {
    this.resolver = new RuleResolver(source);
  }

  authorize(a: AuthorizationAttributes): Result {
    let reason = "";
    const errors: string[] = [];
    let allowed = false;
    this.resolver.visitRulesFor(a.user, a.namespace, (source, rule, err) => {
      if (rule && ruleAllows(a, rule)) {
        allowed = true;
        reason = `RBAC: allowed by ${source()}`;
        return false;
      }
      if (err) errors.push(err);
      return true;
    });
    if (allowed) return { decision: "Allow", reason };
    return { decision: "NoOpinion", reason: errors.length ? `RBAC: ${aggregate(errors)}` : "" };
  }

  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    return this.resolver.rulesFor(user, namespace);
  }
}

/** Allows everything to members of the given groups; no opinion on anyone else. */
export function privilegedGroups(...groups: string[]): Authorizer {
  return {
    authorize: (a) =>
      a.user.groups.some((g) => groups.includes(g))
        ? { decision: "Allow", reason: "" }
        : { decision: "NoOpinion", reason: "" },
  };
}

/** The first Allow or Deny wins; reasons of NoOpinions are joined (upstream union authorizer). */
export function unionAuthorizer(...authorizers: Authorizer[]): Authorizer {
  const withRules = authorizers.find((x) => x.rulesFor);
  return {
    async authorize(a) {
      const reasons: string[] = [];
      for (const z of authorizers) {
        const d = await z.authorize(a);
        if (d.decision === "Allow" || d.decision === "Deny") return d;
        if (d.reason) reasons.push(d.reason);
      }
      return { decision: "NoOpinion", reason: reasons.join("\n") };
    },
    rulesFor: withRules?.rulesFor ? (user, ns) => withRules.rulesFor!(user, ns) : undefined,
  };
}
