// The data path: an HTTP request (or an Upgrade) is matched against the routing table, sent to the next
// ready endpoint of the backend Service (round robin), and retried on the following endpoint when the
// connection is refused (nginx's proxy_next_upstream error). Client and upstream connections are kept alive;
// the request body is buffered before it is sent (nginx's proxy_request_buffering), which is what makes a
// retry safe. Upgrade requests (WebSocket) are passed through as raw byte streams.
import { Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Match } from "./routes.js";
import type { Upstream } from "./backends.js";

/** What the controller tells the data path for one request. */
export type Target =
  | { kind: "none" }
  | { kind: "unavailable"; match: Match }
  | { kind: "upstreams"; match: Match; upstreams: Upstream[] };

export interface ProxyOptions {
  route(host: string, path: string): Target;
  /** Largest request body accepted (nginx's client_max_body_size is 1 MiB; ours is larger). */
  maxBodyBytes?: number;
  onError?(err: Error, u: Upstream): void;
}

// Hop-by-hop headers are for one connection only (RFC 9110 7.6.1).
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function forwardedHeaders(
  req: IncomingMessage,
  tls: boolean,
  upgrade: boolean,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const connTokens = (req.headers.connection ?? "")
    .toLowerCase()
    .split(",")
    .map((s) => s.trim());
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || hopByHop.has(k) || connTokens.includes(k)) continue;
    out[k] = v;
  }
  const client = req.socket.remoteAddress ?? "";
  const prior = req.headers["x-forwarded-for"];
  out["x-forwarded-for"] = prior ? `${Array.isArray(prior) ? prior.join(", ") : prior}, ${client}` : client;
  // The body is buffered (and 100 Continue already answered by the server) before the upstream sees it.
  delete out.expect;
  out["x-real-ip"] = client;
  out["x-forwarded-proto"] = tls ? "https" : "http";
  out["x-forwarded-host"] = req.headers.host ?? "";
  out["x-forwarded-port"] = String(req.socket.localPort ?? "");
  if (upgrade) {
    out.connection = "upgrade";
    out.upgrade = req.headers.upgrade ?? "";
  }
  return out;
}

const pathOf = (url: string | undefined) => {
  const u = url ?? "/";
  const q = u.indexOf("?");
  return q >= 0 ? u.slice(0, q) : u;
};

function plain(res: ServerResponse, code: number, body: string): void {
  res.writeHead(code, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on("data", (c: Buffer) => {
      n += c.length;
      if (n > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(n > max ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const noBody = Buffer.alloc(0);

const refused = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH";
};

export class IngressProxy {
  /** Keep-alive connections to upstreams (nginx upstream keepalive, 60 s idle). */
  readonly agent = new Agent({
    keepAlive: true,
    keepAliveMsecs: 30_000,
    maxFreeSockets: 64,
    timeout: 60_000,
  });
  private readonly max: number;
  /** Upgraded connections: the HTTP server no longer tracks them, so close() ends them. */
  private readonly tunnels = new Set<Duplex>();

  constructor(private readonly o: ProxyOptions) {
    this.max = o.maxBodyBytes ?? 64 << 20;
  }

  handleRequest(req: IncomingMessage, res: ServerResponse, tls: boolean): void {
    const t = this.o.route(req.headers.host ?? "", pathOf(req.url));
    if (t.kind === "none") {
      req.resume();
      plain(res, 404, "default backend - 404\n");
      return;
    }
    if (t.kind === "unavailable") {
      req.resume();
      plain(res, 503, "503 Service Temporarily Unavailable\n");
      return;
    }
    const headers = forwardedHeaders(req, tls, false);
    // Most requests have no body: forward at once instead of waiting for the end of an empty stream.
    if (req.headers["content-length"] === undefined && req.headers["transfer-encoding"] === undefined) {
      this.forward(req, res, headers, noBody, t.upstreams, 0);
      return;
    }
    readBody(req, this.max).then(
      (body) => {
        if (!body) return plain(res, 413, "413 Request Entity Too Large\n");
        headers["content-length"] = String(body.length);
        this.forward(req, res, headers, body, t.upstreams, 0);
      },
      () => res.destroy(),
    );
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string | string[]>,
    body: Buffer,
    ups: Upstream[],
    i: number,
    staleRetry = false,
  ): void {
    const u = ups[i];
    const up = httpRequest({
      host: u.host,
      port: u.port,
      method: req.method,
      path: req.url,
      headers,
      agent: this.agent,
    });
    let answered = false;
    up.on("response", (r) => {
      answered = true;
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(r.headers)) if (v !== undefined && !hopByHop.has(k)) out[k] = v;
      res.writeHead(r.statusCode ?? 502, r.statusMessage, out);
      r.pipe(res);
      r.on("error", () => res.destroy());
    });
    up.on("error", (e) => {
      this.o.onError?.(e, u);
      if (answered) return res.destroy();
      // An idle keep-alive connection the upstream closed as we reused it: send again on a new one (the
      // body is buffered, nothing was answered).
      if (up.reusedSocket && (e as NodeJS.ErrnoException).code === "ECONNRESET" && !staleRetry)
        return this.forward(req, res, headers, body, ups, i, true);
      if (refused(e) && i + 1 < ups.length) return this.forward(req, res, headers, body, ups, i + 1);
      if (!res.headersSent) plain(res, 502, "502 Bad Gateway\n");
      else res.destroy();
    });
    res.on("close", () => {
      if (!res.writableFinished) up.destroy();
    });
    up.end(body);
  }

  handleUpgrade(req: IncomingMessage, client: Duplex, head: Buffer, tls: boolean): void {
    const t = this.o.route(req.headers.host ?? "", pathOf(req.url));
    if (t.kind !== "upstreams") {
      const [code, text] = t.kind === "none" ? [404, "Not Found"] : [503, "Service Temporarily Unavailable"];
      client.end(`HTTP/1.1 ${code} ${text}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const headers = forwardedHeaders(req, tls, true);
    let head$ = `${req.method} ${req.url} HTTP/1.1\r\n`;
    for (const [k, v] of Object.entries(headers)) {
      for (const one of Array.isArray(v) ? v : [v]) head$ += `${k}: ${one}\r\n`;
    }
    head$ += "\r\n";
    const attempt = (i: number) => {
      const u = t.upstreams[i];
      const s: Socket = connect({ host: u.host, port: u.port });
      s.once("connect", () => {
        s.off("error", onConnectError);
        s.write(head$);
        if (head.length) s.write(head);
        s.pipe(client);
        client.pipe(s);
        this.tunnels.add(client);
        // WebSocket does not half-close: either side ending ends the tunnel (as nginx does).
        const close = () => {
          this.tunnels.delete(client);
          s.destroy();
          client.destroy();
        };
        s.on("end", close);
        client.on("end", close);
        s.on("error", close);
        client.on("error", close);
        s.on("close", close);
        client.on("close", close);
      });
      const onConnectError = (e: Error) => {
        this.o.onError?.(e, u);
        if (refused(e) && i + 1 < t.upstreams.length) return attempt(i + 1);
        client.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      };
      s.once("error", onConnectError);
    };
    attempt(0);
  }

  close(): void {
    for (const t of this.tunnels) t.destroy();
    this.tunnels.clear();
    this.agent.destroy();
  }
}
