// Container logs for `kubectl logs` (upstream pkg/kubelet/kuberuntime/logs ReadLogs): reads the CRI log
// file of one container instance, honouring tailLines, sinceSeconds/sinceTime, timestamps and limitBytes,
// and with follow keeps reading as the file grows (and across a rotation) until the container exits.
import { open, stat, type FileHandle } from "node:fs/promises";
import { parseCriLogLine } from "../../runtime/logs/cri-log.js";

export interface LogOptions {
  follow: boolean;
  previous: boolean;
  /** Last N lines; undefined = all. */
  tailLines?: number;
  /** Only lines at or after this time (ms since the epoch). */
  sinceMs?: number;
  timestamps: boolean;
  limitBytes?: number;
}

/** Parses the kubelet's /containerLogs query (PodLogOptions); a message for bad values. */
export function parseLogOptions(
  q: URLSearchParams,
  now = Date.now(),
): { ok: true; options: LogOptions } | { ok: false; message: string } {
  const flag = (n: string) => ["1", "t", "T", "true", "TRUE", "True"].includes(q.get(n) ?? "");
  const int = (n: string): number | undefined | Error => {
    const v = q.get(n);
    if (v === null || v === "") return undefined;
    if (!/^-?\d+$/.test(v)) return new Error(`${n}: invalid value "${v}"`);
    return Number(v);
  };
  const tail = int("tailLines");
  const limit = int("limitBytes");
  const sinceSeconds = int("sinceSeconds");
  for (const v of [tail, limit, sinceSeconds])
    if (v instanceof Error) return { ok: false, message: v.message };
  let sinceMs: number | undefined;
  if (typeof sinceSeconds === "number") sinceMs = now - sinceSeconds * 1000;
  const sinceTime = q.get("sinceTime");
  if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) return { ok: false, message: `sinceTime: invalid value "${sinceTime}"` };
    sinceMs = t;
  }
  return {
    ok: true,
    options: {
      follow: flag("follow"),
      previous: flag("previous"),
      tailLines: typeof tail === "number" && tail >= 0 ? tail : undefined,
      sinceMs,
      timestamps: flag("timestamps"),
      limitBytes: typeof limit === "number" && limit > 0 ? limit : undefined,
    },
  };
}

/** RFC3339Nano as Go prints it: trailing zeros of the fraction dropped. */
export function rfc3339Nano(criTime: string): string {
  return criTime.replace(/\.(\d*?)0+Z$/, (_m, d: string) => (d ? `.${d}Z` : "Z"));
}

/** ms since the epoch of a CRI timestamp (nanosecond precision is more than Date holds). */
export function criTimeMs(t: string): number {
  return Date.parse(t.replace(/(\.\d{3})\d+/, "$1"));
}

/** Byte offset where the last n records of a file start. */
function tailStart(buf: Buffer, n: number): number {
  if (n === 0) return buf.length;
  let end = buf.length;
  if (end > 0 && buf[end - 1] === 10) end--;
  let count = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (buf[i] === 10) {
      count++;
      if (count === n) return i + 1;
    }
  }
  return 0;
}

export interface LogSink {
  write(b: Buffer): Promise<void> | void;
  /** True once the reader went away. */
  closed(): boolean;
}

/**
 * Streams one container's log file to the sink. `running` says whether to keep following at EOF.
 * Resolves when done (limit reached, container exited while following, or the reader left).
 */
export async function readLogs(
  path: string,
  o: LogOptions,
  sink: LogSink,
  running: () => Promise<boolean>,
): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await open(path, "r");
  } catch {
    return;
  }
  let remaining = o.limitBytes ?? Infinity;
  const emit = async (line: string): Promise<boolean> => {
    const rec = parseCriLogLine(line);
    if (!rec) return true;
    if (o.sinceMs !== undefined && criTimeMs(rec.time) < o.sinceMs) return true;
    let out = (o.timestamps ? rfc3339Nano(rec.time) + " " : "") + rec.content + (rec.partial ? "" : "\n");
    let b = Buffer.from(out);
    if (b.length > remaining) b = b.subarray(0, remaining);
    remaining -= b.length;
    out = "";
    await sink.write(b);
    return remaining > 0 && !sink.closed();
  };
  try {
    let ino = (await fh.stat()).ino;
    const whole = await fh.readFile();
    let offset = whole.length;
    let pending = "";
    const start = o.tailLines === undefined ? 0 : tailStart(whole, o.tailLines);
    const consume = async (chunk: Buffer): Promise<boolean> => {
      pending += chunk.toString("utf8");
      let i: number;
      while ((i = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 1);
        if (!(await emit(line))) return false;
      }
      return true;
    };
    if (!(await consume(whole.subarray(start)))) return;
    if (!o.follow) return;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      if (sink.closed()) return;
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      if (bytesRead > 0) {
        offset += bytesRead;
        if (!(await consume(buf.subarray(0, bytesRead)))) return;
        continue;
      }
      // At EOF: the file may have been rotated (a new file at the path), or the container exited.
      const cur = await stat(path).catch(() => undefined);
      if (cur && cur.ino !== ino) {
        await fh.close();
        fh = await open(path, "r");
        ino = (await fh.stat()).ino;
        offset = 0;
        continue;
      }
      if (!(await running())) {
        const { bytesRead: last } = await fh.read(buf, 0, buf.length, offset);
        if (last > 0) {
          offset += last;
          if (!(await consume(buf.subarray(0, last)))) return;
          continue;
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}
