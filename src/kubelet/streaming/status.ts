// The metav1.Status objects the streaming server writes on the error channel, as upstream's kubelet
// (cri/streaming/remotecommand exec.go, attach.go) and how each protocol version encodes them.

export interface StreamStatus {
  metadata: Record<string, never>;
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
  code?: number;
}

export const successStatus = (): StreamStatus => ({ metadata: {}, status: "Success" });

/** Go's %v of a []string: [a b c]. */
export const goStringList = (xs: string[]): string => `[${xs.join(" ")}]`;

/** An exec'd command ended with a non-zero code (kubectl exits with it). */
export function nonZeroExitStatus(cmd: string[], exitCode: number): StreamStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command ${goStringList(cmd)}, exit code ${exitCode}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(exitCode) }] },
  };
}

/** apierrors.NewInternalError. */
export function internalErrorStatus(message: string): StreamStatus {
  return {
    metadata: {},
    status: "Failure",
    message: `Internal error occurred: ${message}`,
    reason: "InternalError",
    details: { causes: [{ message }] },
    code: 500,
  };
}

/** v4 and v5 send the Status as JSON; the older versions only the message, and nothing on success. */
export function encodeStatus(version: "v1" | "v4", s: StreamStatus): Buffer | undefined {
  if (version === "v4") return Buffer.from(JSON.stringify(s));
  if (s.status === "Success") return undefined;
  return Buffer.from(s.message ?? "");
}
