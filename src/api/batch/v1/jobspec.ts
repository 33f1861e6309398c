// JobSpec rules shared by Jobs and CronJob job templates (validateJobSpec in pkg/apis/batch/validation).
import {
  type FieldError,
  required,
  invalid,
  duplicate,
  notSupported,
  tooLong,
  tooMany,
  goQuote,
} from "../../validation/field.js";
import { isQualifiedName } from "../../validation/names.js";
import { validatePodTemplateSpec } from "../../core/v1/pod.js";
import { isDomainPrefixedPath } from "../../validation/hostnames.js";
import { validateNonnegative } from "../../validation/fieldrules.js";
import type { JobSpec } from "./types.js";

const maxParallelismForIndexedJob = 100_000;
const maxFailedIndexesForIndexedJob = 100_000;
const completionsSoftLimit = 100_000;
const parallelismLimitForHighCompletions = 10_000;
const maxFailedIndexesLimitForHighCompletions = 10_000;
const maxPodFailurePolicyRules = 20;
const maxPodFailurePolicyOnExitCodesValues = 255;
const maxPodFailurePolicyOnPodConditionsPatterns = 20;
const maxManagedByLength = 63;
const maxJobSuccessPolicySucceededIndexesLimit = 64 * 1024;
const maxSuccessPolicyRule = 20;

const podFailurePolicyActions = ["Count", "FailIndex", "FailJob", "Ignore"];
const onExitCodesOperators = ["In", "NotIn"];
const conditionStatuses = ["False", "True", "Unknown"];
const podReplacementPolicies = ["Failed", "TerminatingOrFailed"];

/** Go's %q of a []string: ["a" "b"]. */
const q = (values: string[]) => `[${values.map(goQuote).join(" ")}]`;

/** validateJobSpec: everything about a JobSpec except its selector. */
export function validateJobSpecFields(spec: JobSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as JobSpec);
  const errs: FieldError[] = [];
  errs.push(...validateNonnegative(s.parallelism, `${path}.parallelism`));
  errs.push(...validateNonnegative(s.completions, `${path}.completions`));
  errs.push(...validateNonnegative(s.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`));
  errs.push(...validateNonnegative(s.backoffLimit, `${path}.backoffLimit`));
  errs.push(...validateNonnegative(s.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`));
  errs.push(...validateNonnegative(s.backoffLimitPerIndex, `${path}.backoffLimitPerIndex`));
  if (s.maxFailedIndexes !== undefined) {
    errs.push(...validateNonnegative(s.maxFailedIndexes, `${path}.maxFailedIndexes`));
    if (s.backoffLimitPerIndex === undefined)
      errs.push(required(`${path}.backoffLimitPerIndex`, "when maxFailedIndexes is specified"));
  }
  if (s.managedBy !== undefined) {
    errs.push(...isDomainPrefixedPath(`${path}.managedBy`, s.managedBy));
    if (s.managedBy.length > maxManagedByLength)
      errs.push(tooLong(`${path}.managedBy`, "", maxManagedByLength));
  }
  const indexed = s.completionMode === "Indexed";
  if (s.completionMode !== undefined) {
    if (s.completionMode !== "NonIndexed" && !indexed)
      errs.push(notSupported(`${path}.completionMode`, s.completionMode, ["NonIndexed", "Indexed"]));
    if (indexed) {
      if (s.completions === undefined)
        errs.push(required(`${path}.completions`, "when completion mode is Indexed"));
      if (s.parallelism !== undefined && s.parallelism > maxParallelismForIndexedJob)
        errs.push(
          invalid(
            `${path}.parallelism`,
            s.parallelism,
            `must be less than or equal to ${maxParallelismForIndexedJob} when completion mode is Indexed`,
          ),
        );
      if (
        s.completions !== undefined &&
        s.maxFailedIndexes !== undefined &&
        s.maxFailedIndexes > s.completions
      )
        errs.push(
          invalid(
            `${path}.maxFailedIndexes`,
            s.maxFailedIndexes,
            "must be less than or equal to completions",
          ),
        );
      if (s.maxFailedIndexes !== undefined && s.maxFailedIndexes > maxFailedIndexesForIndexedJob)
        errs.push(
          invalid(
            `${path}.maxFailedIndexes`,
            s.maxFailedIndexes,
            `must be less than or equal to ${maxFailedIndexesForIndexedJob}`,
          ),
        );
      if (
        s.completions !== undefined &&
        s.completions > completionsSoftLimit &&
        s.backoffLimitPerIndex !== undefined
      ) {
        const when = `when completions are above ${completionsSoftLimit} and used with backoff limit per index`;
        if (s.maxFailedIndexes === undefined)
          errs.push(
            required(
              `${path}.maxFailedIndexes`,
              `must be specified when completions is above ${completionsSoftLimit}`,
            ),
          );
        if (s.parallelism !== undefined && s.parallelism > parallelismLimitForHighCompletions)
          errs.push(
            invalid(
              `${path}.parallelism`,
              s.parallelism,
              `must be less than or equal to ${parallelismLimitForHighCompletions} ${when}`,
            ),
          );
        if (s.maxFailedIndexes !== undefined && s.maxFailedIndexes > maxFailedIndexesLimitForHighCompletions)
          errs.push(
            invalid(
              `${path}.maxFailedIndexes`,
              s.maxFailedIndexes,
              `must be less than or equal to ${maxFailedIndexesLimitForHighCompletions} ${when}`,
            ),
          );
      }
    }
  }
  if (!indexed) {
    if (s.backoffLimitPerIndex !== undefined)
      errs.push(
        invalid(`${path}.backoffLimitPerIndex`, s.backoffLimitPerIndex, "requires indexed completion mode"),
      );
    if (s.maxFailedIndexes !== undefined)
      errs.push(invalid(`${path}.maxFailedIndexes`, s.maxFailedIndexes, "requires indexed completion mode"));
  }
  if (s.podFailurePolicy) errs.push(...validatePodFailurePolicy(s, `${path}.podFailurePolicy`));
  if (s.successPolicy) {
    if (!indexed)
      errs.push(invalid(`${path}.successPolicy`, s.successPolicy, "requires indexed completion mode"));
    else errs.push(...validateSuccessPolicy(s, `${path}.successPolicy`));
  }
  if (s.podReplacementPolicy !== undefined) {
    const p = `${path}.podReplacementPolicy`;
    if (s.podFailurePolicy) {
      if (s.podReplacementPolicy !== "Failed") errs.push(notSupported(p, s.podReplacementPolicy, ["Failed"]));
    } else if (!podReplacementPolicies.includes(s.podReplacementPolicy))
      errs.push(notSupported(p, s.podReplacementPolicy, podReplacementPolicies));
  }
  errs.push(...validatePodTemplateSpec(s.template ?? {}, `${path}.template`));
  // restartPolicy "" or Always (the pod default) is not allowed for a Job.
  const policy = s.template?.spec?.restartPolicy ?? "";
  const rp = `${path}.template.spec.restartPolicy`;
  if (policy === "Always" || policy === "") errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  else if (policy !== "OnFailure" && policy !== "Never")
    errs.push(notSupported(rp, policy, ["OnFailure", "Never"]));
  else if (s.podFailurePolicy && policy !== "Never")
    errs.push(invalid(rp, policy, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validatePodFailurePolicy(spec: JobSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = spec.podFailurePolicy?.rules ?? [];
  if (rules.length > maxPodFailurePolicyRules)
    errs.push(tooMany(`${path}.rules`, rules.length, maxPodFailurePolicyRules));
  const containerNames = new Set(
    [...(spec.template?.spec?.containers ?? []), ...(spec.template?.spec?.initContainers ?? [])].map(
      (c) => c.name,
    ),
  );
  rules.forEach((rule, i) => {
    const rp = `${path}.rules[${i}]`;
    const ap = `${rp}.action`;
    if (!rule.action) errs.push(required(ap, `valid values: ${q(podFailurePolicyActions)}`));
    else if (rule.action === "FailIndex") {
      if (spec.backoffLimitPerIndex === undefined)
        errs.push(invalid(ap, rule.action, "requires the backoffLimitPerIndex to be set"));
    } else if (!podFailurePolicyActions.includes(rule.action))
      errs.push(notSupported(ap, rule.action, podFailurePolicyActions));
    const patterns = rule.onPodConditions ?? [];
    if (rule.onExitCodes) {
      const ep = `${rp}.onExitCodes`;
      const ex = rule.onExitCodes;
      if (!ex.operator) errs.push(required(`${ep}.operator`, `valid values: ${q(onExitCodesOperators)}`));
      else if (!onExitCodesOperators.includes(ex.operator))
        errs.push(notSupported(`${ep}.operator`, ex.operator, onExitCodesOperators));
      if (ex.containerName !== undefined && !containerNames.has(ex.containerName))
        errs.push(
          invalid(
            `${ep}.containerName`,
            ex.containerName,
            "must be one of the container or initContainer names in the pod template",
          ),
        );
      const values = ex.values ?? [];
      if (values.length === 0) errs.push(invalid(`${ep}.values`, values, "at least one value is required"));
      else if (values.length > maxPodFailurePolicyOnExitCodesValues)
        errs.push(tooMany(`${ep}.values`, values.length, maxPodFailurePolicyOnExitCodesValues));
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (ex.operator === "In" && v === 0)
          errs.push(invalid(`${ep}.values[${j}]`, v, "must not be 0 for the In operator"));
        if (seen.has(v)) errs.push(duplicate(`${ep}.values[${j}]`, v));
        else seen.add(v);
        if (j > 0 && values[j - 1] > v) ordered = false;
      });
      if (!ordered) errs.push(invalid(`${ep}.values`, values, "must be ordered"));
    }
    if (patterns.length > 0) {
      const cp = `${rp}.onPodConditions`;
      if (patterns.length > maxPodFailurePolicyOnPodConditionsPatterns)
        errs.push(tooMany(cp, patterns.length, maxPodFailurePolicyOnPodConditionsPatterns));
      patterns.forEach((pattern, j) => {
        const pp = `${cp}[${j}]`;
        for (const m of isQualifiedName(pattern.type ?? ""))
          errs.push(invalid(`${pp}.type`, pattern.type, m));
        if (!pattern.status) errs.push(required(`${pp}.status`, `valid values: ${q(conditionStatuses)}`));
        else if (!conditionStatuses.includes(pattern.status))
          errs.push(notSupported(`${pp}.status`, pattern.status, conditionStatuses));
      });
    }
    if (rule.onExitCodes && patterns.length > 0)
      errs.push(invalid(rp, undefined, "specifying both OnExitCodes and OnPodConditions is not supported"));
    if (!rule.onExitCodes && patterns.length === 0)
      errs.push(invalid(rp, undefined, "specifying one of OnExitCodes and OnPodConditions is required"));
  });
  return errs;
}

function validateSuccessPolicy(spec: JobSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const rules = spec.successPolicy?.rules ?? [];
  const rp = `${path}.rules`;
  if (rules.length === 0)
    errs.push(required(rp, "at least one rules must be specified when the successPolicy is specified"));
  if (rules.length > maxSuccessPolicyRule) errs.push(tooMany(rp, rules.length, maxSuccessPolicyRule));
  const completions = spec.completions ?? 0;
  rules.forEach((rule, i) => {
    const p = `${rp}[${i}]`;
    if (rule.succeededCount === undefined && rule.succeededIndexes === undefined)
      errs.push(required(p, "at least one of succeededCount or succeededIndexes must be specified"));
    let total = 0;
    if (rule.succeededIndexes !== undefined) {
      const ip = `${p}.succeededIndexes`;
      if (rule.succeededIndexes.length > maxJobSuccessPolicySucceededIndexesLimit)
        errs.push(tooLong(ip, "", maxJobSuccessPolicySucceededIndexesLimit));
      const parsed = parseIndexes(rule.succeededIndexes, completions);
      if (typeof parsed === "string")
        errs.push(invalid(ip, rule.succeededIndexes, `error parsing succeededIndexes: ${parsed}`));
      else total = parsed;
    }
    if (rule.succeededCount !== undefined) {
      const cp = `${p}.succeededCount`;
      errs.push(...validateNonnegative(rule.succeededCount, cp));
      if (rule.succeededCount > completions)
        errs.push(
          invalid(
            cp,
            rule.succeededCount,
            `must be less than or equal to ${completions} (the number of specified completions)`,
          ),
        );
      if (rule.succeededIndexes !== undefined && rule.succeededCount > total)
        errs.push(
          invalid(
            cp,
            rule.succeededCount,
            `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`,
          ),
        );
    }
  });
  return errs;
}

/** validateIndexesFormat: "1,3-5,7" with increasing, in-range indexes; the count of indexes or an error. */
export function parseIndexes(indexes: string, completions: number): number | string {
  if (indexes.length === 0) return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(",")) {
    const limits = interval.split("-");
    if (limits.length > 2)
      return `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'`;
    const nums: number[] = [];
    for (const l of limits) {
      if (!/^[+-]?[0-9]+$/.test(l)) return `cannot convert string to integer for index: ${JSON.stringify(l)}`;
      const n = Number(l);
      if (n >= completions) return `too large index: ${JSON.stringify(l)}`;
      nums.push(n);
    }
    const [x, y = x] = nums;
    if (nums.length === 2 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}
