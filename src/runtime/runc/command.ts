// Runs a host command (runc, ip, mount) and returns its outcome as a value.
import { execFile } from "node:child_process";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function command(file: string, args: string[], timeoutMs = 30_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === "number"
          ? (err as { code: number }).code
          : 1
        : 0;
      resolve({
        code,
        stdout: stdout.toString(),
        stderr: stderr.toString() || (err && code === 1 ? err.message : ""),
      });
    });
  });
}

/** The last error runc wrote to its JSON log, or "". */
export function runcLogError(text: string): string {
  let msg = "";
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const rec = JSON.parse(line) as { level?: string; msg?: string };
      if (rec.level === "error" && rec.msg) msg = rec.msg;
    } catch {
      // not JSON: ignore
    }
  }
  return msg;
}
