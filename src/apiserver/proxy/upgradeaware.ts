// The HTTP proxy behind pods/proxy and services/proxy, as upstream's UpgradeAwareHandler
// (k8s.io/apimachinery/pkg/util/proxy/upgradeaware.go and transport.go) with httputil.ReverseProxy:
// the request goes to the location with its method, body, query and headers, less the client's
// credentials (upstream's authentication and impersonation filters delete them) and hop-by-hop
// headers, plus X-Forwarded-For and X-Forwarded-Uri. A backend's redirect is rewritten to stay under
// the proxy path; CORS headers are dropped. Upgrades (WebSocket) are spliced byte for byte.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";
import { serviceUnavailable } from "../errors.js";
import { dialError, unknownError } from "./kubelet.js";
import { cleanPath } from "../request/path.js";
import type { ProxyLocation } from "./location.js";

/** Hop-by-hop headers (Go's httputil.ReverseProxy drops them both ways). */
const hopHeaders = new Set([
  "connection",
  "proxy-connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The client's credentials never reach the backend. */
const isCredential = (h: string) => h === "authorization" || h.startsWith("impersonate-");

const corsHeaders = new Set([
  "access-control-allow-credentials",
  "access-control-allow-headers",
  "access-control-allow-methods",
  "access-control-allow-origin",
]);

/** Go's url.URL.EscapedPath for a path with no RawPath: sub-delimiters, ':' and '@' stay as they are. */
export function escapePath(p: string): string {
  return encodeURIComponent(p)
    .replace(/%(2F|24|26|2B|2C|3A|3B|3D|40)/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The backend path for a proxy subpath ("" for .../proxy, "/" for .../proxy/, "/a/b" …): cleaned as
 * upstream's path.Join does, with the request's trailing slash kept.
 */
export function backendPath(subpath: string): string {
  const p = subpath === "" ? "" : cleanPath(subpath);
  return subpath.endsWith("/") && !p.endsWith("/") ? p + "/" : p;
}

const hostPort = (loc: ProxyLocation) => {
  const host = loc.host.includes(":") ? `[${loc.host}]` : loc.host;
  return loc.port ? `${host}:${loc.port}` : host;
};

const defaultPort = (loc: ProxyLocation) => Number(loc.port) || (loc.scheme === "https" ? 443 : 80);

/** The client's address appended to X-Forwarded-For, as ReverseProxy does. */
function forwardedFor(req: IncomingMessage): string | undefined {
  const ip = req.socket.remoteAddress?.replace(/^::ffff:/, "");
  if (!ip) return undefined;
  const prior = req.headers["x-forwarded-for"];
  const list = Array.isArray(prior) ? prior.join(", ") : prior;
  return list ? `${list}, ${ip}` : ip;
}

/** Request headers for the backend, as raw [name, value] pairs. */
function requestHeaders(req: IncomingMessage, keepUpgrade: boolean): [string, string][] {
  const connectionTokens = new Set(
    String(req.headers.connection ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    const lower = name.toLowerCase();
    if (isCredential(lower) || lower === "x-forwarded-for") continue;
    const hop = hopHeaders.has(lower) || connectionTokens.has(lower);
    if (hop && !(keepUpgrade && (lower === "connection" || lower === "upgrade"))) continue;
    out.push([name, req.rawHeaders[i + 1]]);
  }
  const xff = forwardedFor(req);
  if (xff) out.push(["X-Forwarded-For", xff]);
  return out;
}

interface ParsedURL {
  scheme: string;
  host: string | undefined;
  path: string;
  rest: string;
}

function parseURL(u: string): ParsedURL | undefined {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(.*)$/s.exec(u);
  if (!m) return undefined;
  return { scheme: m[1] ?? "", host: m[2], path: m[3], rest: m[4] };
}

/**
 * upstream Transport.rewriteURL: a redirect to the backend itself (or to the host the client asked)
 * at an absolute path is moved under the proxy path; any other URL is left alone.
 */
export function rewriteLocation(
  target: string,
  backendHost: string,
  requestHost: string,
  pathPrepend: string,
): string {
  const u = parseURL(target);
  if (!u) return target;
  const differentHost = !!u.host && u.host !== backendHost && u.host !== requestHost;
  if (differentHost || !u.path.startsWith("/")) return target;
  // the proxy knows no scheme or host of its own (a server request's URL has none): the result is a path
  const keepHost = u.host === requestHost;
  const prefix = keepHost && u.host ? `${u.scheme ? `${u.scheme}:` : ""}//${u.host}` : "";
  if (u.path.startsWith(pathPrepend)) return prefix + u.path + u.rest;
  let p = cleanPath(`${pathPrepend}/${u.path}`);
  if (u.path.endsWith("/") && !p.endsWith("/")) p += "/";
  return prefix + p + u.rest;
}

export interface ProxyTarget {
  location: ProxyLocation;
  /** The backend path: backendPath() of the subpath after /proxy. */
  path: string;
  /** The request's raw query, with its "?" ("" when none). */
  search: string;
  /** The request's path up to and including /proxy (decoded), for X-Forwarded-Uri and redirects. */
  proxyPrefix: string;
  /** The request's raw path, for the redirect of .../proxy to .../proxy/. */
  rawPath: string;
}

/** Proxies one HTTP request; resolves when the response has been sent. */
export async function proxyRequest(req: IncomingMessage, res: ServerResponse, t: ProxyTarget): Promise<void> {
  const method = req.method ?? "GET";
  // upstream redirects an empty path to one ending in '/' (https://issue.k8s.io/4958)
  if (t.path === "" && (method === "GET" || method === "HEAD")) {
    res.writeHead(301, { Location: `${t.rawPath}/${t.search}` });
    res.end();
    return;
  }
  const loc = t.location;
  const headers = requestHeaders(req, false);
  const forwardedUri = cleanPath(`${t.proxyPrefix}/${t.path}`) + (t.path.endsWith("/") ? "/" : "");
  headers.push(["X-Forwarded-Uri", forwardedUri]);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const options = {
    host: loc.host,
    port: defaultPort(loc),
    method,
    path: `${escapePath(t.path) || "/"}${t.search}`,
    headers: headers.flat() as unknown as OutgoingHttpHeaders,
    signal: abort.signal,
    agent: false as const,
    // upstream's proxy transport does not verify pods' certificates either
    rejectUnauthorized: false,
  };
  const backendHost = hostPort(loc);
  const bres = await new Promise<IncomingMessage>((resolve, reject) => {
    const r = (loc.scheme === "https" ? httpsRequest : httpRequest)(options, resolve);
    r.on("error", (e) =>
      reject(
        abort.signal.aborted
          ? e
          : serviceUnavailable(
              `error trying to reach service: ${dialError({ host: loc.host, port: defaultPort(loc) }, e)}`,
            ),
      ),
    );
    req.pipe(r);
  });
  const connectionTokens = new Set(
    String(bres.headers.connection ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase()),
  );
  const out: string[] = [];
  for (let i = 0; i + 1 < bres.rawHeaders.length; i += 2) {
    const name = bres.rawHeaders[i];
    const lower = name.toLowerCase();
    if (hopHeaders.has(lower) || connectionTokens.has(lower) || corsHeaders.has(lower)) continue;
    let value = bres.rawHeaders[i + 1];
    if (lower === "location")
      value = rewriteLocation(value, backendHost, req.headers.host ?? "", t.proxyPrefix);
    out.push(name, value);
  }
  res.writeHead(bres.statusCode ?? 502, out);
  bres.on("error", () => res.destroy());
  bres.pipe(res);
  await new Promise<void>((resolve) => {
    res.once("close", resolve);
    res.once("finish", resolve);
  });
}

/** Splices an upgraded connection to its backend until either side closes. */
export function spliceUpgrade(upstream: Duplex, socket: Duplex): Promise<void> {
  upstream.on("error", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
  upstream.pipe(socket);
  socket.pipe(upstream);
  return new Promise<void>((resolve) => {
    let n = 0;
    const done = () => {
      if (++n === 1) {
        // One side went away: the other follows once what is queued is written.
        upstream.end();
        socket.end();
        setTimeout(() => {
          upstream.destroy();
          socket.destroy();
        }, 10_000).unref();
        resolve();
      }
    };
    upstream.once("close", done);
    socket.once("close", done);
  });
}

/** Proxies an upgrade request (a WebSocket through pods/proxy or services/proxy). */
export async function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  t: ProxyTarget,
): Promise<void> {
  const loc = t.location;
  const port = defaultPort(loc);
  const upstream = await new Promise<Socket>((resolve, reject) => {
    const s: Socket =
      loc.scheme === "https"
        ? tlsConnect({ host: loc.host, port, rejectUnauthorized: false }, () => resolve(s))
        : netConnect({ host: loc.host, port }, () => resolve(s));
    s.once("error", (e) =>
      reject(unknownError(`error dialing backend: ${dialError({ host: loc.host, port }, e)}`)),
    );
  });
  const lines = [`${req.method ?? "GET"} ${escapePath(t.path) || "/"}${t.search} HTTP/1.1`];
  for (const [k, v] of requestHeaders(req, true)) lines.push(`${k}: ${v}`);
  upstream.write(lines.join("\r\n") + "\r\n\r\n");
  if (head.length) upstream.write(head);
  await spliceUpgrade(upstream, socket);
}
