// pods/{id}/proxy[/path] and services/{id}/proxy[/path] (upstream ProxyREST in
// pkg/registry/core/pod/rest/subresources.go and pkg/registry/core/service/proxy.go): any of upstream's
// proxy methods, to the location ResourceLocation picks, straight from the API server.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { badRequest, isNotFound, methodNotAllowed } from "../errors.js";
import { podLocation, serviceLocation, splitSchemeNamePort, type ProxyLocation } from "./location.js";
import { backendPath, proxyRequest, proxyUpgrade, type ProxyTarget } from "./upgradeaware.js";

type Json = Record<string, any>;

/** upstream's proxyMethods: the routes ProxyREST installs. */
export const proxyMethods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export interface ProxySubresourceDeps {
  /** Objects of the core group by plural (NotFound as a StatusError). */
  get(plural: "pods" | "services" | "endpoints", namespace: string, name: string): Promise<Json>;
  /** Which pod IPs pods/proxy may reach; upstream's IsGlobalUnicast unless set. */
  podAddressAllowed?: (ip: string) => boolean;
}

export interface ProxyRequest {
  resource: "pods" | "services";
  namespace: string;
  /** `[scheme:]name[:port]` */
  id: string;
  /** The request's decoded path. */
  path: string;
  /** The request's raw path and query. */
  rawPath: string;
  search: string;
}

async function location(r: ProxyRequest, deps: ProxySubresourceDeps): Promise<ProxyLocation> {
  const id = splitSchemeNamePort(r.id);
  if (r.resource === "pods") {
    if (!id) throw badRequest(`invalid pod request "${r.id}"`);
    return podLocation(await deps.get("pods", r.namespace, id.name), id, deps.podAddressAllowed);
  }
  if (!id) throw badRequest(`invalid service request "${r.id}"`);
  return serviceLocation(r.namespace, r.id, id, {
    getService: (name) => deps.get("services", r.namespace, name),
    getEndpoints: (name) => deps.get("endpoints", r.namespace, name),
    findPod: (name) =>
      deps.get("pods", r.namespace, name).catch((e: unknown) => {
        if (isNotFound(e)) return undefined;
        throw e;
      }),
  });
}

/** The backend location and path of a proxy request. */
async function target(r: ProxyRequest, deps: ProxySubresourceDeps): Promise<ProxyTarget> {
  const proxyPrefix = `/api/v1/namespaces/${r.namespace}/${r.resource}/${r.id}/proxy`;
  const subpath = r.path.startsWith(proxyPrefix) ? r.path.slice(proxyPrefix.length) : "";
  return {
    location: await location(r, deps),
    path: backendPath(subpath),
    search: r.search,
    proxyPrefix,
    rawPath: r.rawPath,
  };
}

export async function serveProxy(
  req: IncomingMessage,
  res: ServerResponse,
  r: ProxyRequest,
  deps: ProxySubresourceDeps,
): Promise<void> {
  if (!proxyMethods.has(req.method ?? "GET")) throw methodNotAllowed();
  await proxyRequest(req, res, await target(r, deps));
}

export async function serveProxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  r: ProxyRequest,
  deps: ProxySubresourceDeps,
): Promise<void> {
  if (!proxyMethods.has(req.method ?? "GET")) throw methodNotAllowed();
  await proxyUpgrade(req, socket, head, await target(r, deps));
}
