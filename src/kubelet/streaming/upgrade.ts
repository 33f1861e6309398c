// Accepting the two upgrade kinds kubectl uses: WebSocket (RFC 6455, via `ws`) with a subprotocol, and
// SPDY/3.1 with X-Stream-Protocol-Version negotiation (apimachinery httpstream.Handshake).
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { SpdyConnection, type SpdyStream } from "./spdy/connection.js";

export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? "").toLowerCase().includes("spdy/3.1");
}

/** The values of a header that may be repeated or comma-separated. */
export function headerValues(req: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i].toLowerCase() === name)
      out.push(
        ...req.rawHeaders[i + 1]
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      );
  return out;
}

/** The first protocol the client offers that the server supports (the client's preference wins). */
export function negotiate(offered: string[], supported: string[]): string | undefined {
  return offered.find((p) => supported.includes(p));
}

const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** Answers an upgrade request with a plain HTTP response and closes the socket. */
export function writeHttpError(
  socket: Duplex,
  code: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
  extraHeaders: Record<string, string> = {},
): void {
  const extra = Object.entries(extraHeaders)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("");
  socket.end(
    `HTTP/1.1 ${code} ${reasons[code] ?? "Error"}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
}

/** Completes a WebSocket handshake with the negotiated subprotocol; undefined (after a 400) when none fits. */
export function acceptWebSocket(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  supported: string[],
): Promise<{ ws: WebSocket; protocol: string } | undefined> {
  const protocol = negotiate(headerValues(req, "sec-websocket-protocol"), supported);
  if (!protocol) {
    writeHttpError(
      socket,
      400,
      `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(headerValues(req, "sec-websocket-protocol"))}, server supports ${JSON.stringify(supported)}`,
    );
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const server = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      handleProtocols: () => protocol,
    });
    server.handleUpgrade(req, socket, head, (ws) => resolve({ ws, protocol }));
  });
}

/**
 * Completes a SPDY/3.1 upgrade. The protocol is the first the client offers in X-Stream-Protocol-Version
 * that the server supports; "" when the client offers none (the oldest protocol). Undefined (after a 403,
 * as upstream) when nothing fits.
 */
export function acceptSpdy(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  supported: string[],
  onStream: (s: SpdyStream) => void,
): { conn: SpdyConnection; protocol: string } | undefined {
  const offered = headerValues(req, "x-stream-protocol-version");
  let protocol = "";
  if (offered.length) {
    const p = negotiate(offered, supported);
    if (!p) {
      writeHttpError(
        socket,
        403,
        `unable to upgrade: unable to negotiate protocol: client supports ${goList(offered)}, server accepts ${goList(supported)}`,
        "text/plain; charset=utf-8",
        { "X-Accepted-Stream-Protocol-Versions": supported.join(", ") },
      );
      return undefined;
    }
    protocol = p;
  }
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${protocol ? `X-Stream-Protocol-Version: ${protocol}\r\n` : ""}\r\n`,
  );
  const conn = new SpdyConnection(socket, { server: true, onStream });
  conn.feed(head);
  return { conn, protocol };
}

const goList = (xs: string[]) => `[${xs.join(" ")}]`;
