// The pod subresources the API server serves from the node's kubelet (upstream pkg/registry/core/pod/rest
// log.go, subresources.go and strategy.go LogLocation/ExecLocation/AttachLocation/PortForwardLocation):
// pods/log streams the kubelet's /containerLogs; pods/exec, pods/attach and pods/portforward are upgrades
// proxied byte for byte to the kubelet's /exec, /attach and /portForward, so WebSocket and SPDY both pass.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { badRequest, internalError, invalid, StatusError, type Status } from "../errors.js";
import { invalid as invalidField } from "../../api/validation/field.js";
import {
  dialKubelet,
  kubeletGet,
  kubeletLocation,
  kubeletRequest,
  type KubeletClientConfig,
} from "./kubelet.js";
import { spliceUpgrade } from "./upgradeaware.js";

type Json = Record<string, any>;

export interface PodProxyDeps {
  /** The pod (NotFound as a StatusError). */
  getPod(namespace: string, name: string): Promise<Json>;
  getNode(name: string): Promise<Json>;
  /** Without it the API server cannot reach kubelets. */
  kubelet?: KubeletClientConfig;
}

const allNames = (pod: Json, key: string): string[] =>
  ((pod.spec?.[key] ?? []) as Json[]).map((c) => c.name as string);

/** Any container of the pod: init, regular or ephemeral. */
function hasContainer(pod: Json, name: string): boolean {
  return ["initContainers", "containers", "ephemeralContainers"].some((k) => allNames(pod, k).includes(name));
}

/** The container a log request means (upstream validateContainer in strategy.go). */
export function logContainer(pod: Json, container: string): string {
  const name = pod.metadata?.name as string;
  if (container) {
    if (!hasContainer(pod, container))
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const containers = allNames(pod, "containers");
  if (containers.length === 1) return containers[0];
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  const every = [...allNames(pod, "initContainers"), ...containers, ...allNames(pod, "ephemeralContainers")];
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${every.join(" ")}]`);
}

/** The container an exec or attach means (upstream streamLocation). */
export function streamContainer(pod: Json, container: string): string {
  const name = pod.metadata?.name as string;
  if (container) {
    if (!hasContainer(pod, container))
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const containers = allNames(pod, "containers");
  if (containers.length === 1) return containers[0];
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]`;
  const init = allNames(pod, "initContainers");
  if (init.length) msg += ` or one of the init containers: [${init.join(" ")}]`;
  throw badRequest(msg);
}

const logParams = [
  "follow",
  "previous",
  "timestamps",
  "tailLines",
  "sinceSeconds",
  "sinceTime",
  "limitBytes",
  "insecureSkipTLSVerifyBackend",
];

/** upstream ValidatePodLogOptions. */
function validateLogOptions(name: string, q: URLSearchParams): void {
  const errs = [];
  const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
  const tail = num("tailLines");
  if (tail !== undefined && tail < 0)
    errs.push(invalidField("tailLines", tail, "must be greater than or equal to 0"));
  const limit = num("limitBytes");
  if (limit !== undefined && limit < 1)
    errs.push(invalidField("limitBytes", limit, "must be greater than 0"));
  const since = num("sinceSeconds");
  if (since !== undefined && since < 1)
    errs.push(invalidField("sinceSeconds", since, "must be greater than 0"));
  if (q.has("sinceSeconds") && q.has("sinceTime"))
    errs.push(invalidField("", "", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
  if (errs.length) throw invalid({ group: "", kind: "PodLogOptions" }, name, errs);
}

/** The kubelet's error answer as upstream's GenericHttpResponseChecker turns it into a Status. */
async function kubeletError(res: IncomingMessage, name: string): Promise<StatusError> {
  const chunks: Buffer[] = [];
  for await (const c of res) {
    chunks.push(c as Buffer);
    if (chunks.reduce((n, b) => n + b.length, 0) > 4096) break;
  }
  const body = Buffer.concat(chunks).toString().trim();
  const code = res.statusCode ?? 500;
  if (code === 400) return badRequest(body);
  if (code === 500) return internalError(new Error(body));
  const status: Status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message:
      code === 404
        ? `the server could not find the requested resource ( pods/log ${name})`
        : `the server responded with the status code ${code} but did not return more information ( pods/log ${name})`,
    reason: code === 404 ? "NotFound" : code === 403 ? "Forbidden" : code === 401 ? "Unauthorized" : "",
    code,
  };
  if (!status.reason) delete status.reason;
  return new StatusError(status);
}

/** GET pods/{name}/log. */
export async function podLog(
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
  name: string,
  q: URLSearchParams,
  deps: PodProxyDeps,
): Promise<void> {
  validateLogOptions(name, q);
  const pod = await deps.getPod(namespace, name);
  const container = logContainer(pod, q.get("container") ?? "");
  const nodeName = pod.spec?.nodeName as string | undefined;
  if (!nodeName) {
    // Not yet on a node: an empty log, as upstream's LocationStreamer with no location.
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end();
    return;
  }
  if (!deps.kubelet) throw internalError(new Error("the API server has no kubelet client credentials"));
  const loc = kubeletLocation(await deps.getNode(nodeName));
  const kq = new URLSearchParams();
  for (const k of logParams) if (q.has(k)) kq.set(k, q.get(k)!);
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}${kq.size ? `?${kq}` : ""}`;
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const kres = await kubeletGet(deps.kubelet, loc, path, abort.signal);
  if ((kres.statusCode ?? 500) < 200 || (kres.statusCode ?? 500) > 206) throw await kubeletError(kres, name);
  res.writeHead(200, { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" });
  res.flushHeaders();
  kres.on("error", () => res.end());
  kres.pipe(res);
  await new Promise<void>((resolve) => {
    res.once("close", resolve);
    res.once("finish", resolve);
  });
}

/** Writes a Status as a plain HTTP answer to an upgrade request and closes the socket. */
export function writeUpgradeError(socket: Duplex, e: StatusError): void {
  const body = JSON.stringify(e.status);
  const phrase: Record<number, string> = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
  };
  socket.end(
    `HTTP/1.1 ${e.code} ${phrase[e.code] ?? "Error"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Headers not passed on to the kubelet: the client's credentials and hop-by-hop host. */
const dropHeaders = new Set([
  "authorization",
  "host",
  "impersonate-user",
  "impersonate-group",
  "impersonate-uid",
  "proxy-authorization",
]);

/** pods/exec, pods/attach, pods/portforward: validated here, then the upgrade goes to the kubelet. */
export async function podStreamUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  o: {
    namespace: string;
    name: string;
    subresource: "exec" | "attach" | "portforward";
    query: URLSearchParams;
  },
  deps: PodProxyDeps,
): Promise<void> {
  const pod = await deps.getPod(o.namespace, o.name);
  let path: string;
  const ns = encodeURIComponent(o.namespace);
  const pn = encodeURIComponent(o.name);
  const q = new URLSearchParams(o.query);
  if (o.subresource === "portforward") {
    path = `/portForward/${ns}/${pn}`;
  } else {
    const container = streamContainer(pod, q.get("container") ?? "");
    q.delete("container");
    path = `/${o.subresource}/${ns}/${pn}/${encodeURIComponent(container)}`;
  }
  const nodeName = pod.spec?.nodeName as string | undefined;
  if (!nodeName) throw badRequest(`pod ${o.name} does not have a host assigned`);
  if (!deps.kubelet) throw internalError(new Error("the API server has no kubelet client credentials"));
  const loc = kubeletLocation(await deps.getNode(nodeName));
  const qs = q.toString();
  const upstream = await dialKubelet(deps.kubelet, loc);
  const lines = [
    `${req.method ?? "GET"} ${path}${qs ? `?${qs}` : ""} HTTP/1.1`,
    `Host: ${loc.host}:${loc.port}`,
  ];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    if (!dropHeaders.has(req.rawHeaders[i].toLowerCase()))
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  upstream.write(lines.join("\r\n") + "\r\n\r\n");
  if (head.length) upstream.write(head);
  await spliceUpgrade(upstream, socket);
}

/** Request headers passed to the kubelet through nodes/proxy. */
const proxiedRequestHeaders = ["accept", "content-type", "content-length", "user-agent"];
/** Response headers passed back. */
const proxiedResponseHeaders = ["content-type", "content-length", "cache-control", "content-encoding"];

/** nodes/{name}/proxy/{path}: the request relayed to the node's kubelet (upstream NodeREST proxy). */
export async function nodeProxy(
  req: IncomingMessage,
  res: ServerResponse,
  nodeName: string,
  path: string,
  search: string,
  deps: PodProxyDeps,
): Promise<void> {
  if (!deps.kubelet) throw internalError(new Error("the API server has no kubelet client credentials"));
  const loc = kubeletLocation(await deps.getNode(nodeName));
  const headers: Record<string, string> = {};
  for (const h of proxiedRequestHeaders) {
    const v = req.headers[h];
    if (typeof v === "string") headers[h] = v;
  }
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const method = req.method ?? "GET";
  const hasBody = !["GET", "HEAD", "DELETE", "OPTIONS"].includes(method);
  const kres = await kubeletRequest(
    deps.kubelet,
    loc,
    method,
    `${path}${search}`,
    headers,
    hasBody ? req : undefined,
    abort.signal,
  );
  const out: Record<string, string> = {};
  for (const h of proxiedResponseHeaders) {
    const v = kres.headers[h];
    if (typeof v === "string") out[h] = v;
  }
  res.writeHead(kres.statusCode ?? 502, out);
  kres.on("error", () => res.end());
  kres.pipe(res);
  await new Promise<void>((resolve) => {
    res.once("close", resolve);
    res.once("finish", resolve);
  });
}
