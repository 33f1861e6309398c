// Lifecycle hooks (postStart, preStop), as upstream's pkg/kubelet/lifecycle handlerRunner.Run: exec in the
// container (no timeout; a non-zero exit fails), HTTP GET to the pod (any answer is fine, only an error
// fails; an HTTPS hook answered in plain HTTP is retried over HTTP with a LifecycleHTTPFallback warning),
// sleep (cut short when the signal aborts). tcpSocket is accepted by the API only for backward compatibility
// and, as upstream, is not run: it fails with "Cannot run handler: invalid handler: ...". The message is
// upstream's text; the core records it with FailedPostStartHook / FailedPreStopHook.
import type { Container, LifecycleHandler } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { RuntimeService } from "../../runtime/cri.js";
import { formatPod, goQuote, goStringSlice } from "../pod/format.js";
import { httpGet, newRequestForHTTPGetAction } from "../prober/http.js";

export interface HookTarget {
  pod: Pod;
  container: Container;
  containerId: string;
  podIP: string;
  runtime: Pick<RuntimeService, "execSync">;
  /** Records the LifecycleHTTPFallback warning (optional). */
  warn?(reason: string, message: string): void;
}

export type HookResult = { ok: true } | { ok: false; message: string };

/** Hooks have no timeout of their own upstream; the caller's signal (the grace period) bounds them. */
const noTimeoutMs = 24 * 3600 * 1000;

export async function runLifecycleHandler(
  handler: LifecycleHandler,
  t: HookTarget,
  signal?: AbortSignal,
): Promise<HookResult> {
  const where = `for Container ${goQuote(t.container.name ?? "")} in Pod ${goQuote(formatPod(t.pod))}`;
  if (handler.exec) {
    const cmd = handler.exec.command ?? [];
    const r = await abortable(t.runtime.execSync(t.containerId, cmd, 0), signal);
    let err: string | undefined;
    let output = "";
    if (r === "aborted") err = "context canceled";
    else if (!r.ok) err = r.error.message;
    else {
      output = Buffer.concat([r.value.stdout, r.value.stderr]).toString("utf8");
      if (r.value.exitCode !== 0)
        err = `command '${cmd.join(" ")}' exited with ${r.value.exitCode}: ${r.value.stderr.toString("utf8")}`;
    }
    if (err === undefined) return { ok: true };
    return {
      ok: false,
      message: `Exec lifecycle hook (${goStringSlice(cmd)}) ${where} failed - error: ${err}, message: ${goQuote(output)}`,
    };
  }
  if (handler.httpGet) {
    const err = await runHTTPHandler(handler, t, signal);
    if (err === undefined) return { ok: true };
    return {
      ok: false,
      message: `HTTP lifecycle hook (${handler.httpGet.path ?? ""}) ${where} failed - error: ${err}`,
    };
  }
  if (handler.sleep) {
    const seconds = handler.sleep.seconds ?? 0;
    const slept = await sleep(seconds * 1000, signal);
    if (slept) return { ok: true };
    return {
      ok: false,
      message: `Sleep lifecycle hook (${seconds}) ${where} failed - error: container terminated before sleep hook finished`,
    };
  }
  return { ok: false, message: `Cannot run handler: invalid handler: ${goHandler(handler)}` };
}

async function runHTTPHandler(
  handler: LifecycleHandler,
  t: HookTarget,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const hg = handler.httpGet!;
  if (!hg.host && !t.podIP) return "failed to find networking container: the pod has no IP";
  const req = newRequestForHTTPGetAction(hg, t.container, t.podIP, "lifecycle");
  if ("error" in req) return req.error;
  const r = await httpGet(req, { timeoutMs: noTimeoutMs, followNonLocalRedirects: true, signal });
  if (!("error" in r)) return undefined;
  if (req.scheme === "https" && r.error.includes("server gave HTTP response to HTTPS client")) {
    const headers = new Map(req.headers);
    headers.delete("Authorization");
    const retry = await httpGet(
      { ...req, scheme: "http", headers },
      { timeoutMs: noTimeoutMs, followNonLocalRedirects: true, signal },
    );
    if (!("error" in retry)) {
      t.warn?.(
        "LifecycleHTTPFallback",
        `request to HTTPS lifecycle hook ${req.host}:${req.port} got HTTP response, retry with HTTP succeeded`,
      );
      return undefined;
    }
  }
  return r.error;
}

function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T | "aborted"> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve("aborted");
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve("aborted");
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** true when the time passed, false when the signal cut it short. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Go's %v of an IntOrString: {Type IntVal StrVal}. */
function goIntOrString(v: number | string | undefined): string {
  return typeof v === "string" ? `{1 0 ${v}}` : `{0 ${v ?? 0} }`;
}

/** Go's %v of the *LifecycleHandler upstream prints for an invalid handler. */
function goHandler(h: LifecycleHandler): string {
  const tcp = h.tcpSocket
    ? `&TCPSocketAction{Port:${goIntOrString(h.tcpSocket.port)},Host:${h.tcpSocket.host ?? ""},}`
    : "nil";
  return `&LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:${tcp},Sleep:nil,}`;
}
