// Termination messages (kuberuntime_container.go getTerminationMessage): the file the container wrote at
// terminationMessagePath (at most 4 KiB), or with FallbackToLogsOnError and a failure, the log's tail.
import { promises as fs } from "node:fs";
import { parseCriLogLine } from "../../runtime/logs/cri-log.js";
import { terminationLogHostPathAnnotation, terminationMessagePolicyAnnotation } from "./labels.js";
import type { RuntimeContainer } from "./podstatus.js";

export const maxTerminationMessageBytes = 4096;
export const maxFallbackLogLines = 80;
export const maxFallbackLogBytes = 2048;

/** The last lines of a CRI-format log, at most maxBytes (upstream ReadLogs with tail 80, limit 2048). */
export function tailOfCriLog(text: string, lines: number, maxBytes: number): string {
  let out = "";
  for (const raw of text.split("\n")) {
    const l = parseCriLogLine(raw);
    if (l === null) continue;
    out += l.content + (l.partial ? "" : "\n");
  }
  const all = out.split("\n");
  if (all[all.length - 1] === "") all.pop();
  let tail = all.slice(-lines).join("\n");
  if (all.length > 0) tail += "\n";
  const buf = Buffer.from(tail);
  return buf.length > maxBytes ? buf.subarray(buf.length - maxBytes).toString() : tail;
}

export async function terminationMessage(c: RuntimeContainer): Promise<string> {
  let msg = "";
  const host = c.annotations[terminationLogHostPathAnnotation];
  if (host) {
    const fh = await fs.open(host, "r").catch(() => undefined);
    if (fh) {
      try {
        const buf = Buffer.alloc(maxTerminationMessageBytes);
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        msg = buf.subarray(0, bytesRead).toString();
      } finally {
        await fh.close();
      }
    }
  }
  if (
    msg === "" &&
    c.exitCode !== 0 &&
    c.annotations[terminationMessagePolicyAnnotation] === "FallbackToLogsOnError"
  ) {
    const log = await fs.readFile(c.logPath, "utf8").catch(() => "");
    msg = tailOfCriLog(log, maxFallbackLogLines, maxFallbackLogBytes);
  }
  return msg;
}
