// Serving port-forward (upstream cri/streaming/portforward): SPDY/3.1 streams, either directly on the
// upgraded connection (POST, Upgrade: SPDY/3.1) or inside a WebSocket whose binary messages carry the
// SPDY byte stream (GET, subprotocol SPDY/3.1+portforward.k8s.io; kubectl ≥ 1.31). Each forwarded
// connection is a pair of streams with the same `requestid`: `error` (the server writes a message on
// failure) and `data` (the bytes), both naming the `port`.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { createWebSocketStream } from "ws";
import type { RuntimeResult } from "../../runtime/cri.js";
import { SpdyConnection, type SpdyStream } from "./spdy/connection.js";
import { acceptSpdy, acceptWebSocket, isSpdyUpgrade, isWebSocketUpgrade, writeHttpError } from "./upgrade.js";

export const PORT_FORWARD_PROTOCOL = "portforward.k8s.io";
export const PORT_FORWARD_WEBSOCKET_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

/** How long the second stream of a pair may take (upstream's stream creation timeout). */
const PAIR_TIMEOUT_MS = 30_000;

export interface PortForwardTarget {
  /** Named in error messages, as upstream (the pod sandbox id for the CRI streaming server). */
  pod: string;
  uid: string;
  dial(port: number): Promise<RuntimeResult<Duplex>>;
}

/** Upgrades the request and forwards every stream pair until the client disconnects. */
export async function servePortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: PortForwardTarget,
): Promise<void> {
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream; timer: NodeJS.Timeout }>();
  const onStream = (s: SpdyStream) => {
    const id = s.header("requestid");
    const type = s.header("streamtype");
    if (type !== "error" && type !== "data") return void s.destroy();
    let p = pairs.get(id);
    if (!p) {
      const timer = setTimeout(() => {
        const stale = pairs.get(id);
        pairs.delete(id);
        stale?.error?.destroy();
        stale?.data?.destroy();
      }, PAIR_TIMEOUT_MS);
      timer.unref();
      pairs.set(id, (p = { timer }));
    }
    if (p[type]) return void s.destroy();
    p[type] = s;
    if (p.error && p.data) {
      clearTimeout(p.timer);
      pairs.delete(id);
      void forward(p.error, p.data, target);
    }
  };
  let conn: SpdyConnection | undefined;
  if (isWebSocketUpgrade(req)) {
    const a = await acceptWebSocket(req, socket, head, [PORT_FORWARD_WEBSOCKET_PROTOCOL]);
    if (!a) return;
    const bytes = createWebSocketStream(a.ws);
    bytes.on("error", () => bytes.destroy());
    conn = new SpdyConnection(bytes, { server: true, onStream });
  } else if (isSpdyUpgrade(req)) {
    conn = acceptSpdy(req, socket, head, [PORT_FORWARD_PROTOCOL], onStream)?.conn;
  } else writeHttpError(socket, 400, "unable to upgrade: missing upgrade headers in request");
  if (!conn) return;
  await conn.whenClosed();
  for (const p of pairs.values()) clearTimeout(p.timer);
}

function parsePort(v: string): { ok: true; port: number } | { ok: false; message: string } {
  if (!/^\d+$/.test(v) || Number(v) > 65535)
    return {
      ok: false,
      message: `unable to parse '${v}' as a port: strconv.ParseUint: parsing "${v}": invalid syntax`,
    };
  const port = Number(v);
  if (port === 0) return { ok: false, message: `port '${port}' must be greater than 0` };
  return { ok: true, port };
}

async function forward(errorStream: SpdyStream, data: SpdyStream, t: PortForwardTarget): Promise<void> {
  errorStream.resume();
  const fail = (message: string) => {
    if (!errorStream.destroyed) errorStream.end(message);
    if (!data.destroyed) data.end();
  };
  const p = parsePort(data.header("port"));
  if (!p.ok) return fail(p.message);
  const describe = (m: string) => `error forwarding port ${p.port} to pod ${t.pod}, uid ${t.uid}: ${m}`;
  const r = await t.dial(p.port);
  if (!r.ok) return fail(describe(r.error.message));
  const conn = r.value;
  let sawData = false;
  conn.on("data", (b: Buffer) => {
    sawData = true;
    if (!data.destroyed && !data.writableEnded) data.write(b);
  });
  conn.once("end", () => {
    if (!data.destroyed && !data.writableEnded) data.end();
  });
  conn.once("error", (e) => {
    if (!sawData) fail(describe(e.message));
    else if (!data.destroyed) data.destroy();
  });
  data.on("data", (b: Buffer) => {
    if (!conn.destroyed) conn.write(b);
  });
  data.once("end", () => {
    if (!conn.destroyed) conn.end();
  });
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    data.once("close", done);
    conn.once("close", done);
  });
  // Both directions are over once the pod's side closed and we sent our FIN.
  if (!conn.destroyed) conn.destroy();
  if (!errorStream.destroyed && !errorStream.writableEnded) errorStream.end();
}
