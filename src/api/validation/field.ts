// Field errors as upstream's k8s.io/apimachinery/pkg/util/validation/field: each becomes one
// Status cause {reason: type, message, field} and one "* field: message" line in kubectl's output.

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooShort"
  | "FieldValueTooMany"
  | "FieldValueTooFew"
  | "InternalError"
  | "FieldValueTypeInvalid";

export interface FieldError {
  type: FieldErrorType;
  /** Path as upstream prints it: "spec.containers[0].image", "metadata.labels[app]". */
  field: string;
  /**
   * The value as Go holds it (null for nil); see errorBody for how each kind prints. `omitValue` (Go's
   * field.OmitValueType{}) or undefined prints none.
   */
  badValue?: unknown;
  detail?: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooShort: "Too short",
  FieldValueTooMany: "Too many",
  FieldValueTooFew: "Too few",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** Types whose message never shows the bad value (ErrorBody's first case). */
const withoutValue = new Set<FieldErrorType>([
  "FieldValueRequired",
  "FieldValueForbidden",
  "FieldValueTooLong",
  "FieldValueTooShort",
  "InternalError",
]);

/** field.OmitValueType: a bad value that is left out of the message (TooMany with a negative count). */
export const omitValue: unique symbol = Symbol("omitValue");

/**
 * The message part of one error, as upstream's ErrorBody (apimachinery 1.34+): int32/int64/float/bool
 * values print with %v, strings with %q (Go quoting), anything else as Go's json.Marshal of the Go value
 * (`null` for nil; lists and maps as JSON, maps with sorted keys — see goMap; Go structs of the
 * internal API types have no json tags, so their JSON keys are the Go field names — see callers).
 */
export function errorBody(e: FieldError): string {
  let s = typeText[e.type];
  const shown = e.badValue !== omitValue && e.badValue !== undefined;
  if (!withoutValue.has(e.type) && shown) s += ": " + formatValue(e.badValue);
  if (e.detail) s += ": " + e.detail;
  return s;
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : goFloat(v);
  return goJSON(v);
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

const isPrintable = (ch: string) => /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const shortEscapes: Record<string, string> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

/** Go's strconv.Quote (the %q verb): printable Unicode as is, the rest escaped Go's way. */
export function goQuote(s: string): string {
  let out = '"';
  for (let ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate cannot come out of Go's JSON decoder: it reads one as U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) [ch, cp] = ["\ufffd", 0xfffd];
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0x80 && isPrintable(ch))) out += ch;
    else if (shortEscapes[ch]) out += shortEscapes[ch];
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp < 0x10000) out += "\\u" + hex(cp, 4);
    else out += "\\U" + hex(cp, 8);
  }
  return out + '"';
}

/** Go's %v of a float64 (%g, shortest digits): %e form below 1e-4 or from 1e6, exponent of two or more digits. */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : "-Inf";
  const [digits, expText] = n.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${digits}e${exp < 0 ? "-" : "+"}${e}`;
  }
  return String(n);
}

/** A Go map for a bad value: json.Marshal writes map keys sorted. */
export function goMap(m: Record<string, unknown> | undefined | null): Map<string, unknown> | null {
  if (!m) return null;
  return new Map(
    Object.keys(m)
      .sort()
      .map((k) => [k, m[k]]),
  );
}

/** Go's json.Marshal (HTML-safe escaping; a Map in its order; undefined members left out, as omitempty). */
export function goJSON(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goJSONString(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : "null";
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v)) return `[${v.map(goJSON).join(",")}]`;
  const entries = v instanceof Map ? [...(v as Map<unknown, unknown>)] : Object.entries(v);
  const members = entries
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${goJSONString(String(k))}:${goJSON(x)}`);
  return `{${members.join(",")}}`;
}

function goJSONString(s: string): string {
  return JSON.stringify(s.replace(/\p{Cs}/gu, "\ufffd")).replace(
    /[<>&\u2028\u2029]/g,
    (c) => "\\u" + hex(c.charCodeAt(0), 4),
  );
}

export const required = (field: string, detail = ""): FieldError => ({
  type: "FieldValueRequired",
  field,
  detail,
});
export const invalid = (field: string, badValue: unknown, detail = ""): FieldError => ({
  type: "FieldValueInvalid",
  field,
  badValue,
  detail,
});
export const forbidden = (field: string, detail: string): FieldError => ({
  type: "FieldValueForbidden",
  field,
  detail,
});
export const duplicate = (field: string, badValue: unknown): FieldError => ({
  type: "FieldValueDuplicate",
  field,
  badValue,
});
export const notFound = (field: string, badValue: unknown): FieldError => ({
  type: "FieldValueNotFound",
  field,
  badValue,
});
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** TooLong: the value is never shown; a negative max says only "value is too long". */
export const tooLong = (field: string, _value: unknown, max: number): FieldError => ({
  type: "FieldValueTooLong",
  field,
  detail: max >= 0 ? `may not be more than ${plural(max, "byte", "bytes")}` : "value is too long",
});
/** TooLongCharacters: as TooLong, counted in characters. */
export const tooLongCharacters = (field: string, _value: unknown, max: number): FieldError => ({
  type: "FieldValueTooLong",
  field,
  detail: max >= 0 ? `may not be more than ${plural(max, "character", "characters")}` : "value is too long",
});
/** TooShort: "must be at least N characters". */
export const tooShort = (field: string, value: string, min: number): FieldError => ({
  type: "FieldValueTooShort",
  field,
  badValue: value,
  detail: min >= 0 ? `must be at least ${plural(min, "character", "characters")}` : "value is too short",
});
/** TooMany: the actual count is shown unless negative. */
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: "FieldValueTooMany",
  field,
  badValue: actual >= 0 ? actual : omitValue,
  detail: max >= 0 ? `must have at most ${plural(max, "item", "items")}` : "has too many items",
});
/** TooFew: "must have at least N items". */
export const tooFew = (field: string, actual: number, min: number): FieldError => ({
  type: "FieldValueTooFew",
  field,
  badValue: actual,
  detail: min >= 0 ? `must have at least ${plural(min, "item", "items")}` : "has too few items",
});
/** NotSupported: the supported values are each quoted with %q. */
export function notSupported(field: string, badValue: unknown, valid: string[]): FieldError {
  const detail = valid.length ? "supported values: " + valid.map(goQuote).join(", ") : "";
  return { type: "FieldValueNotSupported", field, badValue, detail };
}

/** Builds field paths like upstream's field.Path: child("spec").child("containers").index(0). */
export class Path {
  constructor(readonly s: string = "") {}
  child(name: string): Path {
    return new Path(this.s ? `${this.s}.${name}` : name);
  }
  index(i: number): Path {
    return new Path(`${this.s}[${i}]`);
  }
  key(k: string): Path {
    return new Path(`${this.s}[${k}]`);
  }
  toString(): string {
    return this.s;
  }
}
export const root = (name: string) => new Path(name);
