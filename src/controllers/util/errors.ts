// API error predicates controllers branch on, beyond those the client library has.
import { ApiError } from "../../client/rest/errors.js";

/** errors.HasStatusCause: the Status carries a cause of the given type (e.g. "NamespaceTerminating"). */
export function hasStatusCause(err: unknown, cause: string): boolean {
  return err instanceof ApiError && (err.status.details?.causes ?? []).some((c) => c.reason === cause);
}

export const namespaceTerminatingCause = "NamespaceTerminating";

export const isInvalid = (e: unknown) => e instanceof ApiError && e.code === 422;
export const isMethodNotSupported = (e: unknown) => e instanceof ApiError && e.code === 405;
export const isForbidden = (e: unknown) => e instanceof ApiError && e.code === 403;

/** The message of any thrown value (fmt's %v of an error). */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A thrown value as an Error (rethrowing what a promise rejected with). */
export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
