// policy/v1 Eviction: the body of POST pods/{name}/eviction (served by the pods registry, not a
// resource of its own).
import type { Eviction } from "./types.js";

export { Eviction } from "./types.js";

/**
 * Upstream's eviction handler answers 400 BadRequest with this message when the body names another
 * pod than the URL; undefined when they agree.
 */
export function evictionNameMismatch(eviction: Eviction, podName: string): string | undefined {
  return eviction.metadata?.name === podName
    ? undefined
    : "name in URL does not match name in Eviction object";
}
