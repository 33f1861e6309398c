// How the API server reaches a node's kubelet (upstream pkg/kubelet/client): HTTPS to the Node's address
// (InternalIP first, as k3s prefers it) and status.daemonEndpoints.kubeletEndpoint.Port, with the
// apiserver-kubelet-client certificate. The kubelet's serving certificate is verified only when a CA
// is given (upstream --kubelet-certificate-authority; without it, upstream skips verification too).
import { connect, type TLSSocket } from "node:tls";
import type { IncomingMessage } from "node:http";
import { request } from "node:https";
import { badRequest, StatusError } from "../errors.js";

export interface KubeletClientConfig {
  cert: string;
  key: string;
  /** Verifies the kubelets' serving certificates when set. */
  ca?: string;
}

export interface KubeletLocation {
  host: string;
  port: number;
}

type Json = Record<string, any>;

const addressOrder = ["InternalIP", "Hostname", "InternalDNS", "ExternalIP", "ExternalDNS"];

/** The kubelet endpoint a Node advertises; BadRequest when it has no address. */
export function kubeletLocation(node: Json): KubeletLocation {
  const addrs = (node.status?.addresses ?? []) as { type: string; address: string }[];
  let host: string | undefined;
  for (const t of addressOrder) {
    host = addrs.find((a) => a.type === t && a.address)?.address;
    if (host) break;
  }
  if (!host) throw badRequest(`no preferred addresses found; known addresses: ${JSON.stringify(addrs)}`);
  const port = Number(node.status?.daemonEndpoints?.kubeletEndpoint?.Port) || 10250;
  return { host, port };
}

function tlsOptions(cfg: KubeletClientConfig, loc: KubeletLocation) {
  const isIP = /^[\d.]+$|:/.test(loc.host);
  return {
    host: loc.host,
    port: loc.port,
    cert: cfg.cert,
    key: cfg.key,
    ca: cfg.ca,
    rejectUnauthorized: !!cfg.ca,
    servername: isIP ? undefined : loc.host,
  };
}

/** A GET to the kubelet; resolves with its response (any status). */
export function kubeletGet(
  cfg: KubeletClientConfig,
  loc: KubeletLocation,
  path: string,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const r = request({ ...tlsOptions(cfg, loc), method: "GET", path, signal, agent: false }, resolve);
    r.on("error", (e) => reject(getFailed(loc, path, e)));
    r.end();
  });
}

/** A TLS connection to the kubelet for a proxied upgrade. */
export function dialKubelet(cfg: KubeletClientConfig, loc: KubeletLocation): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect(tlsOptions(cfg, loc), () => resolve(s));
    s.once("error", (e) => reject(unreachable(loc, e)));
  });
}

/** Go's wording of a failed dial ("dial tcp 10.0.0.5:10250: connect: connection refused"). */
export function dialError(loc: KubeletLocation, e: Error): string {
  const host = loc.host.includes(":") ? `[${loc.host}]:${loc.port}` : `${loc.host}:${loc.port}`;
  const code = (e as NodeJS.ErrnoException).code ?? "";
  const why =
    {
      ECONNREFUSED: "connect: connection refused",
      EHOSTUNREACH: "connect: no route to host",
      ENETUNREACH: "connect: network is unreachable",
      ETIMEDOUT: "i/o timeout",
      ECONNRESET: "read: connection reset by peer",
    }[code] ?? e.message;
  return `dial tcp ${host}: ${why}`;
}

/** A Status without a reason (upstream ErrorToAPIStatus of a plain error): kubectl prints "Error from server: …". */
export function unknownError(message: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    code: 500,
  });
}

/** The failure to reach the kubelet for an upgrade (upstream UpgradeAwareHandler). */
function unreachable(loc: KubeletLocation, e: Error): StatusError {
  return unknownError(`error dialing backend: ${dialError(loc, e)}`);
}

/** The failure of a GET to the kubelet, as Go's http client words it. */
function getFailed(loc: KubeletLocation, path: string, e: Error): StatusError {
  const host = loc.host.includes(":") ? `[${loc.host}]:${loc.port}` : `${loc.host}:${loc.port}`;
  return unknownError(`Get "https://${host}${path}": ${dialError(loc, e)}`);
}

/** Any request to the kubelet, the body streamed from `body` (nodes/proxy). */
export function kubeletRequest(
  cfg: KubeletClientConfig,
  loc: KubeletLocation,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: NodeJS.ReadableStream | undefined,
  signal?: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const r = request({ ...tlsOptions(cfg, loc), method, path, headers, signal, agent: false }, resolve);
    r.on("error", (e) => reject(unreachable(loc, e)));
    if (body) body.pipe(r);
    else r.end();
  });
}
