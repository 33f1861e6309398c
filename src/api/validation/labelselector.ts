// metav1.LabelSelector semantics as upstream (k8s.io/apimachinery/pkg/apis/meta/v1 helpers and
// .../meta/v1/validation): validation with upstream's messages, matching, and the selector string
// ("app=web,tier in (a,b)") that Scale.status.selector and printer columns show.
import type { LabelSelector } from "../meta/v1/types.js";
import { type FieldError, invalid, required, forbidden, goMap } from "./field.js";
import { isQualifiedName, isValidLabelValue, validateLabels } from "./names.js";
import { labelSelectorAsSelector, type LabelSelector as ParsedSelector } from "../labels/selector.js";

/** A compiled selector: `null` selects nothing (a nil selector), an empty one everything. */
export type Selector = ParsedSelector | null;

/**
 * ValidateLabelSelector. `allowInvalidLabelValue` is LabelSelectorValidationOptions'
 * AllowInvalidLabelValueInSelector (set where an old object already holds such values).
 */
export function validateLabelSelector(
  sel: LabelSelector | undefined,
  path: string,
  allowInvalidLabelValue = false,
): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0)
          errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0)
          errs.push(
            forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        break;
      default:
        errs.push(invalid(`${p}.operator`, expr.operator, "not a valid selector operator"));
    }
    for (const m of isQualifiedName(expr.key)) errs.push(invalid(`${p}.key`, expr.key, m));
    if (!allowInvalidLabelValue)
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${j}]`, v, m));
      });
  });
  return errs;
}

/**
 * LabelSelectorAsSelector (one implementation: src/api/labels/selector.ts): an error string when the selector
 * cannot be converted (bad operator, bad key or value, In/NotIn without values), else the selector.
 */
export function compileSelector(sel: LabelSelector | undefined | null): Selector | string {
  if (!sel) return null;
  const r = labelSelectorAsSelector(sel);
  return r.ok ? r.selector : r.error;
}

/** True when the selector (compiled) selects a set of labels; a nil selector selects nothing. */
export function selectorMatches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  return sel !== null && sel.matches(labels);
}

/** labels.Selector.String(): "app=web,tier in (a,b),!canary"; "" for a selector of everything. */
export function selectorString(sel: Selector): string {
  return sel === null ? "" : sel.toString();
}

/** The string form of a LabelSelector as printers show it ("<invalid>" when it cannot be converted). */
export function labelSelectorString(sel: LabelSelector | undefined | null): string {
  const c = compileSelector(sel);
  return typeof c === "string" ? "<invalid>" : selectorString(c);
}

/**
 * A selector as a field error's bad value: metav1.LabelSelector marshals with its json tags
 * (omitempty), matchLabels keys sorted as Go writes a map; null for a nil selector.
 */
export function labelSelectorValue(sel: LabelSelector | undefined | null): unknown {
  if (!sel) return null;
  const labels = sel.matchLabels ?? {};
  const exprs = sel.matchExpressions ?? [];
  return {
    matchLabels: Object.keys(labels).length ? goMap(labels) : undefined,
    matchExpressions: exprs.length
      ? exprs.map((e) => ({
          key: e.key,
          operator: e.operator,
          values: e.values?.length ? e.values : undefined,
        }))
      : undefined,
  };
}

/** metav1.FormatLabelSelector: "<error>" when it cannot be converted, "<none>" when it selects all or nothing. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const c = compileSelector(sel);
  if (typeof c === "string") return "<error>";
  return selectorString(c) || "<none>";
}

/** labels.FormatLabels: "a=1,b=2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}
