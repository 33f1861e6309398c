// Writes container output in the CRI log format the kubelet reads for `kubectl logs`:
//   2026-01-02T03:04:05.123456789Z stdout F line
// "F" marks a full line, "P" a partial one (a line longer than the buffer, or output without a final newline
// at exit). Files rotate by size as the kubelet's container log manager does: <path> -> <path>.<timestamp>.
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";

export type LogStream = "stdout" | "stderr";

export interface CriLogOptions {
  /** Rotate when the file would grow past this many bytes (kubelet default containerLogMaxSize 10Mi). */
  maxSize?: number;
  /** Rotated files kept besides the live one plus one (kubelet default containerLogMaxFiles 5, counting the live one). */
  maxFiles?: number;
  /** Lines longer than this are split into P ... F records (the CRI runtimes use 16 KiB). */
  maxLineBytes?: number;
  now?: () => string;
}

const wallBaseNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** RFC3339 with nanoseconds, as containerd writes. */
export function criTimestamp(): string {
  const ns = wallBaseNs + process.hrtime.bigint();
  const ms = Number(ns / 1_000_000n);
  const frac = (ns % 1_000_000_000n).toString().padStart(9, "0");
  return new Date(ms).toISOString().slice(0, 19) + "." + frac + "Z";
}

export interface CriLogLine {
  time: string;
  stream: LogStream;
  partial: boolean;
  content: string;
}

/** Parses one record; null when the line is not in the CRI format. */
export function parseCriLogLine(line: string): CriLogLine | null {
  const m = /^(\S+) (stdout|stderr) ([PF]) (.*)$/s.exec(line);
  if (!m) return null;
  return { time: m[1], stream: m[2] as LogStream, partial: m[3] === "P", content: m[4] };
}

export class CriLogWriter {
  private fd: number;
  private size: number;
  private readonly maxSize: number;
  private readonly maxFiles: number;
  private readonly maxLineBytes: number;
  private readonly now: () => string;
  private readonly pending: Record<LogStream, Buffer[]> = { stdout: [], stderr: [] };
  private closed = false;

  constructor(
    readonly path: string,
    opts: CriLogOptions = {},
  ) {
    this.maxSize = opts.maxSize ?? 10 * 1024 * 1024;
    this.maxFiles = Math.max(1, opts.maxFiles ?? 5);
    this.maxLineBytes = opts.maxLineBytes ?? 16 * 1024;
    this.now = opts.now ?? criTimestamp;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a");
    this.size = statSync(path).size;
  }

  /** Copies a stream into the log until it ends. */
  follow(stream: LogStream, from: Readable): Promise<void> {
    return new Promise((resolve) => {
      from.on("data", (chunk: Buffer) => this.write(stream, chunk));
      const done = (): void => {
        this.flush(stream);
        resolve();
      };
      from.once("end", done);
      from.once("error", done);
      from.once("close", done);
    });
  }

  write(stream: LogStream, chunk: Buffer): void {
    if (this.closed) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.pending[stream].push(chunk.subarray(start, nl));
      let line = Buffer.concat(this.pending[stream]);
      while (line.length > this.maxLineBytes) {
        this.emitLine(stream, line.subarray(0, this.maxLineBytes), true);
        line = line.subarray(this.maxLineBytes);
      }
      this.emitLine(stream, line, false);
      this.pending[stream] = [];
      start = nl + 1;
    }
    if (start < chunk.length) this.pending[stream].push(chunk.subarray(start));
    let held = this.pending[stream].reduce((n, b) => n + b.length, 0);
    while (held > this.maxLineBytes) {
      const all = Buffer.concat(this.pending[stream]);
      this.emitLine(stream, all.subarray(0, this.maxLineBytes), true);
      this.pending[stream] = [all.subarray(this.maxLineBytes)];
      held -= this.maxLineBytes;
    }
  }

  /** Writes what is held of an unterminated line as a partial record. */
  flush(stream: LogStream): void {
    const rest = Buffer.concat(this.pending[stream]);
    this.pending[stream] = [];
    if (rest.length > 0) this.emitLine(stream, rest, true);
  }

  /** Closes and reopens the file (the kubelet renamed it). */
  reopen(): void {
    if (this.closed) return;
    closeSync(this.fd);
    this.fd = openSync(this.path, "a");
    this.size = statSync(this.path).size;
  }

  close(): void {
    if (this.closed) return;
    this.flush("stdout");
    this.flush("stderr");
    this.closed = true;
    closeSync(this.fd);
  }

  private emitLine(stream: LogStream, content: Buffer, partial: boolean): void {
    if (this.closed) return;
    const record = Buffer.concat([
      Buffer.from(`${this.now()} ${stream} ${partial ? "P" : "F"} `),
      content,
      Buffer.from("\n"),
    ]);
    if (this.size > 0 && this.size + record.length > this.maxSize) this.rotate();
    writeSync(this.fd, record);
    this.size += record.length;
  }

  private rotate(): void {
    closeSync(this.fd);
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.(\d+)Z$/, ".$1");
    let target = `${this.path}.${stamp}`;
    for (let i = 1; rotatedExists(target); i++) target = `${this.path}.${stamp}-${i}`;
    renameSync(this.path, target);
    // Keep maxFiles - 1 rotated files besides the live one, dropping the oldest.
    const dir = dirname(this.path);
    const prefix = basename(this.path) + ".";
    const rotated = readdirSync(dir)
      .filter((f) => f.startsWith(prefix))
      .sort();
    for (const f of rotated.slice(0, Math.max(0, rotated.length - (this.maxFiles - 1))))
      unlinkSync(join(dir, f));
    this.fd = openSync(this.path, "a");
    this.size = 0;
  }
}

function rotatedExists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
