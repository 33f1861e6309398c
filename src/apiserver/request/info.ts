// What a request is about, as upstream's RequestInfoFactory derives it from method and path:
// /api/v1/namespaces/default/pods/web-0/log → resource pods, name web-0, subresource log, verb get.
import { parseFieldSelector } from "../../api/fields/selector.js";
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
 * Parses method + path (without query). `watch` is the query's watch flag, `fieldSelector` its
 * fieldSelector parameter.
 */
export function requestInfo(
  method: string,
  path: string,
  watch: boolean,
  fieldSelector?: string | null,
): RequestInfo {
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
        info.verb = watch ? "watch" : "list";
        // A list or watch of one object by name is authorized as a request for that name, so RBAC
        // resourceNames and the Node authorizer can allow it (a kubelet watches each ConfigMap and Secret
        // it uses this way). The verb stays list/watch.
        info.name = selectedName(fieldSelector);
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
    info.fieldSelector = fieldSelector ?? "";
  return info;
}

/**
 * The name a fieldSelector requires exactly (metadata.name=x or ==x, among any other terms), if it is a
 * valid path segment; "" otherwise, and for a selector that does not parse (upstream then ignores it).
 */
function selectedName(fieldSelector: string | null | undefined): string {
  if (!fieldSelector) return "";
  const parsed = parseFieldSelector(fieldSelector);
  if (!parsed.ok) return "";
  const name = parsed.selector.requiresExactMatch("metadata.name");
  if (name === undefined || nameIsPathSegment(name, false).length > 0) return "";
  return name;
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
