// Where the node's helper processes (runc, the shims, ip, mount, the CNI plugins) are started from.
// Starting a process from Node forks the whole process first, and the fork copies the page tables of
// everything the process maps: in `k8ts server` (API server, controllers and kubelet in one process,
// 100–300 MB) each spawn blocks the event loop for 1–3 ms. A pod needs about ten of them, so 30 pods
// at once spent a third of the server's only thread in fork(). The forked spawner is a small Node
// process of its own (a few tens of MB, so a cheap fork) that starts them on the server's behalf, on
// the other core, and answers over its IPC channel.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

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
      if (outLen < max) out.push(d);
      outLen += d.length;
    });
    child.stderr?.on("data", (d: Buffer) => {
      if (errLen < max) err.push(d);
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

type Request =
  | { op: "run"; id: number; file: string; args: string[]; opts: RunOptions }
  | { op: "handshake"; id: number; file: string; args: string[] }
  | { op: "go" | "kill"; id: number };
type Reply =
  { id: number; result: RunResult } | { id: number; ready: number } | { id: number; failed: string };

interface Pending {
  resolve(r: RunResult | number): void;
  reject(e: Error): void;
  beforeGo?: () => void;
}

/** A spawner in a child process of its own, started on first use and again if it dies. */
export class ForkedSpawner implements Spawner {
  private child?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  /** As runHere: a process that could not be run (the helper gone, or closed) is an error value too. */
  run(file: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.request<RunResult>({ op: "run", id: 0, file, args, opts }, undefined).catch((e: unknown) => {
      const error = `${file}: ${e instanceof Error ? e.message : String(e)}`;
      return { code: 1, stdout: "", stderr: error, error };
    });
  }

  handshake(file: string, args: string[], beforeGo: () => void): Promise<number> {
    return this.request<number>({ op: "handshake", id: 0, file, args }, beforeGo);
  }

  close(): void {
    this.closed = true;
    this.child?.kill("SIGTERM");
    this.child = undefined;
    for (const p of this.pending.values()) p.reject(new Error("spawner closed"));
    this.pending.clear();
  }

  private request<T extends RunResult | number>(req: Request, beforeGo?: () => void): Promise<T> {
    if (this.closed) return Promise.reject(new Error("spawner closed"));
    const child = this.ensureChild();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: RunResult | number) => void, reject, beforeGo });
      child.ref();
      child.channel?.ref();
      child.send({ ...req, id });
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    const child = fork(fileURLToPath(new URL("./main.js", import.meta.url)), [], {
      // none of our own flags (--cpu-prof, --inspect): it is a plain helper
      execArgv: ["--max-old-space-size=64"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      serialization: "json",
    });
    child.on("message", (m: Reply) => this.onReply(child, m));
    child.on("exit", () => {
      if (this.child !== child) return;
      this.child = undefined;
      for (const p of this.pending.values()) p.reject(new Error("the spawner process exited"));
      this.pending.clear();
    });
    this.child = child;
    this.idle(child);
    return child;
  }

  private onReply(child: ChildProcess, m: Reply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if ("ready" in m) {
      try {
        p.beforeGo?.();
      } catch (err) {
        child.send({ op: "kill", id: m.id });
        this.pending.delete(m.id);
        p.reject(err instanceof Error ? err : new Error(String(err)));
        this.idle(child);
        return;
      }
      child.send({ op: "go", id: m.id });
      this.pending.delete(m.id);
      p.resolve(m.ready);
    } else {
      this.pending.delete(m.id);
      if ("result" in m) p.resolve(m.result);
      else p.reject(new Error(m.failed));
    }
    this.idle(child);
  }

  /** With nothing in flight the helper does not keep this process alive. */
  private idle(child: ChildProcess): void {
    if (this.pending.size > 0) return;
    child.unref();
    child.channel?.unref();
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
