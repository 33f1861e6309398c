// The scheduler's core (upstream's Scheduler and schedule_one.go): pop a pod, run one synchronous scheduling
// cycle against a fresh snapshot — PreFilter, Filter over the nodes (starting where the last cycle stopped,
// stopping once enough feasible nodes are found), PostFilter on failure, PreScore/Score, pick the best — then
// assume the pod in the cache, Reserve and Permit, and bind it asynchronously while the next cycle runs.
import { Cache } from "./cache/cache.js";
import { Snapshot } from "./cache/snapshot.js";
import { SchedulingQueue } from "./queue/scheduling-queue.js";
import { Framework } from "./framework/framework.js";
import type { CycleState } from "./framework/cycle-state.js";
import { Diagnosis, FitError, errNoNodesAvailable } from "./framework/fit-error.js";
import type { EventSink, Listers, NominatingInfo } from "./framework/interface.js";
import type { NodeInfo } from "./framework/node-info.js";
import { PodInfo } from "./framework/pod-info.js";
import type { QueuedPodInfo } from "./framework/queued-pod-info.js";
import { Code, Status, isRejected, isSuccess, isWait } from "./framework/status.js";
import type { Pod } from "./framework/types.js";
import { Events } from "./framework/events.js";
import { inTreeRegistry, type Registry } from "./framework/registry.js";
import { pluginsForProfile, type KubeSchedulerProfile } from "./profile.js";
import type { RestClient } from "../client/rest/client.js";
import { isNotFound } from "../client/rest/errors.js";
import type { Logger } from "../client/log.js";
import { silentLogger } from "../client/log.js";

/** Upstream's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
export const minFeasibleNodesToFind = 100;
export const minFeasibleNodesPercentageToFind = 5;

/** How many feasible nodes are enough: all below 100 nodes, else a share adaptive as upstream (50 − n/125 %, ≥ 5 %). */
export function numFeasibleNodesToFind(percentage: number | undefined, numAllNodes: number): number {
  if (numAllNodes < minFeasibleNodesToFind) return numAllNodes;
  let pct = percentage ?? 0;
  if (pct === 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < minFeasibleNodesPercentageToFind) pct = minFeasibleNodesPercentageToFind;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < minFeasibleNodesToFind ? minFeasibleNodesToFind : n;
}

/** validation.NoteLengthLimit: event messages longer than this are cut with " ...". */
const noteLengthLimit = 1024;
export function truncateMessage(m: string): string {
  return m.length <= noteLengthLimit ? m : m.slice(0, noteLengthLimit - 4) + " ...";
}

export interface SchedulerCoreOptions {
  profiles: KubeSchedulerProfile[];
  /** Scheduler-wide percentageOfNodesToScore (0/undefined: adaptive). */
  percentageOfNodesToScore?: number;
  registry?: Registry;
  client?: RestClient;
  listers?: Listers;
  /** The event sink for a profile (its schedulerName is the reporting component). */
  recorder: (schedulerName: string) => EventSink;
  log?: Logger;
  now?: () => number;
  random?: () => number;
  /** Resolves a pod's priority and preemption policy (e.g. from PriorityClasses). */
  podInfoFor?: (pod: Pod) => PodInfo;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  assumedPodTTLMs?: number;
}

interface ScheduleResult {
  host: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

type CycleOutcome =
  | { ok: ScheduleResult; assumed: PodInfo }
  | { fitError: FitError; nominatingInfo?: NominatingInfo }
  | { status: Status; nominatingInfo?: NominatingInfo };

const clearNominatedNode: NominatingInfo = { nominatedNodeName: "", mode: "override" };

const podRef = (pod: Pod) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
});

export class Scheduler {
  readonly cache: Cache;
  readonly queue: SchedulingQueue;
  readonly snapshot = new Snapshot();
  readonly frameworks = new Map<string, Framework>();
  private nextStartNodeIndex = 0;
  private readonly percentageOfNodesToScore?: number;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly client?: RestClient;
  private readonly listers: Listers;
  readonly podInfoFor: (pod: Pod) => PodInfo;
  private feasible: NodeInfo[] = [];
  private totals = new Float64Array(256);
  /** Bindings in flight (awaited on shutdown and by tests). */
  readonly inflight = new Set<Promise<void>>();

  constructor(o: SchedulerCoreOptions) {
    this.log = o.log ?? silentLogger;
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
    this.client = o.client;
    this.listers = o.listers ?? {};
    this.percentageOfNodesToScore = o.percentageOfNodesToScore;
    this.podInfoFor = o.podInfoFor ?? ((p) => new PodInfo(p));
    this.cache = new Cache({ assumedPodTTLMs: o.assumedPodTTLMs, now: this.now, log: this.log });
    // The queue needs the frameworks (queue sort, PreEnqueue, events) and they need its nominator.
    const late: { queue?: SchedulingQueue } = {};
    for (const p of o.profiles) {
      const name = p.schedulerName || "default-scheduler";
      if (this.frameworks.has(name)) throw new Error(`duplicate profile with scheduler name "${name}"`);
      const fwk = new Framework(
        {
          profileName: name,
          plugins: pluginsForProfile(p),
          registry: o.registry ?? inTreeRegistry,
          percentageOfNodesToScore: p.percentageOfNodesToScore,
        },
        {
          client: o.client,
          listers: this.listers,
          recorder: o.recorder(name),
          get nominator() {
            return late.queue!.nominator;
          },
          log: this.log.child({ profile: name }),
          now: this.now,
          random: this.random,
          snapshot: () => this.snapshot,
          podInfoFor: (pod) => this.podInfoFor(pod),
          activate: (pods) => late.queue!.activate(pods),
        },
      );
      this.frameworks.set(name, fwk);
    }
    this.queue = late.queue = new SchedulingQueue(this.frameworks, {
      now: this.now,
      podInitialBackoffMs: o.podInitialBackoffMs,
      podMaxBackoffMs: o.podMaxBackoffMs,
      podInfo: (p) => this.podInfoFor(p),
      log: this.log,
    });
  }

  /** Whether one of the profiles schedules this pod (spec.schedulerName). */
  responsibleFor(pod: Pod): boolean {
    return this.frameworks.has(pod.spec?.schedulerName || "default-scheduler");
  }

  private frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName || "default-scheduler");
  }

  /** Pops and schedules pods until the signal aborts; yields to I/O every few milliseconds. */
  async run(signal: AbortSignal): Promise<void> {
    this.queue.run(signal);
    const cleanup = setInterval(() => this.cache.cleanupAssumedPods(), 1000);
    let lastYield = performance.now();
    try {
      while (!signal.aborted) {
        const q = this.queue.popNow();
        if (!q) {
          await this.queue.waitForPod(signal);
          lastYield = performance.now();
          continue;
        }
        this.scheduleOne(q);
        if (performance.now() - lastYield > 4) {
          await new Promise((r) => setImmediate(r));
          lastYield = performance.now();
        }
      }
    } finally {
      clearInterval(cleanup);
      await Promise.allSettled([...this.inflight]);
    }
  }

  /** Resolves when every binding started so far has finished. */
  async waitForBindings(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** One scheduling attempt for a popped pod (ScheduleOne). */
  scheduleOne(q: QueuedPodInfo): void {
    const pod = q.pod;
    const fwk = this.frameworkFor(pod);
    if (!fwk) {
      this.log.error(
        { pod: `${pod.metadata.namespace}/${pod.metadata.name}` },
        "no profile for the pod's schedulerName",
      );
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      fwk.recorder.eventf(
        podRef(pod),
        "Warning",
        "FailedScheduling",
        "skip schedule deleting pod: %v/%v",
        pod.metadata.namespace,
        pod.metadata.name,
      );
      return;
    }
    // A pod updated while assumed may be queued again; it is already on its way.
    if (this.cache.isAssumedPod(pod)) return;
    const podCycle = this.queue.schedulingCycle;
    const start = this.now();
    const state = fwk.newCycleState();
    let outcome: CycleOutcome;
    try {
      outcome = this.schedulingCycle(fwk, state, q);
    } catch (e) {
      this.log.error({ err: String((e as Error)?.stack ?? e) }, "scheduling cycle failed");
      outcome = { status: Status.error(e), nominatingInfo: clearNominatedNode };
    }
    if ("ok" in outcome) {
      const p = this.bindingCycle(fwk, state, q, outcome.assumed, outcome.ok, start, podCycle).catch(
        (e: unknown) => this.log.error({ err: String(e) }, "binding cycle failed"),
      );
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
      return;
    }
    if ("fitError" in outcome) {
      this.handleSchedulingFailure(
        fwk,
        q,
        Status.of(Code.Unschedulable),
        outcome.fitError,
        outcome.nominatingInfo,
        podCycle,
      );
      return;
    }
    this.handleSchedulingFailure(fwk, q, outcome.status, undefined, outcome.nominatingInfo, podCycle);
  }

  /** The synchronous part: find a node, assume, Reserve, Permit. */
  private schedulingCycle(fwk: Framework, state: CycleState, q: QueuedPodInfo): CycleOutcome {
    const pi = q.podInfo;
    const r = this.schedulePod(fwk, state, pi);
    if ("noNodes" in r)
      return {
        status: new Status(Code.UnschedulableAndUnresolvable, [], new Error(errNoNodesAvailable)),
        nominatingInfo: clearNominatedNode,
      };
    if ("error" in r) return { status: r.error, nominatingInfo: clearNominatedNode };
    if ("fitError" in r) {
      if (!fwk.hasPostFilterPlugins()) return { fitError: r.fitError };
      const { nominatingInfo, status } = fwk.runPostFilterPlugins(
        state,
        pi,
        r.fitError.diagnosis.nodeToStatus,
      );
      r.fitError.diagnosis.postFilterMsg = status?.message() ?? "";
      if (status && status.code === Code.Error)
        this.log.error({ status: status.message() }, "PostFilter failed");
      return { fitError: r.fitError, nominatingInfo };
    }
    const host = r.ok.host;
    const assumed = pi.assumedOn(host);
    const err = this.cache.assumePod(assumed);
    if (err) return { status: Status.error(new Error(err)), nominatingInfo: clearNominatedNode };
    this.queue.nominator.deleteNominatedPodIfExists(pi.pod);
    const fail = (s: Status): CycleOutcome => {
      fwk.runReservePluginsUnreserve(state, assumed, host);
      const ferr = this.cache.forgetPod(assumed.pod);
      if (ferr) this.log.error({ err: ferr }, "scheduler cache ForgetPod failed");
      if (isRejected(s)) {
        const d = new Diagnosis();
        d.nodeToStatus.set(host, s);
        d.addPluginStatus(s);
        return { fitError: new FitError(pi.pod, 1, d) };
      }
      return { status: s, nominatingInfo: clearNominatedNode };
    };
    const rs = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(rs)) return fail(rs!);
    const ps = fwk.runPermitPlugins(state, assumed, host);
    if (!isSuccess(ps) && !isWait(ps)) return fail(ps!);
    return { ok: r.ok, assumed };
  }

  /** Finds the best node (schedulePod). */
  private schedulePod(
    fwk: Framework,
    state: CycleState,
    pi: PodInfo,
  ): { ok: ScheduleResult } | { fitError: FitError } | { error: Status } | { noNodes: true } {
    this.cache.updateSnapshot(this.snapshot);
    const numNodes = this.snapshot.numNodes();
    if (numNodes === 0) return { noNodes: true };
    const diagnosis = new Diagnosis();
    const found = this.findNodesThatFitPod(fwk, state, pi, diagnosis);
    if (found) return { error: found };
    const feasible = this.feasible;
    if (feasible.length === 0) return { fitError: new FitError(pi.pod, numNodes, diagnosis) };
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { ok: { host: feasible[0].name, evaluatedNodes, feasibleNodes: 1 } };
    const ps = fwk.runPreScorePlugins(state, pi, feasible);
    if (!isSuccess(ps)) return { error: ps! };
    if (this.totals.length < feasible.length) this.totals = new Float64Array(feasible.length * 2);
    const totals = this.totals.subarray(0, feasible.length);
    if (fwk.hasScorePlugins()) {
      const ss = fwk.runScorePlugins(state, pi, feasible, totals);
      if (!isSuccess(ss)) return { error: ss! };
    } else totals.fill(1);
    // The highest total; ties broken uniformly at random (reservoir sampling, as upstream's selectHost).
    let best = 0;
    let max = totals[0];
    let ties = 1;
    for (let i = 1; i < totals.length; i++) {
      const t = totals[i];
      if (t > max) {
        max = t;
        best = i;
        ties = 1;
      } else if (t === max) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = i;
      }
    }
    return { ok: { host: feasible[best].name, evaluatedNodes, feasibleNodes: feasible.length } };
  }

  /** PreFilter, the nominated node first, then Filter over the nodes; fills this.feasible. Returns an error status. */
  private findNodesThatFitPod(
    fwk: Framework,
    state: CycleState,
    pi: PodInfo,
    diagnosis: Diagnosis,
  ): Status | undefined {
    this.feasible.length = 0;
    const allNodes = this.snapshot.list();
    const pre = fwk.runPreFilterPlugins(state, pi, allNodes);
    if (!isSuccess(pre.status)) {
      const s = pre.status!;
      if (!isRejected(s)) return s;
      diagnosis.nodeToStatus.absentNodesStatus = s;
      diagnosis.preFilterMsg = s.message();
      diagnosis.addPluginStatus(s);
      for (const p of pre.pluginsWithNodes) diagnosis.unschedulablePlugins.add(p);
      return undefined;
    }
    // A pod nominated by preemption tries its nominated node first.
    const nnn = pi.pod.status?.nominatedNodeName;
    if (nnn) {
      const ni = this.snapshot.get(nnn);
      if (ni) {
        const s = fwk.runFilterPluginsWithNominatedPods(state, pi, ni);
        if (isSuccess(s)) {
          this.feasible.push(ni);
          return undefined;
        }
      }
    }
    let nodes = allNodes;
    if (pre.result) {
      nodes = [];
      for (const name of pre.result) {
        const ni = this.snapshot.get(name);
        if (ni) (nodes as NodeInfo[]).push(ni);
      }
      diagnosis.nodeToStatus.absentNodesStatus = Status.of(
        Code.UnschedulableAndUnresolvable,
        `node(s) didn't satisfy plugin(s) [${[...pre.pluginsWithNodes].sort().join(" ")}]`,
      );
    }
    const err = this.findNodesThatPassFilters(fwk, state, pi, diagnosis, nodes);
    const processed = this.feasible.length + diagnosis.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % allNodes.length;
    return err;
  }

  private findNodesThatPassFilters(
    fwk: Framework,
    state: CycleState,
    pi: PodInfo,
    diagnosis: Diagnosis,
    nodes: readonly NodeInfo[],
  ): Status | undefined {
    const n = nodes.length;
    if (n === 0) return undefined;
    let toFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore ?? this.percentageOfNodesToScore, n);
    if (!fwk.hasScorePlugins()) toFind = 1;
    const feasible = this.feasible;
    const start = this.nextStartNodeIndex;
    if (!fwk.hasFilterPlugins()) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % n]);
      return undefined;
    }
    for (let i = 0; i < n; i++) {
      const ni = nodes[(start + i) % n];
      const s = fwk.runFilterPluginsWithNominatedPods(state, pi, ni);
      if (s === null || s.code === Code.Success) {
        feasible.push(ni);
        if (feasible.length >= toFind) break;
        continue;
      }
      if (s.code === Code.Error) return s;
      diagnosis.nodeToStatus.set(ni.name, s);
      diagnosis.addPluginStatus(s);
    }
    return undefined;
  }

  /** The asynchronous part: wait at Permit, PreBind, Bind, then report. */
  private async bindingCycle(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: PodInfo,
    r: ScheduleResult,
    start: number,
    podCycle: number,
  ): Promise<void> {
    const host = r.host;
    const ws = await fwk.waitOnPermit(assumed);
    if (!isSuccess(ws)) {
      let status = ws!;
      let fe: FitError | undefined;
      if (isRejected(status)) {
        const d = new Diagnosis();
        d.nodeToStatus.set(host, status);
        d.addPluginStatus(status);
        fe = new FitError(assumed.pod, 1, d);
        status = Status.of(status.code);
      }
      this.handleBindingCycleError(fwk, state, q, assumed, host, status, fe, podCycle);
      return;
    }
    let s = await fwk.runPreBindPlugins(state, assumed, host);
    if (isSuccess(s)) s = await fwk.runBindPlugins(state, assumed, host);
    this.cache.finishBinding(assumed.pod);
    if (!isSuccess(s)) {
      this.log.info(
        { pod: `${assumed.namespace}/${assumed.name}`, node: host, err: s!.message() },
        "failed to bind pod",
      );
      this.handleBindingCycleError(fwk, state, q, assumed, host, s!, undefined, podCycle);
      return;
    }
    this.log.debug(
      {
        pod: `${assumed.namespace}/${assumed.name}`,
        node: host,
        evaluatedNodes: r.evaluatedNodes,
        feasibleNodes: r.feasibleNodes,
        ms: this.now() - start,
      },
      "successfully bound pod to node",
    );
    fwk.recorder.eventf(
      podRef(assumed.pod),
      "Normal",
      "Scheduled",
      "Successfully assigned %v/%v to %v",
      assumed.namespace,
      assumed.name,
      host,
    );
    fwk.runPostBindPlugins(state, assumed, host);
  }

  private handleBindingCycleError(
    fwk: Framework,
    state: CycleState,
    q: QueuedPodInfo,
    assumed: PodInfo,
    host: string,
    status: Status,
    fe: FitError | undefined,
    podCycle: number,
  ): void {
    fwk.runReservePluginsUnreserve(state, assumed, host);
    const err = this.cache.forgetPod(assumed.pod);
    if (err) this.log.error({ err }, "scheduler cache ForgetPod failed");
    // The resources the assumed pod held are free again: as if an assigned pod was deleted.
    else
      this.queue.moveAllToActiveOrBackoffQueue(
        Events.AssignedPodDelete,
        assumed.pod,
        undefined,
        isRejected(status) || fe ? (p) => p.metadata.uid !== assumed.pod.metadata.uid : undefined,
      );
    this.handleSchedulingFailure(fwk, q, status, fe, clearNominatedNode, podCycle);
  }

  /**
   * Records why the pod did not schedule — FailedScheduling event, PodScheduled=False condition, nominated
   * node — and returns it to the queue (handleSchedulingFailure).
   */
  handleSchedulingFailure(
    fwk: Framework,
    q: QueuedPodInfo,
    status: Status,
    fitError: FitError | undefined,
    nominatingInfo: NominatingInfo | undefined,
    podCycle: number,
  ): void {
    const reason = isRejected(status) || fitError ? "Unschedulable" : "SchedulerError";
    const pod = q.pod;
    if (fitError) {
      q.unschedulablePlugins = fitError.diagnosis.unschedulablePlugins;
      q.pendingPlugins = fitError.diagnosis.pendingPlugins;
    }
    const errMsg = fitError ? fitError.message() : status.message();
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (fitError) this.log.debug({ pod: key, err: errMsg }, "unable to schedule pod; no fit; waiting");
    else if (status.err?.message === errNoNodesAvailable)
      this.log.debug({ pod: key }, "unable to schedule pod; no nodes are registered to the cluster; waiting");
    else this.log.warn({ pod: key, err: errMsg }, "error scheduling pod; retrying");

    let latest: Pod | undefined = pod;
    if (this.listers.pods)
      latest = this.listers.pods.get(pod.metadata.namespace ?? "", pod.metadata.name ?? "");
    if (!latest) this.log.info({ pod: key }, "pod doesn't exist in informer cache");
    else if (latest.spec?.nodeName)
      this.log.info({ pod: key, node: latest.spec.nodeName }, "pod has been assigned to node; not requeued");
    else {
      if (latest !== pod) q.podInfo = this.podInfoFor(latest);
      const e = this.queue.addUnschedulableIfNotPresent(q, podCycle);
      if (e) this.log.debug({ pod: key, err: e }, "pod not requeued");
    }
    this.queue.nominator.addNominatedPod(q.podInfo, nominatingInfo);
    if (!latest) return;
    fwk.recorder.eventf(podRef(pod), "Warning", "FailedScheduling", "%s", truncateMessage(errMsg));
    void this.updatePodStatus(
      latest,
      { type: "PodScheduled", status: "False", reason, message: errMsg },
      nominatingInfo,
    );
  }

  /** Patches pods/status with the PodScheduled condition and nominated node, only when they change (updatePod). */
  private async updatePodStatus(
    pod: Pod,
    cond: { type: string; status: string; reason: string; message: string },
    nominatingInfo: NominatingInfo | undefined,
  ): Promise<void> {
    if (!this.client) return;
    const status = pod.status ?? {};
    const nnnChange =
      nominatingInfo?.mode === "override" &&
      (status.nominatedNodeName ?? "") !== nominatingInfo.nominatedNodeName;
    const old = status.conditions?.find((c) => c.type === cond.type);
    const nowText = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
    const transition = old && old.status === cond.status ? old.lastTransitionTime : nowText;
    const condChange =
      !old ||
      old.status !== cond.status ||
      (old.reason ?? "") !== cond.reason ||
      (old.message ?? "") !== cond.message ||
      !!old.lastProbeTime;
    if (!nnnChange && !condChange) return;
    const patch: { status: Record<string, unknown> } = { status: {} };
    if (condChange)
      patch.status.conditions = [{ ...cond, lastProbeTime: null, lastTransitionTime: transition }];
    if (nnnChange) patch.status.nominatedNodeName = nominatingInfo.nominatedNodeName || null;
    const ns = encodeURIComponent(pod.metadata.namespace ?? "");
    const name = encodeURIComponent(pod.metadata.name ?? "");
    try {
      await this.client.raw(
        "PATCH",
        `/api/v1/namespaces/${ns}/pods/${name}/status`,
        patch,
        "application/strategic-merge-patch+json",
      );
    } catch (e) {
      if (!isNotFound(e))
        this.log.warn(
          { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: String(e) },
          "error updating pod status",
        );
    }
  }
}
