// What a remote command (exec or attach) needs from a transport, whichever carries it (WebSocket
// channels or SPDY streams): the client's stdin and terminal sizes, somewhere to write stdout and
// stderr, and one final Status.
import type { Readable, Writable } from "node:stream";
import type { TerminalSize } from "../../runtime/cri.js";
import type { StreamStatus } from "./status.js";

export interface RemoteCommandOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export interface RemoteCommandChannels {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Registers the terminal-size listener (resize channel / stream). */
  onResize(cb: (size: TerminalSize) => void): void;
  /** Writes the final Status and closes the connection. */
  finish(status: StreamStatus): Promise<void>;
  /** Resolves when the client went away (or finish closed the connection). */
  closed: Promise<void>;
}

/** Splits the resize stream (JSON objects, newline-separated as Go's json.Encoder writes them). */
export function resizeParser(cb: (size: TerminalSize) => void): (chunk: Buffer) => void {
  let buf = "";
  const parse = (text: string): boolean => {
    try {
      const v = JSON.parse(text) as { Width?: number; Height?: number };
      if (typeof v.Width === "number" && typeof v.Height === "number")
        cb({ width: v.Width, height: v.Height });
      return true;
    } catch {
      return false;
    }
  };
  return (chunk) => {
    buf += chunk.toString();
    const lines = buf.split("\n");
    buf = lines.pop() ?? "";
    for (const l of lines) if (l.trim()) parse(l);
    // A WebSocket message holds one whole object, with or without the newline.
    if (buf.trim() && parse(buf)) buf = "";
  };
}
