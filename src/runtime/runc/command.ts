// Runs a host command (runc, ip, mount) and returns its outcome as a value.
import { spawner } from "../spawner/spawner.js";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function command(file: string, args: string[], timeoutMs = 30_000): Promise<CommandResult> {
  const r = await spawner().run(file, args, { timeoutMs });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
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
