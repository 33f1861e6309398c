// A terminal for `kubectl exec -t`: util-linux's `script` (in every Debian, package bsdutils) runs the
// command on a new pseudo-terminal and copies it to plain pipes, which the kubelet's streaming server
// can carry. Resizing sets the size of that terminal with `stty -F`; the kernel then sends SIGWINCH to
// the command (runc passes the new size on to the container's own terminal).
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import type { TerminalSize } from "../cri.js";

export const SCRIPT = "/usr/bin/script";

export function ttyAvailable(): boolean {
  return existsSync(SCRIPT);
}

/** Quotes argv for `sh -c`. */
export function shellQuote(argv: string[]): string {
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
}

/** The command line that runs argv on a pseudo-terminal, with its exit code passed through. */
export function ttyCommand(argv: string[]): { file: string; args: string[] } {
  return {
    file: SCRIPT,
    args: ["--quiet", "--return", "--flush", "--command", `exec ${shellQuote(argv)}`, "/dev/null"],
  };
}

/** The terminal `script` opened for its child: the first descendant of pid (breadth first) whose stdin is a
 * pseudo-terminal. pid may be `script` itself or a shim above it. */
function childTerminal(pid: number): string | undefined {
  let level = [pid];
  for (let depth = 0; depth < 4 && level.length > 0; depth++) {
    const next: number[] = [];
    for (const p of level) {
      let children: string[] = [];
      try {
        children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      } catch {
        continue;
      }
      for (const child of children) {
        try {
          const tty = readlinkSync(`/proc/${child}/fd/0`);
          if (tty.startsWith("/dev/pts/")) return tty;
        } catch {
          // gone
        }
        next.push(Number(child));
      }
    }
    level = next;
  }
  return undefined;
}

/** Sets the terminal's size; retried briefly while `script` is still starting its child. */
export function resizeTerminal(scriptPid: number | undefined, size: TerminalSize, attempts = 50): void {
  if (!scriptPid || size.width <= 0 || size.height <= 0) return;
  const tty = childTerminal(scriptPid);
  if (!tty) {
    if (attempts > 0) setTimeout(() => resizeTerminal(scriptPid, size, attempts - 1), 20).unref();
    return;
  }
  execFile("stty", ["-F", tty, "rows", String(size.height), "cols", String(size.width)], () => undefined);
}
