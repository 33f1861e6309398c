// The probe manager, as upstream's pkg/kubelet/prober: a worker per container and probe (liveness,
// readiness, startup) for the pod's containers and its restartable (sidecar) init containers; readiness and
// startup changes are reported through onChange, a liveness or startup failure through onFailure; Unhealthy
// and ProbeWarning events as upstream ("Liveness probe failed: HTTP probe failed with statuscode: 500").
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Probe } from "../../api/core/v1/probe.js";
import type { EventRecorder } from "../../client/record/recorder.js";
import type { Logger } from "../../client/log.js";
import type { RuntimeService } from "../../runtime/cri.js";
import { podRef } from "../pod/format.js";
import { runProbeWithRetries } from "./probe.js";
import { ProbeWorker, type ProbeKind, type ProbeState, type WorkerHost } from "./worker.js";

export { runProbe, runProbeWithRetries, type ProbeTarget } from "./probe.js";
export { doHTTPProbe, newRequestForHTTPGetAction, httpGet, requestURL, type ProbeRequest } from "./http.js";
export { doTCPProbe } from "./tcp.js";
export { doExecProbe } from "./exec.js";
export { doGRPCProbe } from "./grpc.js";
export { resolveContainerPort } from "./port.js";
export type { ProbeOutcome, ProbeResult } from "./result.js";
export type { ProbeKind } from "./worker.js";

export interface ProbeManagerOptions {
  runtime: Pick<RuntimeService, "execSync">;
  recorder: Pick<EventRecorder, "event">;
  log: Logger;
  /** readiness or startup result changed: regenerate and push the pod's status */
  onChange(podUid: string): void;
  /** liveness (or startup) failed past failureThreshold: the core kills the container and restarts it per policy */
  onFailure(podUid: string, containerName: string, kind: "liveness" | "startup", message: string): void;
  /** Clock for tests (ms since the epoch). */
  now?: () => number;
}

const kindTitle: Record<ProbeKind, string> = {
  liveness: "Liveness",
  readiness: "Readiness",
  startup: "Startup",
};

interface PodEntry {
  pod: Pod;
  workers: Map<string, ProbeWorker>;
  instances: Map<string, { id: string; startedAt: number; podIP: string }>;
  /** The results manager: "<kind>/<container name>" → the current container's id and state. */
  results: Map<string, { id: string; state: ProbeState }>;
}

/** The probes a container has, by kind. */
function probesOf(c: Container): [ProbeKind, Probe][] {
  const out: [ProbeKind, Probe][] = [];
  if (c.livenessProbe) out.push(["liveness", c.livenessProbe]);
  if (c.readinessProbe) out.push(["readiness", c.readinessProbe]);
  if (c.startupProbe) out.push(["startup", c.startupProbe]);
  return out;
}

/** The probe's terminationGracePeriodSeconds when a liveness/startup failure kills the container, else the pod's. */
export function probeTerminationGracePeriodSeconds(
  pod: Pod,
  container: Container,
  kind: "liveness" | "startup",
): number {
  const p = kind === "liveness" ? container.livenessProbe : container.startupProbe;
  return p?.terminationGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export class ProbeManager {
  private pods = new Map<string, PodEntry>();
  private readonly now: () => number;

  constructor(private readonly o: ProbeManagerOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Starts the workers of a pod's probes; called again with a newer pod it only updates the pod (e.g. its
   * deletionTimestamp, which quiets liveness and startup probes). */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    const existing = this.pods.get(uid);
    if (existing) {
      existing.pod = pod;
      return;
    }
    const entry: PodEntry = { pod, workers: new Map(), instances: new Map(), results: new Map() };
    this.pods.set(uid, entry);
    const containers = [
      ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
      ...(pod.spec?.containers ?? []),
    ];
    for (const c of containers) {
      for (const [kind, probe] of probesOf(c)) {
        const w = new ProbeWorker(kind, c, probe, this.host(uid, entry, c, kind));
        entry.workers.set(`${c.name}/${kind}`, w);
        w.start();
      }
    }
  }

  removePod(podUid: string): void {
    const e = this.pods.get(podUid);
    if (!e) return;
    for (const w of e.workers.values()) w.stop();
    this.pods.delete(podUid);
  }

  setContainer(
    podUid: string,
    containerName: string,
    instance: { id: string; startedAt: number } | undefined,
    podIP: string,
  ): void {
    const e = this.pods.get(podUid);
    if (!e) return;
    const prev = e.instances.get(containerName);
    if (instance) e.instances.set(containerName, { ...instance, podIP });
    else e.instances.delete(containerName);
    if (prev?.id !== instance?.id) {
      // A new (or gone) container: let the readiness worker look now, as upstream's status update triggers it.
      e.workers.get(`${containerName}/readiness`)?.trigger();
      if (!instance)
        for (const k of ["liveness", "startup"] as const) e.workers.get(`${containerName}/${k}`)?.trigger();
    }
  }

  isReady(podUid: string, containerName: string): boolean {
    const e = this.pods.get(podUid);
    const inst = e?.instances.get(containerName);
    if (!e || !inst) return false;
    if (!this.startedIn(e, containerName)) return false;
    const w = e.workers.get(`${containerName}/readiness`);
    if (!w) return true;
    const r = e.results.get(`readiness/${containerName}`);
    return r?.id === inst.id && r.state === "success";
  }

  isStarted(podUid: string, containerName: string): boolean {
    const e = this.pods.get(podUid);
    return !!e && this.startedIn(e, containerName);
  }

  stop(): void {
    for (const uid of [...this.pods.keys()]) this.removePod(uid);
  }

  private startedIn(e: PodEntry, containerName: string): boolean {
    const inst = e.instances.get(containerName);
    if (!inst) return false;
    const r = e.results.get(`startup/${containerName}`);
    if (r?.id === inst.id) return r.state === "success";
    return !e.workers.has(`${containerName}/startup`);
  }

  private host(uid: string, e: PodEntry, c: Container, kind: ProbeKind): WorkerHost {
    const name = c.name ?? "";
    return {
      pod: () => (this.pods.get(uid) === e ? e.pod : undefined),
      instance: () => e.instances.get(name),
      isStarted: () => this.startedIn(e, name),
      now: this.now,
      probe: async (spec, containerId, podIP) => {
        const out = await runProbeWithRetries(spec, {
          pod: e.pod,
          container: c,
          containerId,
          podIP,
          runtime: this.o.runtime,
        });
        const title = kindTitle[kind];
        if (out.error !== undefined) {
          this.o.log.debug({ pod: uid, container: name, kind, err: out.error }, "Probe errored");
          this.o.recorder.event(
            podRef(e.pod),
            "Warning",
            "Unhealthy",
            `${title} probe errored and resulted in ${out.result} state: ${out.error}`,
          );
          return "error";
        }
        if (out.result === "success") return "success";
        if (out.result === "warning") {
          this.o.recorder.event(
            podRef(e.pod),
            "Warning",
            "ProbeWarning",
            `${title} probe warning: ${out.output}`,
          );
          return "success";
        }
        if (out.result === "failure") {
          this.o.log.debug({ pod: uid, container: name, kind, output: out.output }, "Probe failed");
          this.o.recorder.event(
            podRef(e.pod),
            "Warning",
            "Unhealthy",
            `${title} probe failed: ${out.output}`,
          );
        }
        return "failure";
      },
      set: (containerId, state, fromProbe) => {
        const key = `${kind}/${name}`;
        const prev = e.results.get(key);
        if (prev?.id === containerId && prev.state === state) return;
        e.results.set(key, { id: containerId, state });
        if (this.pods.get(uid) !== e) return;
        if (kind === "readiness" || kind === "startup") this.o.onChange(uid);
        if (fromProbe && state === "failure" && (kind === "liveness" || kind === "startup"))
          this.o.onFailure(uid, name, kind, `Container ${name} failed ${kind} probe, will be restarted`);
      },
    };
  }
}
