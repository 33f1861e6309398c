// The generic PLEG (pod lifecycle event generator, pleg/generic.go): relists the runtime every second and
// tells the pod workers which pods had a sandbox or container change state, so exits are noticed quickly.
import type { RuntimeService } from "../../runtime/cri.js";
import type { Logger } from "../../client/log.js";
import { podUIDLabel } from "../kuberuntime/labels.js";
import { sleep } from "../../client/wait/sleep.js";

export const relistPeriodMs = 1000;

export class GenericPLEG {
  /** id → "<pod uid>|<state>" as of the last relist. */
  private last = new Map<string, string>();
  private lastRelist = Date.now();

  constructor(
    private readonly runtime: RuntimeService,
    private readonly onPodChanged: (uid: string) => void,
    private readonly log: Logger,
  ) {}

  /** One relist; returns the pod UIDs with changes. */
  async relist(): Promise<Set<string>> {
    const now = new Map<string, string>();
    for (const s of await this.runtime.listPodSandbox())
      now.set(`s:${s.id}`, `${s.labels[podUIDLabel] ?? ""}|${s.state}`);
    for (const c of await this.runtime.listContainers())
      now.set(`c:${c.id}`, `${c.labels[podUIDLabel] ?? ""}|${c.state}`);
    const changed = new Set<string>();
    const uidOf = (v: string) => v.slice(0, v.indexOf("|"));
    for (const [id, v] of now) if (this.last.get(id) !== v) changed.add(uidOf(v));
    for (const [id, v] of this.last) if (!now.has(id)) changed.add(uidOf(v));
    changed.delete("");
    this.last = now;
    this.lastRelist = Date.now();
    return changed;
  }

  /** Healthy when a relist finished within the last 3 minutes (upstream's relistThreshold); before the
   * first relist it counts from when the PLEG was made. */
  healthy(): boolean {
    return this.sinceLastRelist() < 3 * 60_000;
  }

  sinceLastRelist(): number {
    return Date.now() - this.lastRelist;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        for (const uid of await this.relist()) this.onPodChanged(uid);
      } catch (e) {
        this.log.warn({ err: String(e) }, "GenericPLEG: Unable to retrieve pods");
      }
      await sleep(relistPeriodMs, signal);
    }
  }
}
