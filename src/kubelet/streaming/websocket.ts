// Remote command channels over a WebSocket (the kubelet's wsstream / client-go websocket.go): every
// message is one channel's bytes, prefixed by the channel number (binary protocols) or by the ASCII digit
// of it with a base64 payload (base64 protocols). v5 adds the CLOSE signal (channel 255): [255, n] means
// the client closed its channel n (stdin EOF for n = 0).
import { PassThrough, Writable } from "node:stream";
import type { WebSocket } from "ws";
import type { TerminalSize } from "../../runtime/cri.js";
import { resizeParser, type RemoteCommandChannels, type RemoteCommandOptions } from "./channels.js";
import { encodeStatus, type StreamStatus } from "./status.js";

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

/** Subprotocols for exec and attach, newest first. */
export const remoteCommandWebSocketProtocols = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v4.base64.channel.k8s.io",
  "channel.k8s.io",
  "base64.channel.k8s.io",
];

export const isBase64Protocol = (p: string): boolean => p.includes("base64");

/** Encodes one message of a channel. */
export function encodeChannelMessage(protocol: string, channel: number, payload: Buffer): Buffer | string {
  if (isBase64Protocol(protocol)) return String.fromCharCode(48 + channel) + payload.toString("base64");
  return Buffer.concat([Buffer.from([channel]), payload]);
}

/** Decodes one message: the channel and its payload (undefined for an empty message). */
export function decodeChannelMessage(
  protocol: string,
  data: Buffer,
  isBinary: boolean,
): { channel: number; payload: Buffer } | undefined {
  if (data.length === 0) return undefined;
  if (isBase64Protocol(protocol) && !isBinary) {
    const text = data.toString();
    return { channel: text.charCodeAt(0) - 48, payload: Buffer.from(text.slice(1), "base64") };
  }
  return { channel: data[0], payload: data.subarray(1) };
}

export function webSocketChannels(
  ws: WebSocket,
  protocol: string,
  o: RemoteCommandOptions,
): RemoteCommandChannels {
  const v5 = protocol.startsWith("v5.");
  const statusVersion = protocol.startsWith("v4.") || v5 ? "v4" : "v1";
  const send = (channel: number, payload: Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (ws.readyState !== ws.OPEN) return resolve();
      ws.send(encodeChannelMessage(protocol, channel, payload), () => resolve());
    });
  const writer = (channel: number) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        send(channel, chunk).then(() => cb(), cb);
      },
    });
  const stdin = o.stdin ? new PassThrough() : undefined;
  let onResize: (s: TerminalSize) => void = () => undefined;
  const resize = resizeParser((s) => onResize(s));
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    const m = decodeChannelMessage(protocol, data, isBinary);
    if (!m) return;
    if (m.channel === STDIN) {
      if (stdin && !stdin.writableEnded && m.payload.length) stdin.write(m.payload);
    } else if (m.channel === RESIZE) resize(m.payload);
    else if (v5 && m.channel === CLOSE && m.payload[0] === STDIN) stdin?.end();
  });
  ws.on("error", () => ws.terminate());
  void closed.then(() => {
    if (stdin && !stdin.writableEnded) stdin.end();
  });
  return {
    stdin,
    stdout: o.stdout ? writer(STDOUT) : undefined,
    stderr: o.stderr ? writer(STDERR) : undefined,
    onResize: (cb) => (onResize = cb),
    closed,
    async finish(status: StreamStatus) {
      const b = encodeStatus(statusVersion, status);
      if (b) await send(ERROR, b);
      if (ws.readyState === ws.OPEN) ws.close(1000);
      // A client that never answers the close frame is cut off.
      const t = setTimeout(() => ws.terminate(), 5_000);
      await closed;
      clearTimeout(t);
    },
  };
}
