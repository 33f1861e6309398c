// The spawn helper's process: runs the commands and starts the shims the runc runtime asks for, so that the
// fork and exec of each (during which Node's event loop waits) happen here and not in the kubelet's process.
// Requests and replies are JSON lines on stdin and stdout (see spawner.ts). It exits when its stdin closes.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export type HelperRequest =
  | { id: number; kind: "run"; file: string; args: string[]; timeoutMs: number }
  | { id: number; kind: "shim"; file: string; args: string[] }
  | { id: number; kind: "go" };

export type HelperReply =
  | { id: number; kind: "done"; code: number; stdout: string; stderr: string }
  | { id: number; kind: "ready"; pid: number }
  | { id: number; kind: "failed"; message: string };

const reply = (r: HelperReply): void => {
  process.stdout.write(JSON.stringify(r) + "\n");
};

/** Shims that printed "ready" and wait for "go". */
const waiting = new Map<number, ChildProcess>();

function run(req: Extract<HelperRequest, { kind: "run" }>): void {
  execFile(
    req.file,
    req.args,
    { timeout: req.timeoutMs, maxBuffer: 16 * 1024 * 1024 },
    (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === "number"
          ? (err as { code: number }).code
          : 1
        : 0;
      reply({
        id: req.id,
        kind: "done",
        code,
        stdout: stdout.toString(),
        stderr: stderr.toString() || (err && code === 1 ? err.message : ""),
      });
    },
  );
}

function shim(req: Extract<HelperRequest, { kind: "shim" }>): void {
  const child = spawn(req.file, req.args, { detached: true, stdio: ["pipe", "pipe", "ignore"] });
  let out = "";
  let answered = false;
  child.once("error", (e) => {
    if (answered) return;
    answered = true;
    reply({ id: req.id, kind: "failed", message: String(e) });
  });
  child.stdin.on("error", () => undefined);
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
    if (!answered && out.includes("ready\n")) {
      answered = true;
      child.stdout.destroy();
      waiting.set(req.id, child);
      reply({ id: req.id, kind: "ready", pid: child.pid ?? 0 });
    }
  });
  child.once("exit", (code) => {
    waiting.delete(req.id);
    if (answered) return;
    answered = true;
    reply({ id: req.id, kind: "failed", message: `Error: shim exited early with ${String(code)}` });
  });
}

function go(id: number): void {
  const child = waiting.get(id);
  if (!child) return;
  waiting.delete(id);
  child.stdin?.end("go\n");
  child.unref();
}

createInterface({ input: process.stdin }).on("line", (line) => {
  let req: HelperRequest;
  try {
    req = JSON.parse(line) as HelperRequest;
  } catch {
    return;
  }
  if (req.kind === "run") run(req);
  else if (req.kind === "shim") shim(req);
  else if (req.kind === "go") go(req.id);
});
// Shims waiting for "go" when the runtime went away are killed: nobody reads their output.
process.stdin.on("end", () => {
  for (const c of waiting.values()) c.kill("SIGKILL");
  process.exit(0);
});
