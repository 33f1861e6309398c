// One probe attempt, as upstream's prober.runProbe: exec (the command expanded with the container's literal
// env only), httpGet, tcpSocket or grpc, with timeoutSeconds; retried up to 3 times only on prober errors.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Probe } from "../../api/core/v1/probe.js";
import type { RuntimeService } from "../../runtime/cri.js";
import { expandCommandOnlyStatic } from "../envvars/expansion.js";
import { formatPod } from "../pod/format.js";
import { doExecProbe } from "./exec.js";
import { doGRPCProbe } from "./grpc.js";
import { doHTTPProbe, newRequestForHTTPGetAction } from "./http.js";
import { resolveContainerPort } from "./port.js";
import type { ProbeOutcome } from "./result.js";
import { doTCPProbe } from "./tcp.js";

export const maxProbeRetries = 3;

export interface ProbeTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
  runtime: Pick<RuntimeService, "execSync">;
}

export async function runProbe(p: Probe, t: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutSeconds = p.timeoutSeconds || 1;
  if (p.exec) {
    const cmd = expandCommandOnlyStatic(p.exec.command ?? [], t.container.env);
    return doExecProbe(t.runtime, t.containerId, cmd, timeoutSeconds);
  }
  if (p.httpGet) {
    const req = newRequestForHTTPGetAction(p.httpGet, t.container, t.podIP, "probe");
    if ("error" in req) return { result: "unknown", output: "", error: req.error };
    return doHTTPProbe(req, timeoutSeconds * 1000);
  }
  if (p.tcpSocket) {
    const port = resolveContainerPort(p.tcpSocket.port, t.container);
    if ("error" in port) return { result: "unknown", output: "", error: port.error };
    return doTCPProbe(p.tcpSocket.host || t.podIP, port.port, timeoutSeconds * 1000);
  }
  if (p.grpc) return doGRPCProbe(t.podIP, p.grpc.service ?? "", p.grpc.port ?? 0, timeoutSeconds * 1000);
  return {
    result: "unknown",
    output: "",
    error: `missing probe handler for ${formatPod(t.pod)}:${t.container.name ?? ""}`,
  };
}

/** upstream runProbeWithRetries: only prober errors are retried. */
export async function runProbeWithRetries(
  p: Probe,
  t: ProbeTarget,
  retries = maxProbeRetries,
): Promise<ProbeOutcome> {
  let out: ProbeOutcome = { result: "unknown", output: "" };
  for (let i = 0; i < retries; i++) {
    out = await runProbe(p, t);
    if (out.error === undefined) return out;
  }
  return out;
}
