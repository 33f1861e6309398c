// Where the node's helper processes (runc, the shims, ip, the CNI plugins) are started from.
// Starting a process from Node forks the whole process first: the fork copies the page tables of everything
// the process maps, and afterwards each page either side writes faults once. In `k8ts server` (API server,
// controllers and kubelet in one process, 100–300 MB) each spawn blocked the event loop for 1–3 ms, and a
// pod needs about six. The agent's ForkedSpawner hands them to a small Perl process (forkserver.ts) that
// forks for less, on the other core; tests and tools start processes in process.
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { decodeFrames, encodeFrame, FORK_SERVER } from "./forkserver.js";

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the process's stdin, which is then closed. */
  stdin?: string;
  cwd?: string;
  /** SIGTERM after this long (0: never). Default 30 s. */
  timeoutMs?: number;
  /** stdout/stderr beyond this many bytes each are dropped. Default 16 MiB. */
  maxBuffer?: number;
}

export interface RunResult {
  /** The exit code; 1 when the process could not start or was killed by a signal (as execFile reports it). */
  code: number;
  signal?: string;
  stdout: string;
  stderr: string;
  /** Why the process could not be started (e.g. "spawn runc ENOENT"). */
  error?: string;
}

export interface Spawner {
  /** Runs a process to its end. */
  run(file: string, args: string[], opts?: RunOptions): Promise<RunResult>;
  /**
   * Starts a detached process (its own session, it outlives us) that writes "ready\n" on stdout once it is
   * set up and then waits for a line on stdin. beforeGo runs once it is ready; "go\n" is written after it.
   * Resolves with the process's pid.
   */
  handshake(file: string, args: string[], beforeGo: () => void): Promise<number>;
  /**
   * A system call (mount, umount, mkfifo) or a fork into new namespaces ("ns") made by the spawner itself, as
   * the fork server's ops (forkserver.ts) describe; undefined where it cannot, and hostcalls.ts runs the
   * program instead.
   */
  sys?(op: "sys" | "ns", args: (string | number)[]): Promise<RunResult | undefined>;
  close(): void;
}

/** Starts processes from this process. */
export const inProcessSpawner: Spawner = {
  run: runHere,
  handshake: (file, args, beforeGo) =>
    handshakeHere(file, args).then(({ pid, go, kill }) => {
      try {
        beforeGo();
      } catch (err) {
        kill();
        throw err;
      }
      go();
      return pid;
    }),
  close: () => undefined,
};

export function runHere(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const max = opts.maxBuffer ?? 16 * 1024 * 1024;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: ["pipe", "pipe", "pipe"] });
    } catch (err) {
      resolve({ code: 1, stdout: "", stderr: String(err), error: String(err) });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    child.stdout?.on("data", (d: Buffer) => {
      if (outLen < max) out.push(d.subarray(0, max - outLen));
      outLen += d.length;
    });
    child.stderr?.on("data", (d: Buffer) => {
      if (errLen < max) err.push(d.subarray(0, max - errLen));
      errLen += d.length;
    });
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const timer = timeoutMs > 0 ? setTimeout(() => child.kill("SIGTERM"), timeoutMs) : undefined;
    let failed: string | undefined;
    child.on("error", (e) => (failed = e.message));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({
        code: failed !== undefined ? 1 : (code ?? 1),
        ...(signal ? { signal } : {}),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: stderr || failed || "",
        ...(failed ? { error: failed } : {}),
      });
    });
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(opts.stdin ?? "");
  });
}

/** The first half of a handshake: resolves once the process said "ready". */
export function handshakeHere(
  file: string,
  args: string[],
): Promise<{ pid: number; go: () => void; kill: () => void }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { detached: true, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    child.once("error", reject);
    const early = (code: number | null) => reject(new Error(`${file} exited early with ${String(code)}`));
    child.once("exit", early);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (!out.includes("ready\n")) return;
      child.stdout?.destroy();
      child.off("exit", early);
      child.stdin?.on("error", () => undefined);
      resolve({
        pid: child.pid ?? 0,
        go: () => {
          child.stdin?.end("go\n");
          child.unref();
        },
        kill: () => child.kill("SIGKILL"),
      });
    });
  });
}

interface Pending {
  resolve(r: RunResult | number): void;
  reject(e: Error): void;
  beforeGo?: () => void;
  timer?: NodeJS.Timeout;
}

/** One fork server process (forkserver.ts), started on first use and again if it dies, and the requests
 * in flight on it. */
class ForkServer {
  private child?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private partial: Buffer = Buffer.alloc(0);

  constructor(private readonly noPerl: () => void) {}

  /** Requests in flight. */
  get load(): number {
    return this.pending.size;
  }

  request<T extends RunResult | number>(
    fields: (string | number)[],
    o: { beforeGo?: () => void; timeoutMs?: number },
  ): Promise<T> {
    const child = this.ensureChild();
    const id = this.nextId++;
    const [op, ...rest] = fields;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = {
        resolve: resolve as (r: RunResult | number) => void,
        reject,
        beforeGo: o.beforeGo,
      };
      // the clock is ours (perl-base has no sub-second clock): on timeout the fork server sends the SIGTERM
      if (o.timeoutMs) p.timer = setTimeout(() => this.send(child, ["term", id]), o.timeoutMs);
      this.pending.set(id, p);
      this.busy(child, true);
      this.send(child, [op, id, ...rest]);
    });
  }

  close(): void {
    this.child?.kill("SIGTERM");
    this.child = undefined;
    this.failAll(new Error("spawner closed"));
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private send(child: ChildProcess, fields: (string | number)[]): void {
    child.stdin?.write(encodeFrame(fields));
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn("perl", ["-e", FORK_SERVER], { stdio: ["pipe", "pipe", "inherit"] });
    this.partial = Buffer.alloc(0);
    child.stdin?.on("error", () => undefined);
    child.stdout?.on("data", (d: Buffer) => this.onData(child, d));
    const gone = (err: Error) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.failAll(err);
    };
    child.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") this.noPerl();
      gone(new Error(`the spawner process: ${err.message}`));
    });
    child.on("exit", () => gone(new Error("the spawner process exited")));
    this.child = child;
    this.busy(child, false);
    return child;
  }

  private onData(child: ChildProcess, d: Buffer): void {
    const { frames, rest } = decodeFrames(this.partial.length ? Buffer.concat([this.partial, d]) : d);
    this.partial = rest.length ? Buffer.from(rest) : Buffer.alloc(0);
    for (const f of frames) this.onReply(child, f);
  }

  private onReply(child: ChildProcess, f: Buffer[]): void {
    const kind = f[0]?.toString() ?? "";
    const id = Number(f[1]?.toString());
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    const str = (i: number) => f[i]?.toString("utf8") ?? "";
    if (kind === "ready") {
      try {
        p.beforeGo?.();
      } catch (err) {
        this.send(child, ["kill", id]);
        p.reject(err instanceof Error ? err : new Error(String(err)));
        this.busy(child, this.pending.size > 0);
        return;
      }
      this.send(child, ["go", id]);
      p.resolve(Number(str(2)));
    } else if (kind === "done") {
      const [code, signal, stdout, stderr, error] = [Number(str(2)), str(3), str(4), str(5), str(6)];
      p.resolve({
        code,
        ...(signal ? { signal } : {}),
        stdout,
        stderr,
        ...(error ? { error } : {}),
      });
    } else p.reject(new Error(str(2)));
    this.busy(child, this.pending.size > 0);
  }

  /** With nothing in flight the helper does not keep this process alive. */
  private busy(child: ChildProcess, yes: boolean): void {
    const handles = [
      child,
      child.stdin as unknown as Socket | null,
      child.stdout as unknown as Socket | null,
    ];
    for (const h of handles) {
      if (yes) h?.ref();
      else h?.unref();
    }
  }
}

/** How many fork servers a ForkedSpawner keeps by default. Each serves its requests one at a time (a fork, a
 * mount); with two, 30 pods starting at once on two cores wait less for one another (round p99 -5 %, measured
 * side by side); a third made no difference. */
export const defaultForkServers = 2;

/** A spawner in processes of its own (the Perl fork servers, each request to the one with the fewest in
 * flight). Without perl it starts processes from this one. */
export class ForkedSpawner implements Spawner {
  private readonly servers: ForkServer[];
  private closed = false;
  private unavailable = false;

  constructor(o: { processes?: number } = {}) {
    const n = Math.max(1, o.processes ?? defaultForkServers);
    // no perl here: start processes from this process from now on
    this.servers = Array.from({ length: n }, () => new ForkServer(() => (this.unavailable = true)));
  }

  /** As runHere: a process that could not be run (the helper gone, or closed) is an error value too. */
  run(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    if (this.unavailable && !this.closed) return runHere(file, args, opts);
    const env = opts.env
      ? Object.entries(opts.env)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${v}`)
      : undefined;
    const frame = [
      ...["run", file, opts.cwd ?? "", opts.maxBuffer ?? 16 * 1024 * 1024, opts.stdin ?? ""],
      ...(env ? [env.length, ...env] : [-1]),
      ...args,
    ];
    return this.request<RunResult>(frame, { timeoutMs: opts.timeoutMs ?? 30_000 }).catch((e: unknown) => {
      const error = `${file}: ${e instanceof Error ? e.message : String(e)}`;
      return { code: 1, stdout: "", stderr: error, error };
    });
  }

  handshake(file: string, args: string[], beforeGo: () => void): Promise<number> {
    if (this.unavailable && !this.closed) return inProcessSpawner.handshake(file, args, beforeGo);
    return this.request<number>(["hs", file, ...args], { beforeGo });
  }

  sys(op: "sys" | "ns", args: (string | number)[]): Promise<RunResult | undefined> {
    if (this.unavailable || this.closed) return Promise.resolve(undefined);
    // the fork server gone (no perl after all): the caller runs the program instead
    return this.request<RunResult>([op, ...args], {}).catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    for (const s of this.servers) s.close();
  }

  private request<T extends RunResult | number>(
    fields: (string | number)[],
    o: { beforeGo?: () => void; timeoutMs?: number },
  ): Promise<T> {
    if (this.closed) return Promise.reject(new Error("spawner closed"));
    let server = this.servers[0];
    for (const s of this.servers) if (s.load < server.load) server = s;
    return server.request<T>(fields, o);
  }
}

let current: Spawner = inProcessSpawner;

/** The process-wide spawner the runtime and the kubelet start their helper processes with. */
export function spawner(): Spawner {
  return current;
}

/** Makes s the process-wide spawner (the agent's is a ForkedSpawner); returns the one it replaces. */
export function useSpawner(s: Spawner): Spawner {
  const prev = current;
  current = s;
  return prev;
}
