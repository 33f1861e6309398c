// metav1.LabelSelector rules: validation (apimachinery meta/v1/validation) and the printed form
// (metav1.FormatLabelSelector: "app=web,tier in (a,b)", "<none>" for the empty selector).
import type { LabelSelector } from "../../meta/v1/types.js";
import { type FieldError, forbidden, invalid, required } from "../../validation/field.js";
import { isQualifiedName, isValidLabelValue, validateLabels } from "../../validation/names.js";

export function validateLabelSelector(
  sel: LabelSelector | undefined,
  path: string,
  allowInvalidLabelValue = false,
): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    switch (req.operator) {
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
        errs.push(invalid(`${p}.operator`, req.operator, "not a valid selector operator"));
    }
    for (const m of isQualifiedName(req.key)) errs.push(invalid(`${p}.key`, req.key, m));
    if (!allowInvalidLabelValue)
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) errs.push(invalid(`${p}.values[${j}]`, v, m));
      });
  });
  return errs;
}

/** metav1.FormatLabelSelector as printed in NetworkPolicy's POD-SELECTOR column. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (!sel) return "<none>";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...new Set(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, text: `${e.key} in (${vals})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, text: `${e.key} notin (${vals})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
      default:
        return "<error>";
    }
  }
  // labels.Selector keeps requirements sorted by key (stable for equal keys).
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const s = reqs.map((r) => r.text).join(",");
  return s.length ? s : "<none>";
}
