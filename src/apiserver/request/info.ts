// What a request is about, as upstream's RequestInfoFactory derives it from method and path:
// /api/v1/namespaces/default/pods/web-0/log → resource pods, name web-0, subresource log, verb get.

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
  name: string;
  /** Path segments from the resource on. */
  parts: string[];
}

const namespaceSubresources = new Set(["status", "finalize"]);

/** Parses method + path (without query). `watch` is the query's watch flag. */
export function requestInfo(method: string, path: string, watch: boolean): RequestInfo {
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
      info.verb = legacyWatch ? "watch" : info.name ? "get" : watch ? "watch" : "list";
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
  return info;
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
