// spec.successPolicy (pkg/controller/job/success_policy.go): an Indexed Job succeeds early when a rule's
// succeededIndexes have all succeeded, or succeededCount of them (of all indexes when the rule names none).
import type { SuccessPolicy } from "../../api/batch/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { parseIndexes, intervalsTotal, type OrderedIntervals } from "./indexes.js";

export const reasonSuccessPolicy = "SuccessPolicy";

/** matchSucceededIndexesRule: how many of the rule's indexes succeeded decides. */
function matchSucceededIndexesRule(
  rule: OrderedIntervals,
  succeeded: OrderedIntervals,
  succeededCount: number | undefined,
): boolean {
  let contains = 0;
  let r = 0;
  let s = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap =
      Math.min(rule[r].last, succeeded[s].last) - Math.max(rule[r].first, succeeded[s].first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s].last < rule[r].last) s++;
    else if (succeeded[s].last > rule[r].last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === intervalsTotal(rule) || (succeededCount !== undefined && contains >= succeededCount);
}

/** matchSuccessPolicy: the SuccessCriteriaMet message ("Matched rules at index N"), if a rule matches. */
export function matchSuccessPolicy(
  policy: DeepReadonly<SuccessPolicy> | undefined,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      // An unparsable rule never matches.
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount))
        return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && intervalsTotal(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
