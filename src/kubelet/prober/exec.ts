// upstream pkg/probe/exec: run the command in the container (the CRI's ExecSync with the probe's timeout);
// exit 0 succeeds, another code fails with the output (stdout then stderr, at most 10 KiB) as the message; a
// timeout fails with `command "..." timed out`; a runtime error is a prober error.
import type { RuntimeService } from "../../runtime/cri.js";
import type { ProbeOutcome } from "./result.js";

const maxReadLength = 10 * 1024;

export async function doExecProbe(
  runtime: Pick<RuntimeService, "execSync">,
  containerId: string,
  cmd: string[],
  timeoutSeconds: number,
): Promise<ProbeOutcome> {
  const r = await runtime.execSync(containerId, cmd, timeoutSeconds);
  if (!r.ok) {
    if (r.error.code === "DeadlineExceeded")
      return { result: "failure", output: `command ${JSON.stringify(cmd.join(" "))} timed out` };
    return { result: "unknown", output: "", error: r.error.message };
  }
  const output = Buffer.concat([r.value.stdout, r.value.stderr]).subarray(0, maxReadLength).toString("utf8");
  return { result: r.value.exitCode === 0 ? "success" : "failure", output };
}
