// Remote command channels over SPDY/3.1 (kubectl's fallback, and the first choice of kubectl ≤ 1.29):
// the client opens one stream per channel, named by its `streamtype` header (error, stdin, stdout,
// stderr, resize); the server waits until all it expects from the request's options have arrived.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { TerminalSize } from "../../runtime/cri.js";
import { resizeParser, type RemoteCommandChannels, type RemoteCommandOptions } from "./channels.js";
import type { SpdyStream } from "./spdy/connection.js";
import { encodeStatus, type StreamStatus } from "./status.js";
import { acceptSpdy } from "./upgrade.js";

export const remoteCommandSpdyProtocols = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
];

/** How long the client has to open its streams (upstream's streamCreationTimeout). */
export const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** Upgrades to SPDY and waits for the client's streams; undefined when the handshake or the streams failed. */
export async function spdyRemoteCommandChannels(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  o: RemoteCommandOptions,
): Promise<RemoteCommandChannels | undefined> {
  const streams = new Map<string, SpdyStream>();
  let expected = 1 + (o.stdin ? 1 : 0) + (o.stdout ? 1 : 0) + (o.stderr ? 1 : 0);
  let arrived: () => void = () => undefined;
  const allArrived = new Promise<void>((r) => (arrived = r));
  const accepted = acceptSpdy(req, socket, head, remoteCommandSpdyProtocols, (s) => {
    const type = s.header("streamtype");
    if (!["error", "stdin", "stdout", "stderr", "resize"].includes(type) || streams.has(type)) {
      s.destroy();
      return;
    }
    streams.set(type, s);
    if (streams.size >= expected) arrived();
  });
  if (!accepted) return undefined;
  const { conn, protocol } = accepted;
  // Terminal resizing arrived with protocol v3.
  if (o.tty && !["", "channel.k8s.io", "v2.channel.k8s.io"].includes(protocol)) expected++;
  if (streams.size >= expected) arrived();
  let timer: NodeJS.Timeout | undefined;
  const ok = await Promise.race([
    allArrived.then(() => true),
    conn.whenClosed().then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(false), STREAM_CREATION_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!ok) {
    conn.close();
    return undefined;
  }
  const statusVersion = protocol.startsWith("v4.") || protocol.startsWith("v5.") ? "v4" : "v1";
  let onResize: (s: TerminalSize) => void = () => undefined;
  const resize = streams.get("resize");
  if (resize)
    resize.on(
      "data",
      resizeParser((s) => onResize(s)),
    );
  const stdin = streams.get("stdin");
  const errorStream = streams.get("error");
  // The client never writes on these: drain them so their FIN is seen.
  errorStream?.resume();
  streams.get("stdout")?.resume();
  streams.get("stderr")?.resume();
  return {
    stdin,
    stdout: streams.get("stdout"),
    stderr: streams.get("stderr"),
    onResize: (cb) => (onResize = cb),
    closed: conn.whenClosed(),
    async finish(status: StreamStatus) {
      const b = encodeStatus(statusVersion, status);
      if (errorStream && !errorStream.destroyed) {
        if (b) await new Promise<void>((r) => errorStream.write(b, () => r()));
        errorStream.end();
      }
      for (const t of ["stdout", "stderr"]) {
        const s = streams.get(t);
        if (s && !s.destroyed && !s.writableEnded) s.end();
      }
      conn.close();
    },
  };
}
