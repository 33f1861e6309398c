// Patch outcomes as values. A failure carries exactly the fields of the metav1.Status the real
// API server answers with (code, reason, message, details); the caller adds kind/apiVersion/status
// and omits empty fields. Constructors mirror k8s.io/apimachinery/pkg/api/errors.
import { goJSON, goJSONKind, goQuote } from "./gofmt.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface PatchFailure {
  ok: false;
  /** HTTP status code. */
  code: number;
  /** metav1.StatusReason; "" is StatusReasonUnknown (a plain Go error turned into a 500). */
  reason: string;
  message: string;
  /** Present when upstream sets Status.details (even if empty: upstream then sends `"details":{}`). */
  details?: StatusDetails;
}

export type JSONObject = Record<string, unknown>;

export interface PatchSuccess {
  ok: true;
  object: JSONObject;
}

export type PatchResult = PatchSuccess | PatchFailure;

/** errors.NewBadRequest. */
export function badRequest(message: string): PatchFailure {
  return { ok: false, code: 400, reason: "BadRequest", message };
}

/**
 * errors.NewGenericServerResponse(422, ...): upstream discards the underlying error text and sends a
 * fixed message. Used for JSON patch operations that fail and for some strategic-merge errors.
 */
export function genericUnprocessable(): PatchFailure {
  return {
    ok: false,
    code: 422,
    reason: "Invalid",
    message: "the server rejected our request due to an error in our request",
    details: {},
  };
}

/** A Go error that is not an API status: the handler answers 500 with an empty reason and the error text. */
export function unknownError(message: string): PatchFailure {
  return { ok: false, code: 500, reason: "", message };
}

/** errors.NewInternalError. */
export function internalError(message: string): PatchFailure {
  return {
    ok: false,
    code: 500,
    reason: "InternalError",
    message: `Internal error occurred: ${message}`,
    details: { causes: [{ message }] },
  };
}

/** negotiation.NewUnsupportedMediaTypeError. */
export function unsupportedMediaType(accepted: readonly string[]): PatchFailure {
  return {
    ok: false,
    code: 415,
    reason: "UnsupportedMediaType",
    message: `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  };
}

/** errors.NewRequestEntityTooLargeError. */
export function requestEntityTooLarge(message: string): PatchFailure {
  return {
    ok: false,
    code: 413,
    reason: "RequestEntityTooLarge",
    message: `Request entity too large: ${message}`,
  };
}

/** A field.Error as errors.NewInvalid consumes it. */
export interface FieldError {
  /** field.ErrorType string, e.g. "FieldValueRequired". */
  type: string;
  field: string;
  /** ErrorBody(): "Required value: is required for apply patch". */
  body: string;
}

/** errors.NewInvalid(groupKind, name, errs). */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): PatchFailure {
  const qualified = group ? `${kind}.${group}` : kind;
  const lines = errs.map((e) => `${e.field}: ${e.body}`);
  const agg = lines.length === 1 ? lines[0] : `[${lines.join(", ")}]`;
  const head = `${qualified} ${goQuote(name)} is invalid`;
  const message = lines.length === 0 ? head : `${head}: ${agg}`;
  const details: StatusDetails = {
    causes: errs.map((e) => ({ reason: e.type, message: e.body, field: e.field })),
  };
  if (group) details.group = group;
  if (kind) details.kind = kind;
  if (name) details.name = name;
  return { ok: false, code: 422, reason: "Invalid", message, details };
}

/**
 * The patched document is not an object, so it cannot decode into the resource: upstream answers
 * 422 Invalid on field "patch" with the JSON decoder's complaint.
 */
export function undecodablePatchedObject(v: unknown): PatchFailure {
  const detail =
    `couldn't get version/kind; json parse error: json: cannot unmarshal ${goJSONKind(v)} into Go value of type ` +
    'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
  return invalid("", "", "", [
    { type: "FieldValueInvalid", field: "patch", body: `Invalid value: ${goQuote(goJSON(v))}: ${detail}` },
  ]);
}
