// IntOrString "int or percent" rules (apps and policy validation), with upstream's messages.
import { type FieldError, invalid } from "./field.js";
import { isNegativeErrorMsg } from "./fieldrules.js";

export type IntOrPercent = number | string;

const percentRe = /^[0-9]+%$/;
const percentMsg =
  "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')";

/** validation.IsValidPercent */
export function isValidPercent(s: string): string[] {
  return percentRe.test(s) ? [] : [percentMsg];
}

/** ValidatePositiveIntOrPercent: a non-negative integer or a valid percent string. */
export function validatePositiveIntOrPercent(v: IntOrPercent | undefined, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === "string") return isValidPercent(v).map((m) => invalid(path, v, m));
  return v < 0 ? [invalid(path, v, isNegativeErrorMsg)] : [];
}

/** The percent value when `v` is a valid percent string. */
export function percentValue(v: IntOrPercent | undefined): number | undefined {
  if (typeof v !== "string" || !percentRe.test(v)) return undefined;
  return Number(v.slice(0, -1));
}

/** getIntOrPercentValue: the percent number, or the integer (an unparsable string counts as 0). */
export function intOrPercentValue(v: IntOrPercent | undefined): number {
  const p = percentValue(v);
  if (p !== undefined) return p;
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?[0-9]+$/.test(v)) return Number(v);
  return 0;
}

/** IsNotMoreThan100Percent */
export function isNotMoreThan100Percent(v: IntOrPercent | undefined, path: string): FieldError[] {
  const p = percentValue(v);
  return p !== undefined && p > 100 ? [invalid(path, v, "must not be greater than 100%")] : [];
}
