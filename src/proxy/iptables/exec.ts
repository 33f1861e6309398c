// Running iptables tools: on the host, or inside a network namespace (`ip netns exec`), which is how tests
// apply real rules without touching the host's tables.
import { spawn } from "node:child_process";

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Drop what the command prints (a restore's listing can be megabytes). */
  discardStdout?: boolean;
}

export type Runner = (cmd: string, args: string[], input?: string, opts?: RunOptions) => Promise<ExecResult>;

export function commandRunner(netns?: string): Runner {
  return (cmd, args, input, opts) =>
    new Promise((resolve) => {
      const [bin, argv] = netns ? ["ip", ["netns", "exec", netns, cmd, ...args]] : [cmd, args];
      const p = spawn(bin, argv, { stdio: ["pipe", opts?.discardStdout ? "ignore" : "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      p.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
      p.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      p.on("error", (e) => resolve({ code: -1, stdout, stderr: String(e) }));
      p.on("close", (code) => resolve({ code, stdout, stderr }));
      p.stdin!.on("error", () => {});
      p.stdin!.end(input ?? "");
    });
}
