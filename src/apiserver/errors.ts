// API errors as upstream's k8s.io/apimachinery/pkg/api/errors: every failure leaves the server as a
// metav1.Status with upstream's code, reason, message and details. Handlers throw StatusError; the one
// catch point in the request pipeline writes it.
import { type FieldError, errorBody, errorString } from "../api/validation/field.js";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: { resourceVersion?: string; continue?: string };
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A group and a resource ("deployments.apps"), as upstream's schema.GroupResource. */
export interface GroupResource {
  group: string;
  resource: string;
}

export const qualified = (gr: { group: string; resource: string }): string =>
  gr.group ? `${gr.resource}.${gr.group}` : gr.resource;

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? "unknown");
    this.name = "StatusError";
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? "";
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  // Key order as upstream serializes a Status: kind, apiVersion, metadata, status, message, reason, details, code.
  const s = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message } as Status;
  if (reason) s.reason = reason;
  if (details) s.details = details;
  s.code = code;
  return new StatusError(s);
}

function grDetails(gr: GroupResource, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  if (gr.resource) d.kind = gr.resource;
  return d;
}

export const notFound = (gr: GroupResource, name: string) =>
  failure(404, "NotFound", `${qualified(gr)} "${name}" not found`, grDetails(gr, name));

export const alreadyExists = (gr: GroupResource, name: string) =>
  failure(409, "AlreadyExists", `${qualified(gr)} "${name}" already exists`, grDetails(gr, name));

/** The generated name collided (upstream NewGenerateNameConflict). */
export function generateNameConflict(gr: GroupResource, name: string, retryAfterSeconds: number) {
  const d = grDetails(gr, name);
  d.retryAfterSeconds = retryAfterSeconds;
  return failure(
    409,
    "AlreadyExists",
    `${qualified(gr)} "${name}" already exists, the server was not able to generate a unique name for the object`,
    d,
  );
}

export const conflict = (gr: GroupResource, name: string, message: string) =>
  failure(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${message}`,
    grDetails(gr, name),
  );

export const optimisticLockErrorMsg =
  "the object has been modified; please apply your changes to the latest version and try again";

/** Aggregated text of field errors (field.ErrorList.ToAggregate().Error(): de-duplicated, bracketed when many). */
export function aggregateFieldErrors(errs: FieldError[]): string {
  const msgs: string[] = [];
  for (const e of errs) {
    const m = errorString(e);
    if (!msgs.includes(m)) msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
}

/** 422 with one cause per field error (upstream NewInvalid). `kind` is a Kind, or a resource where upstream passes one. */
export function invalid(gk: { group: string; kind: string }, name: string, errs: FieldError[]) {
  const qk = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (gk.group) details.group = gk.group;
  if (gk.kind) details.kind = gk.kind;
  details.causes = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  const message = errs.length
    ? `${qk} "${name}" is invalid: ${aggregateFieldErrors(errs)}`
    : `${qk} "${name}" is invalid`;
  return failure(422, "Invalid", message, details);
}

export const badRequest = (message: string) => failure(400, "BadRequest", message);

export const unauthorized = (message = "Unauthorized") => failure(401, "Unauthorized", message);

export function forbidden(gr: GroupResource, name: string, err: string) {
  let message: string;
  if (!gr.group && !gr.resource) message = `forbidden: ${err}`;
  else if (!name) message = `${qualified(gr)} is forbidden: ${err}`;
  else message = `${qualified(gr)} "${name}" is forbidden: ${err}`;
  return failure(403, "Forbidden", message, grDetails(gr, name));
}

export const methodNotSupported = (gr: GroupResource, action: string) =>
  failure(
    405,
    "MethodNotAllowed",
    `${action} is not supported on resources of kind "${qualified(gr)}"`,
    grDetails(gr),
  );

/** What go-restful answers for a method no route serves (upstream NewGenericServerResponse(405, ...)). */
export const methodNotAllowed = () =>
  failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", {
    causes: [{ reason: "UnexpectedServerResponse", message: "405: Method Not Allowed" }],
  });

/** The API 404 for paths no resource serves. */
export const resourceNotFound = () =>
  failure(404, "NotFound", "the server could not find the requested resource", {});

export const notAcceptable = (accepted: string[]) =>
  failure(406, "NotAcceptable", `only the following media types are accepted: ${accepted.join(", ")}`);

/** NotAcceptable with a custom message (as handlers/response.go errNotAcceptable). */
export const notAcceptableMessage = (message: string) => failure(406, "NotAcceptable", message);

export const unsupportedMediaType = (accepted: string[]) =>
  failure(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );

export const requestEntityTooLarge = (message: string) =>
  failure(413, "RequestEntityTooLarge", `Request entity too large: ${message}`);

export const resourceExpired = (message: string) => failure(410, "Expired", message);

export const gone = (message: string) => failure(410, "Gone", message);

export function timeout(message: string, retryAfterSeconds: number) {
  return failure(
    504,
    "Timeout",
    `Timeout: ${message}`,
    retryAfterSeconds ? { retryAfterSeconds } : undefined,
  );
}

/** The storage did not reach the requested resourceVersion in time (upstream NewTooLargeResourceVersionError). */
export function tooLargeResourceVersion(minimum: number, current: number, retryAfterSeconds: number) {
  const message = `Too large resource version: ${minimum}, current: ${current}`;
  return failure(504, "Timeout", `Timeout: ${message}`, {
    causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }],
    retryAfterSeconds,
  });
}

export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  failure(429, "TooManyRequests", message, retryAfterSeconds ? { retryAfterSeconds } : undefined);

export const serviceUnavailable = (reason: string) => failure(503, "ServiceUnavailable", reason);

/** 500 for a failure the client cannot fix. Only the error's message is shown, never a stack. */
export function internalError(err: unknown) {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, "InternalError", `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

/** Any thrown value as a StatusError (unexpected errors become InternalError). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  return internalError(err);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === "NotFound";
}
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === "AlreadyExists";
}
export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.reason === "Conflict";
}
