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
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

export interface FieldError {
  type: FieldErrorType;
  /** Path as upstream prints it: "spec.containers[0].image", "metadata.labels[app]". */
  field: string;
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
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

/** Types whose message does not show the bad value (as upstream's ErrorBody). */
const omitValue = new Set<FieldErrorType>([
  "FieldValueRequired",
  "FieldValueForbidden",
  "FieldValueTooLong",
  "InternalError",
]);

function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (Array.isArray(v) || typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** The message part of one error, e.g. `Invalid value: "Foo": a lowercase RFC 1123 ...`. */
export function errorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (!omitValue.has(e.type) && e.badValue !== undefined && e.type !== "FieldValueNotFound") {
    s += ": " + formatValue(e.badValue);
  } else if (e.type === "FieldValueNotFound" && e.badValue !== undefined) {
    s += ": " + formatValue(e.badValue);
  }
  if (e.detail) s += ": " + e.detail;
  return s;
}

/** `spec.replicas: Invalid value: -1: must be greater than or equal to 0` */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
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
export const tooLong = (field: string, badValue: unknown, max: number): FieldError => ({
  type: "FieldValueTooLong",
  field,
  badValue,
  detail: `may not be more than ${max} bytes`,
});
export function notSupported(field: string, badValue: unknown, valid: string[]): FieldError {
  const detail = valid.length ? "supported values: " + valid.map((v) => JSON.stringify(v)).join(", ") : "";
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
