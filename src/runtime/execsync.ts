// ExecSync on top of a runtime's streaming exec (the CRI's ExecSync): collect stdout and stderr until the
// command exits, or close the session and answer DeadlineExceeded once the timeout passes.
import {
  fail,
  ok,
  type ExecRequest,
  type ExecSyncResponse,
  type RuntimeResult,
  type StreamSession,
} from "./cri.js";

export async function execSyncVia(
  exec: (req: ExecRequest) => Promise<RuntimeResult<StreamSession>>,
  containerId: string,
  cmd: string[],
  timeoutSeconds: number,
): Promise<RuntimeResult<ExecSyncResponse>> {
  const s = await exec({ containerId, cmd, stdout: true, stderr: true });
  if (!s.ok) return s;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  s.value.stdout?.on("data", (c: Buffer) => out.push(c));
  s.value.stderr?.on("data", (c: Buffer) => err.push(c));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    if (timeoutSeconds > 0) timer = setTimeout(() => resolve("timeout"), timeoutSeconds * 1000);
  });
  const code = await Promise.race([s.value.exit, timedOut]);
  clearTimeout(timer);
  if (code === "timeout") {
    s.value.close();
    return fail("DeadlineExceeded", `command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds}s`);
  }
  return ok({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code });
}
