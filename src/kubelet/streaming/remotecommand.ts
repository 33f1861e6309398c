// Serving exec and attach (upstream cri/streaming/remotecommand): upgrade with whichever protocol the
// client asked for, start the runtime's session, copy the streams both ways, and end with the Status
// that carries the exit code.
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";
import type { Duplex } from "node:stream";
import type { RuntimeResult, StreamSession } from "../../runtime/cri.js";
import type { RemoteCommandChannels, RemoteCommandOptions } from "./channels.js";
import { spdyRemoteCommandChannels } from "./spdy-remotecommand.js";
import { internalErrorStatus, nonZeroExitStatus, successStatus } from "./status.js";
import { acceptWebSocket, isSpdyUpgrade, isWebSocketUpgrade, writeHttpError } from "./upgrade.js";
import { remoteCommandWebSocketProtocols, webSocketChannels } from "./websocket.js";

/** The options of an exec/attach request (upstream NewOptions): a terminal has no separate stderr. */
export function remoteCommandOptions(
  q: URLSearchParams,
): { ok: true; options: RemoteCommandOptions } | { ok: false; message: string } {
  const flag = (n: string) => ["1", "t", "T", "true", "TRUE", "True"].includes(q.get(n) ?? "");
  const tty = flag("tty");
  const stdin = flag("stdin") || flag("input");
  const stdout = flag("stdout") || flag("output");
  const stderr = !tty && (flag("stderr") || flag("error"));
  if (!stdin && !stdout && !stderr)
    return { ok: false, message: "you must specify at least 1 of stdin, stdout, stderr" };
  return { ok: true, options: { stdin, stdout, stderr, tty } };
}

/** Upgrades the request to the client's streaming protocol; undefined when that failed (already answered). */
export async function remoteCommandChannels(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  o: RemoteCommandOptions,
): Promise<RemoteCommandChannels | undefined> {
  if (isWebSocketUpgrade(req)) {
    const a = await acceptWebSocket(req, socket, head, remoteCommandWebSocketProtocols);
    return a && webSocketChannels(a.ws, a.protocol, o);
  }
  if (isSpdyUpgrade(req)) return spdyRemoteCommandChannels(req, socket, head, o);
  writeHttpError(socket, 400, "unable to upgrade: missing upgrade headers in request");
  return undefined;
}

function ended(r: Readable | undefined): Promise<void> {
  if (!r || r.readableEnded || r.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    r.once("end", resolve);
    r.once("close", resolve);
    r.once("error", () => resolve());
  });
}

/** Resolves once a writable has handed everything written so far to its transport. */
async function flushed(w: NodeJS.WritableStream | undefined): Promise<void> {
  const ww = w as unknown as { writableLength?: number } | undefined;
  for (let i = 0; ww && (ww.writableLength ?? 0) > 0 && i < 200; i++)
    await new Promise((r) => setTimeout(r, 10));
}

/**
 * Runs one exec (cmd given) or attach over the channels: the Status is Success, NonZeroExitCode with the
 * exit code (exec), or InternalError when the runtime could not start the session.
 */
export async function serveRemoteCommand(
  ch: RemoteCommandChannels,
  start: () => Promise<RuntimeResult<StreamSession>>,
  cmd?: string[],
): Promise<void> {
  const r = await start();
  if (!r.ok) {
    await ch.finish(internalErrorStatus(`error executing command in container: ${r.error.message}`));
    return;
  }
  const s = r.value;
  if (ch.stdin) {
    if (s.stdin) {
      const sink = s.stdin;
      sink.on("error", () => undefined);
      ch.stdin.on("data", (b: Buffer) => sink.write(b));
      ch.stdin.once("end", () => sink.end());
    } else ch.stdin.resume();
  }
  const copy = (from: Readable | undefined, to: NodeJS.WritableStream | undefined) => {
    if (!from) return;
    if (!to) return void from.resume();
    from.pipe(to as never, { end: false });
  };
  copy(s.stdout, ch.stdout);
  copy(s.stderr, ch.stderr);
  ch.onResize((size) => s.resize(size));
  let clientGone = false;
  void ch.closed.then(() => {
    clientGone = true;
    s.close();
  });
  const code = await s.exit;
  // Output written just before the exit is still in flight: deliver it before the Status.
  await Promise.race([
    Promise.all([ended(s.stdout), ended(s.stderr)]),
    new Promise((r) => setTimeout(r, 2_000).unref()),
  ]);
  await Promise.all([flushed(ch.stdout), flushed(ch.stderr)]);
  if (clientGone) return;
  await ch.finish(cmd && code !== 0 ? nonZeroExitStatus(cmd, code) : successStatus());
}
