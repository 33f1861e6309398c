// Label values of the request metrics, derived as upstream's endpoints/metrics package derives them
// (CanonicalVerb, CleanVerb, cleanDryRun) and as its route installer picks a route's scope.

/** Verbs reported as themselves; anything else is "other" (upstream's validRequestMethods). */
const reportedVerbs = new Set([
  "APPLY",
  "CONNECT",
  "CREATE",
  "DELETE",
  "DELETECOLLECTION",
  "GET",
  "LIST",
  "PATCH",
  "POST",
  "PROXY",
  "PUT",
  "UPDATE",
  "WATCH",
  "WATCHLIST",
]);

/** Subresources whose requests are reported as CONNECT (upstream's validConnectRequests). */
const connectSubresources = new Set(["log", "exec", "portforward", "attach", "proxy"]);

/** Requests that stay open: not counted in flight, counted in apiserver_longrunning_requests instead
 * (upstream's BasicLongRunningRequestCheck with kube-apiserver's verbs and subresources). */
const longRunningVerbs = new Set(["watch", "proxy"]);
const longRunningSubresources = new Set(["attach", "exec", "proxy", "log", "portforward"]);
/** The verbs the in-flight limit counts as read-only; every other one is mutating. */
const readOnlyVerbs = new Set(["get", "list", "watch"]);

export interface VerbInput {
  /** The HTTP method. */
  method: string;
  /** The metrics scope: "resource", "namespace", "cluster", or "" for a non-resource path. */
  scope: string;
  /** A legacy /watch/ path: its route's verb is WATCH or WATCHLIST, which upstream reports as WATCH. */
  legacyWatch: boolean;
  /** The first `watch` query value, or null. */
  watch: string | null;
  contentType: string | undefined;
  /** The subresource of a resource request ("" otherwise). */
  subresource: string;
}

/** The verb label: LIST vs GET by scope, WATCH for watches, APPLY for apply patches, CONNECT for streams. */
export function reportedVerb(v: VerbInput): string {
  if (v.legacyWatch) return "WATCH";
  const method = v.method.toUpperCase();
  let verb = method;
  if (method === "GET" || method === "HEAD") verb = v.scope !== "resource" && v.scope !== "" ? "LIST" : "GET";
  // any value but "0" and "false" turns a GET into a watch, as Convert_Slice_string_To_bool reads it
  if (method === "GET" && v.watch !== null) {
    const w = v.watch.toLowerCase();
    if (w !== "0" && w !== "false") verb = "WATCH";
  }
  if (verb === "PATCH" && v.contentType === "application/apply-patch+yaml") verb = "APPLY";
  if (v.subresource && connectSubresources.has(v.subresource)) verb = "CONNECT";
  return reportedVerbs.has(verb) ? verb : "other";
}

/**
 * The scope label of a resource request, as the installer gives each route: "resource" for a route with
 * {name} in its path and for POST, "namespace" for a namespaced collection, "cluster" otherwise (a
 * cluster-scoped collection, or a namespaced one across all namespaces). A list narrowed to one name by a
 * fieldSelector is still on its collection's route.
 */
export function resourceScope(method: string, nameInPath: boolean, namespaceInPath: boolean): string {
  if (nameInPath || method === "POST") return "resource";
  return namespaceInPath ? "namespace" : "cluster";
}

/** The dry_run label: "" without dryRun, "All", or "invalid" for a value the API rejects. */
export function dryRunLabel(query: URLSearchParams): string {
  const values = query.getAll("dryRun");
  if (values.length === 0) return "";
  return values.every((v) => v === "All") ? "All" : "invalid";
}

export function isLongRunning(verb: string, subresource: string): boolean {
  return longRunningVerbs.has(verb) || longRunningSubresources.has(subresource);
}

export function isReadOnly(verb: string): boolean {
  return readOnlyVerbs.has(verb);
}

/** Whether upstream records apiserver_response_sizes: for routes whose verb is GET or LIST (a ?watch=true
 * request is on the LIST route, pods/log on a GET one; a legacy /watch/ path and exec, attach,
 * portforward and proxy are not). */
export function recordsResponseSize(verb: string, legacyWatch: boolean, subresource: string): boolean {
  if (verb === "get") return subresource === "log" || !longRunningSubresources.has(subresource);
  return verb === "list" || (verb === "watch" && !legacyWatch);
}
