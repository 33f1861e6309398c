// Small field rules shared by the kinds, with upstream's messages
// (ValidateNonnegativeField, ValidateImmutableField, apiequality.Semantic.DeepEqual).
import { type FieldError, invalid } from "./field.js";

export const isNegativeErrorMsg = "must be greater than or equal to 0";
export const fieldImmutableErrorMsg = "field is immutable";

/** ValidateNonnegativeField: `value` < 0 is invalid. Absent values are not checked. */
export function validateNonnegative(value: number | undefined, path: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(path, value, isNegativeErrorMsg)] : [];
}

/**
 * ValidateImmutableField: the new value must equal the old one. `shown` is the bad value as Go prints
 * it when that differs from the JSON value (a map, a selector: see field.ts).
 */
export function validateImmutable(value: unknown, old: unknown, path: string, shown = value): FieldError[] {
  return semanticEqual(value, old) ? [] : [invalid(path, shown, fieldImmutableErrorMsg)];
}

/**
 * Equality of two JSON values as Go compares the decoded structs: a missing field equals its zero
 * value only where Go would omit it, so we treat undefined, null, {} and [] alike.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (a && b && typeof a === "object") {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
    return true;
  }
  return a === b;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v).every(isEmpty);
  return false;
}

/** A deep copy of a JSON value. */
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
