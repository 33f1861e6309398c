// One probe worker per (container, probe kind), as upstream's pkg/kubelet/prober/worker.go: it probes every
// periodSeconds once the container runs, waits initialDelaySeconds after its start, runs only the startup
// probe until the container has started (and only the others after), turns a result into the container's
// state after successThreshold / failureThreshold results in a row, holds a failed liveness/startup worker
// until the container is replaced, and quiets liveness/startup once the pod is being deleted.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Probe } from "../../api/core/v1/probe.js";

export type ProbeKind = "liveness" | "readiness" | "startup";
export type ProbeState = "success" | "failure" | "unknown";

/** What a worker reads and reports through (the manager). */
export interface WorkerHost {
  pod(): Pod | undefined;
  instance(): { id: string; startedAt: number; podIP: string } | undefined;
  isStarted(): boolean;
  /** Runs one probe attempt (with retries on prober errors); "error" results are thrown away. */
  probe(spec: Probe, containerId: string, podIP: string): Promise<"success" | "failure" | "error">;
  /** The results manager's Set: called with every result; the host reports changes. */
  set(containerId: string, state: ProbeState, fromProbe: boolean): void;
  now(): number;
}

/** Probe fields with the API's defaults. */
export function probeDefaults(
  p: Probe,
): Required<
  Pick<
    Probe,
    "initialDelaySeconds" | "timeoutSeconds" | "periodSeconds" | "successThreshold" | "failureThreshold"
  >
> &
  Probe {
  return {
    ...p,
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    timeoutSeconds: p.timeoutSeconds || 1,
    periodSeconds: p.periodSeconds || 10,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

export class ProbeWorker {
  readonly spec: ReturnType<typeof probeDefaults>;
  readonly initialValue: ProbeState;
  containerId = "";
  private lastResult: "success" | "failure" | undefined;
  private resultRun = 0;
  private onHold = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private triggerAgain = false;
  private stopped = false;

  constructor(
    readonly kind: ProbeKind,
    readonly container: Container,
    probe: Probe,
    private readonly host: WorkerHost,
  ) {
    this.spec = probeDefaults(probe);
    this.initialValue = kind === "readiness" ? "failure" : kind === "liveness" ? "success" : "unknown";
  }

  /** Starts the loop: a probe now, then one every periodSeconds. */
  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** upstream manualTriggerCh: probe now instead of at the next tick. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.triggerAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.tick();
  }

  private tick(): void {
    if (this.stopped) return;
    this.running = true;
    void this.doProbe()
      .catch(() => true)
      .then((keepGoing) => {
        this.running = false;
        if (!keepGoing) return this.stop();
        if (this.stopped) return;
        if (this.triggerAgain) {
          this.triggerAgain = false;
          return this.tick();
        }
        this.timer = setTimeout(() => this.tick(), this.spec.periodSeconds * 1000);
        this.timer.unref();
      });
  }

  /** upstream worker.doProbe; false stops the worker. */
  async doProbe(): Promise<boolean> {
    const pod = this.host.pod();
    if (!pod) return true;
    const inst = this.host.instance();
    if (!inst) {
      // Not running (exited or not yet created): a known container now reads as failed.
      if (this.containerId) this.host.set(this.containerId, "failure", false);
      return true;
    }
    if (inst.id !== this.containerId) {
      this.containerId = inst.id;
      this.host.set(inst.id, this.initialValue, false);
      this.onHold = false;
    }
    if (this.onHold) return true;
    if (pod.metadata?.deletionTimestamp && (this.kind === "liveness" || this.kind === "startup")) {
      // Graceful shutdown: a last success so the container is not restarted while it is stopped.
      this.host.set(this.containerId, "success", false);
      return false;
    }
    if (Math.floor((this.host.now() - inst.startedAt) / 1000) < this.spec.initialDelaySeconds) return true;
    if (this.host.isStarted()) {
      if (this.kind === "startup") return true;
    } else if (this.kind !== "startup") return true;
    const id = this.containerId;
    const result = await this.host.probe(this.spec, id, inst.podIP);
    if (result === "error" || this.stopped || id !== this.containerId) return true;
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if (
      (result === "failure" && this.resultRun < this.spec.failureThreshold) ||
      (result === "success" && this.resultRun < this.spec.successThreshold)
    )
      return true;
    this.host.set(id, result, true);
    if ((this.kind === "liveness" || this.kind === "startup") && result === "failure") {
      // Stop probing until a new container replaces this one.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }
}
