// upstream probe.Result: what one probe attempt says, with the output shown in events.
export type ProbeResult = "success" | "warning" | "failure" | "unknown";

export interface ProbeOutcome {
  result: ProbeResult;
  output: string;
  /** A prober error (the result is then thrown away, as upstream's "Probe errored"). */
  error?: string;
}

/** The probe version in User-Agent ("kube-probe/1.32"), the minor version k8ts reports. */
export const probeVersion = "1.32";
