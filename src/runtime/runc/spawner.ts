// Where the runc runtime's processes are started: a helper process (spawn-helper.ts) forks and execs them,
// because Node's spawn holds the event loop until the child has exec'd, and on a busy node a burst of pods
// (ip, mount, a shim per container) held the kubelet's and the API server's loop for hundreds of ms. When
// the helper cannot run, commands are spawned here as before.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { command, type CommandResult } from "./command.js";
import type { HelperReply, HelperRequest } from "./spawn-helper.js";

const helperPath = fileURLToPath(new URL("./spawn-helper.js", import.meta.url));

interface Pending {
  onReply: (r: HelperReply) => void;
}

export class Spawner {
  private helper: ChildProcessWithoutNullStreams | undefined;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Starts the helper now (it takes as long as a Node process to boot), so the first pod does not wait. */
  warm(): void {
    this.start();
  }

  private start(): ChildProcessWithoutNullStreams | undefined {
    if (this.helper) return this.helper;
    if (this.broken) return undefined;
    let h: ChildProcessWithoutNullStreams;
    try {
      h = spawn(process.execPath, [helperPath], { stdio: ["pipe", "pipe", "pipe"] });
    } catch {
      this.broken = true;
      return undefined;
    }
    h.stderr.resume();
    h.stdin.on("error", () => undefined);
    createInterface({ input: h.stdout }).on("line", (line) => {
      let r: HelperReply;
      try {
        r = JSON.parse(line) as HelperReply;
      } catch {
        return;
      }
      this.pending.get(r.id)?.onReply(r);
    });
    const gone = (message: string) => {
      if (this.helper !== h) return;
      this.helper = undefined;
      this.broken = true;
      for (const [id, p] of this.pending) p.onReply({ id, kind: "failed", message });
      this.pending.clear();
    };
    h.once("error", (e) => gone(`spawn helper: ${String(e)}`));
    h.once("exit", (code) => gone(`spawn helper exited with ${String(code)}`));
    this.helper = h;
    this.idle();
    return h;
  }

  /** The helper keeps this process alive only while it has work. */
  private idle(): void {
    const h = this.helper;
    if (!h) return;
    const busy = this.pending.size > 0;
    for (const handle of [h, h.stdout, h.stderr, h.stdin] as { ref(): void; unref(): void }[])
      if (busy) handle.ref();
      else handle.unref();
  }

  private send(req: HelperRequest, onReply: (r: HelperReply) => void): boolean {
    const h = this.start();
    if (!h) return false;
    this.pending.set(req.id, { onReply });
    this.idle();
    h.stdin.write(JSON.stringify(req) + "\n");
    return true;
  }

  private done(id: number): void {
    this.pending.delete(id);
    this.idle();
  }

  /** Runs a command to its end, as command() does. */
  run(file: string, args: string[], timeoutMs = 30_000): Promise<CommandResult> {
    return new Promise((resolve) => {
      const id = this.nextId++;
      const sent = this.send({ id, kind: "run", file, args, timeoutMs }, (r) => {
        this.done(id);
        if (r.kind === "done") resolve({ code: r.code, stdout: r.stdout, stderr: r.stderr });
        else if (r.kind === "failed") resolve(command(file, args, timeoutMs));
      });
      if (!sent) resolve(command(file, args, timeoutMs));
    });
  }

  /**
   * Starts a detached shim that prints "ready" and then waits for a line on its stdin; beforeRun is called
   * in between. Resolves with the shim's pid; undefined when the helper cannot do it (the caller spawns it).
   */
  shim(file: string, args: string[], beforeRun: () => void): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const sent = this.send({ id, kind: "shim", file, args }, (r) => {
        this.done(id);
        if (r.kind === "ready") {
          try {
            beforeRun();
          } catch (err) {
            if (r.pid > 0) process.kill(r.pid, "SIGKILL");
            reject(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          this.helper?.stdin.write(JSON.stringify({ id, kind: "go" } satisfies HelperRequest) + "\n");
          resolve(r.pid);
        } else if (r.kind === "failed") {
          if (r.message.startsWith("Error: shim exited early")) reject(new Error(r.message.slice(7)));
          else resolve(undefined);
        }
      });
      if (!sent) resolve(undefined);
    });
  }

  close(): void {
    const h = this.helper;
    this.helper = undefined;
    this.broken = true;
    h?.stdin.end();
  }
}
