// What a request is about, as upstream's RequestInfoFactory derives it from method and path:
// /api/v1/namespaces/default/pods/web-0/log → resource pods, name web-0, subresource log, verb get.
import { parseFieldSelector } from "../../api/fields/selector.js";
import { parseLabelSelector } from "../../api/labels/selector.js";
import { nameIsPathSegment } from "../../api/validation/names.js";

export type Verb =
  "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection" | "proxy";

export interface RequestInfo {
  /** False for /version, /healthz, /openapi/..., and the discovery roots. */
  isResourceRequest: boolean;
  path: string;
  /** A Verb for resource requests; the lower-cased HTTP method otherwise. */
  verb: string;
  /** "api" or "apis" for resource requests. */
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  /** From the path, or for a list or watch from a fieldSelector pinning metadata.name. */
  name: string;
  /** Path segments from the resource on. */
  parts: string[];
  /**
   * The raw fieldSelector of a list, watch or deletecollection, for authorizers that read it (upstream
   * AuthorizeWithSelectors); "" for other verbs and for the legacy /watch/ paths.
   */
  fieldSelector: string;
}

const namespaceSubresources = new Set(["status", "finalize"]);

/**
 * Parses method + path; `query` is read only for a list or watch (watch, fieldSelector, and when that pins a
 * name, the other list options).
 */
export function requestInfo(method: string, path: string, query?: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: "",
    apiGroup: "",
    apiVersion: "",
    namespace: "",
    resource: "",
    subresource: "",
    name: "",
    parts: [],
    fieldSelector: "",
  };
  let parts = path.split("/").filter((p, i, all) => !(p === "" && (i === 0 || i === all.length - 1)));
  if (parts.length === 0 || (parts[0] !== "api" && parts[0] !== "apis")) return info;
  info.apiPrefix = parts[0];
  parts = parts.slice(1);
  if (info.apiPrefix === "apis") {
    if (parts.length < 1) return info;
    info.apiGroup = parts[0];
    parts = parts.slice(1);
  }
  if (parts.length < 1) return info;
  info.apiVersion = parts[0];
  parts = parts.slice(1);
  if (parts.length < 1) return info;
  if (parts.some((p) => p === "")) return info;

  info.isResourceRequest = true;
  let legacyWatch = false;
  if (parts[0] === "watch") {
    legacyWatch = true;
    parts = parts.slice(1);
    if (parts.length < 1) {
      info.isResourceRequest = false;
      return info;
    }
  }
  if (parts[0] === "namespaces") {
    if (parts.length > 1) {
      info.namespace = parts[1];
      if (parts.length > 2 && !namespaceSubresources.has(parts[2])) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  info.resource = parts[0];
  if (parts.length >= 2) info.name = parts[1];
  if (parts.length >= 3) info.subresource = parts[2];

  switch (method) {
    case "GET":
    case "HEAD":
      if (legacyWatch) info.verb = "watch";
      else if (info.name) info.verb = "get";
      else {
        // Convert_Slice_string_To_bool, which never fails: anything but "0"/"false" watches
        const watch = query?.get("watch");
        info.verb = watch != null && watch !== "0" && watch.toLowerCase() !== "false" ? "watch" : "list";
        // A list or watch of one object by name is authorized as a request for that name, so RBAC
        // resourceNames and the Node authorizer can allow it (a kubelet watches each ConfigMap and Secret
        // it uses this way). The verb stays list/watch.
        info.name = query ? selectedName(query) : "";
      }
      break;
    case "POST":
      info.verb = "create";
      break;
    case "PUT":
      info.verb = "update";
      break;
    case "PATCH":
      info.verb = "patch";
      break;
    case "DELETE":
      info.verb = info.name ? "delete" : "deletecollection";
      break;
    default:
      info.verb = method.toLowerCase();
  }
  if (!legacyWatch && (info.verb === "list" || info.verb === "watch" || info.verb === "deletecollection"))
    info.fieldSelector = query?.get("fieldSelector") ?? "";
  return info;
}

/**
 * The name a fieldSelector requires exactly (metadata.name=x or ==x, among any other terms), if it is a
 * valid path segment; "" otherwise, and for a selector that does not parse. Upstream decodes all list
 * options first and, when any fails, ignores the selector too; only then are the others looked at here.
 */
function selectedName(query: URLSearchParams): string {
  const fieldSelector = query.get("fieldSelector");
  if (!fieldSelector) return "";
  const parsed = parseFieldSelector(fieldSelector);
  if (!parsed.ok) return "";
  const name = parsed.selector.requiresExactMatch("metadata.name");
  if (name === undefined || nameIsPathSegment(name, false).length > 0) return "";
  return listOptionsDecode(query) ? name : "";
}

/**
 * Whether upstream's ParameterCodec decodes the query into ListOptions. Only these fail it: the selectors
 * (labels.Parse, fields.ParseSelector) and the integers (strconv.ParseInt); booleans, resourceVersion,
 * resourceVersionMatch and continue take any string.
 */
function listOptionsDecode(query: URLSearchParams): boolean {
  const labelSelector = query.get("labelSelector");
  if (labelSelector !== null && !parseLabelSelector(labelSelector).ok) return false;
  for (const p of ["timeoutSeconds", "limit"]) {
    const v = query.get(p);
    if (v !== null && !isInt64(v)) return false;
  }
  return true;
}

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(v, 10, 64) succeeds. */
function isInt64(v: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(v)) return false;
  const n = BigInt(v);
  return n >= int64Min && n <= int64Max;
}

/** The query's boolean parameters as upstream parses them (strconv.ParseBool). */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return undefined;
  switch (v) {
    case "1":
    case "t":
    case "T":
    case "true":
    case "TRUE":
    case "True":
      return true;
    case "0":
    case "f":
    case "F":
    case "false":
    case "FALSE":
    case "False":
      return false;
    default:
      return undefined;
  }
}
