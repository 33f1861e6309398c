// HTTP GET probes, as upstream's pkg/probe/http: the request (NewRequestForHTTPGetAction: scheme, host
// defaulting to the pod IP, the port by number or name, path, httpHeaders, "User-Agent: kube-probe/1.32",
// "Accept: */*"), no keep-alive, no compression, TLS unverified; redirects followed only on the same host
// (at most 10), otherwise the 3xx answer is a warning; 200–399 succeeds, anything else fails with
// "HTTP probe failed with statuscode: N"; at most 10 KiB of body is read.
import * as http from "node:http";
import * as https from "node:https";
import type { Container } from "../../api/core/v1/container.js";
import type { HTTPGetAction } from "../../api/core/v1/probe.js";
import { dialError } from "./dialerr.js";
import { joinHostPort, resolveContainerPort } from "./port.js";
import { probeVersion, type ProbeOutcome } from "./result.js";

export const maxRespBodyLength = 10 * 1024;

export interface ProbeRequest {
  scheme: "http" | "https";
  host: string;
  port: number;
  /** Path and query as given. */
  path: string;
  /** Canonical header name → values (Go's http.Header). */
  headers: Map<string, string[]>;
}

/** Go's CanonicalMIMEHeaderKey: "user-agent" → "User-Agent". */
export function canonicalHeaderKey(k: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(k)) return k;
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
}

/** upstream NewRequestForHTTPGetAction; `purpose` is "probe" or "lifecycle" (the User-Agent's kube-<purpose>). */
export function newRequestForHTTPGetAction(
  httpGet: HTTPGetAction,
  container: Container,
  podIP: string,
  purpose: "probe" | "lifecycle",
): ProbeRequest | { error: string } {
  const scheme = (httpGet.scheme || "http").toLowerCase();
  const host = httpGet.host || podIP;
  const p = resolveContainerPort(httpGet.port, container);
  if ("error" in p) return p;
  const headers = new Map<string, string[]>();
  for (const h of httpGet.httpHeaders ?? []) {
    const k = canonicalHeaderKey(h.name ?? "");
    headers.set(k, [...(headers.get(k) ?? []), h.value ?? ""]);
  }
  if (!headers.has("User-Agent")) headers.set("User-Agent", [`kube-${purpose}/${probeVersion}`]);
  if (!headers.has("Accept")) headers.set("Accept", ["*/*"]);
  else if ((headers.get("Accept") ?? [""])[0] === "") headers.delete("Accept");
  return {
    scheme: scheme === "https" ? "https" : "http",
    host,
    port: p.port,
    path: httpGet.path ?? "",
    headers,
  };
}

/** The URL as Go prints it in errors (`Get "http://10.42.0.5:8080/healthz": ...`). */
export function requestURL(r: Pick<ProbeRequest, "scheme" | "host" | "port" | "path">): string {
  const path = r.path && !r.path.startsWith("/") ? `/${r.path}` : r.path;
  return `${r.scheme}://${joinHostPort(r.host, r.port)}${path}`;
}

export interface HTTPGetResult {
  status: number;
  body: string;
  /** The body was longer than the limit and cut there. */
  truncated: boolean;
}

export interface HTTPGetOptions {
  timeoutMs: number;
  /** false (probes): follow a redirect only to the same host; true: follow any (at most 10). */
  followNonLocalRedirects: boolean;
  maxBody?: number;
  signal?: AbortSignal;
}

const redirectCodes = new Set([301, 302, 303, 307, 308]);

/** One GET with Go http.Client semantics for redirects and timeouts; errors are Go's text. */
export async function httpGet(
  req: ProbeRequest,
  o: HTTPGetOptions,
): Promise<HTTPGetResult | { error: string }> {
  const firstHost = req.host;
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([deadline, o.signal]) : deadline;
  let url = new URL(requestURL(req));
  for (let via = 0; ; via++) {
    const shown = via === 0 ? requestURL(req) : url.toString();
    const r = await getOnce(url, req.headers, signal, o.maxBody ?? maxRespBodyLength);
    if ("error" in r) {
      if (deadline.aborted)
        return {
          error: `Get "${shown}": context deadline exceeded (Client.Timeout ${r.phase === "body" ? "or context cancellation while reading body" : "exceeded while awaiting headers"})`,
        };
      if (o.signal?.aborted) return { error: `Get "${shown}": context canceled` };
      return { error: `Get "${shown}": ${r.error}` };
    }
    if (!redirectCodes.has(r.status) || !r.location) return r;
    let next: URL;
    try {
      next = new URL(r.location, url);
    } catch {
      return { error: `failed to parse Location header "${r.location}"` };
    }
    if (!o.followNonLocalRedirects && next.hostname.replace(/^\[|\]$/g, "") !== firstHost) return r;
    if (via + 1 >= 10) return { error: `Get "${next.toString()}": stopped after 10 redirects` };
    url = next;
  }
}

function getOnce(
  url: URL,
  headers: Map<string, string[]>,
  signal: AbortSignal,
  maxBody: number,
): Promise<(HTTPGetResult & { location?: string }) | { error: string; phase: "headers" | "body" }> {
  return new Promise((resolve) => {
    const h: http.OutgoingHttpHeaders = { Connection: "close" };
    for (const [k, v] of headers) {
      if (k === "Host") continue;
      h[k] = v.length === 1 ? v[0] : v;
    }
    const hostHeader = headers.get("Host")?.[0];
    if (hostHeader) h.Host = hostHeader;
    const addr = joinHostPort(
      url.hostname.replace(/^\[|\]$/g, ""),
      Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    );
    const opts: https.RequestOptions = {
      method: "GET",
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers: h,
      agent: false,
      signal,
      rejectUnauthorized: false,
    };
    let settled = false;
    const done = (v: Parameters<typeof resolve>[0]) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const req = (url.protocol === "https:" ? https : http).request(opts, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const finish = () =>
        done({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
          truncated,
          location: res.headers.location,
        });
      res.on("data", (c: Buffer) => {
        if (truncated) return;
        const room = maxBody - size;
        if (c.length >= room) {
          chunks.push(c.subarray(0, room));
          size = maxBody;
          truncated = true;
          finish();
          res.destroy();
          return;
        }
        chunks.push(c);
        size += c.length;
      });
      res.on("end", finish);
      res.on("error", (e) => done({ error: e.message, phase: "body" }));
      res.on("aborted", () => done({ error: "unexpected EOF", phase: "body" }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPROTO" || /wrong version number|packet length too long/.test(e.message))
        done({ error: "http: server gave HTTP response to HTTPS client", phase: "headers" });
      else done({ error: dialError(addr, e), phase: "headers" });
    });
    req.end();
  });
}

/** upstream DoHTTPProbe. */
export async function doHTTPProbe(req: ProbeRequest, timeoutMs: number): Promise<ProbeOutcome> {
  const r = await httpGet(req, { timeoutMs, followNonLocalRedirects: false });
  if ("error" in r) return { result: "failure", output: r.error };
  if (r.status >= 200 && r.status < 400) {
    if (r.status >= 300)
      return { result: "warning", output: `Probe terminated redirects, Response body: ${r.body}` };
    return { result: "success", output: r.body };
  }
  // Upstream keeps the body out of the user-facing message (issue 99425).
  return { result: "failure", output: `HTTP probe failed with statuscode: ${r.status}` };
}
