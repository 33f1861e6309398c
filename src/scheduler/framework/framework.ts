// The framework runner for one profile (upstream's frameworkImpl): builds the profile's plugins from the
// registry, files each under the extension points it implements, and runs those points in order with
// upstream's semantics (Skip, first failure wins, weights, score normalization, permit waits).
import { CycleState } from "./cycle-state.js";
import { Code, Status, isRejected, isSuccess, type Result } from "./status.js";
import type { NodeInfo } from "./node-info.js";
import type { PodInfo } from "./pod-info.js";
import type { Pod } from "./types.js";
import { maxNodeScore } from "./types.js";
import type { NodeToStatus } from "./fit-error.js";
import {
  PreFilterResult,
  type BindPlugin,
  type EnqueueExtensions,
  type EventSink,
  type FilterPlugin,
  type Handle,
  type Listers,
  type NominatingInfo,
  type PermitPlugin,
  type Plugin,
  type PluginFactory,
  type PodNominator,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type SharedLister,
} from "./interface.js";
import type { RestClient } from "../../client/rest/client.js";
import type { Logger } from "../../client/log.js";

/** One enabled plugin of a profile, in extension-point order. */
export interface PluginSpec {
  name: string;
  /** Score weight (0 or unset means 1, as upstream). */
  weight?: number;
  args?: unknown;
}

/** What the framework needs from the scheduler around it. */
export interface FrameworkDeps {
  client?: RestClient;
  listers?: Listers;
  recorder: EventSink;
  nominator: PodNominator;
  log: Logger;
  now: () => number;
  random?: () => number;
  snapshot: () => SharedLister;
  podInfoFor?: (pod: Pod) => PodInfo;
  activate?: (pods: readonly Pod[]) => void;
}

export interface FrameworkOptions {
  profileName: string;
  plugins: PluginSpec[];
  registry: Readonly<Record<string, PluginFactory>>;
  /** 0..100; undefined or 0 means adaptive (50 - nodes/125, at least 5%). */
  percentageOfNodesToScore?: number;
}

const has = <K extends string>(p: Plugin, m: K): p is Plugin & Record<K, (...a: any[]) => any> =>
  typeof (p as any)[m] === "function";

/** A pod waiting at Permit: resolved when every waiting plugin allows it, or one rejects it or times out. */
export class WaitingPod {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private settle!: (s: Result) => void;
  readonly done: Promise<Result>;

  constructor(
    readonly pod: PodInfo,
    waits: Map<string, number>,
  ) {
    this.done = new Promise((r) => (this.settle = r));
    for (const [plugin, ms] of waits) {
      const t = setTimeout(
        () => this.reject(plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`),
        ms,
      );
      t.unref?.();
      this.pending.set(plugin, t);
    }
  }

  allow(plugin: string): void {
    const t = this.pending.get(plugin);
    if (t === undefined) return;
    clearTimeout(t);
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.settle(null);
  }

  reject(plugin: string, msg: string): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    this.settle(Status.of(Code.Unschedulable, msg).withPlugin(plugin));
  }
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins: Plugin[] = [];
  queueSortPlugin!: QueueSortPlugin;
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly enqueueExtensions: EnqueueExtensions[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly scoreWeights: number[] = [];
  readonly reservePlugins: ReservePlugin[] = [];
  readonly permitPlugins: PermitPlugin[] = [];
  readonly preBindPlugins: PreBindPlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly postBindPlugins: PostBindPlugin[] = [];
  readonly waitingPods = new Map<string, WaitingPod>();
  private scoreBuffers: Float64Array[] = [];

  constructor(
    o: FrameworkOptions,
    private readonly deps: FrameworkDeps,
  ) {
    this.profileName = o.profileName;
    this.percentageOfNodesToScore = o.percentageOfNodesToScore;
    const seen = new Set<string>();
    for (const spec of o.plugins) {
      if (seen.has(spec.name))
        throw new Error(`plugin "${spec.name}" already registered in profile ${o.profileName}`);
      seen.add(spec.name);
      const factory = o.registry[spec.name];
      if (!factory) throw new Error(`plugin "${spec.name}" does not exist in the registry`);
      const p = factory(spec.args, this);
      this.plugins.push(p);
      if (has(p, "less")) this.queueSortPlugin = p;
      if (has(p, "preEnqueue")) this.preEnqueuePlugins.push(p);
      if (has(p, "eventsToRegister")) this.enqueueExtensions.push(p);
      if (has(p, "preFilter")) this.preFilterPlugins.push(p);
      if (has(p, "filter")) this.filterPlugins.push(p);
      if (has(p, "postFilter")) this.postFilterPlugins.push(p);
      if (has(p, "preScore")) this.preScorePlugins.push(p);
      if (has(p, "score")) {
        this.scorePlugins.push(p);
        this.scoreWeights.push(spec.weight || 1);
      }
      if (has(p, "reserve")) this.reservePlugins.push(p as unknown as ReservePlugin);
      if (has(p, "permit")) this.permitPlugins.push(p);
      if (has(p, "preBind")) this.preBindPlugins.push(p);
      if (has(p, "bind")) this.bindPlugins.push(p);
      if (has(p, "postBind")) this.postBindPlugins.push(p);
    }
    if (!this.queueSortPlugin) throw new Error(`profile ${o.profileName}: no queue sort plugin is enabled`);
    if (this.bindPlugins.length === 0)
      throw new Error(`profile ${o.profileName}: at least one bind plugin is needed`);
  }

  // ---- Handle

  snapshotSharedLister(): SharedLister {
    return this.deps.snapshot();
  }
  get client(): RestClient | undefined {
    return this.deps.client;
  }
  get listers(): Listers {
    return this.deps.listers ?? {};
  }
  get recorder(): EventSink {
    return this.deps.recorder;
  }
  get nominator(): PodNominator {
    return this.deps.nominator;
  }
  get log(): Logger {
    return this.deps.log;
  }
  now(): number {
    return this.deps.now();
  }
  random(): number {
    return (this.deps.random ?? Math.random)();
  }
  podInfoFor(pod: Pod): PodInfo {
    if (!this.deps.podInfoFor) throw new Error("podInfoFor is not wired");
    return this.deps.podInfoFor(pod);
  }
  activate(pods: readonly Pod[]): void {
    this.deps.activate?.(pods);
  }

  hasFilterPlugins(): boolean {
    return this.filterPlugins.length > 0;
  }
  hasScorePlugins(): boolean {
    return this.scorePlugins.length > 0;
  }
  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  // ---- queue-side points

  /** The first PreEnqueue rejection (the pod stays gated), or null. */
  runPreEnqueuePlugins(pod: Pod): Result {
    for (const pl of this.preEnqueuePlugins) {
      const s = pl.preEnqueue(pod);
      if (!isSuccess(s)) {
        if (isRejected(s)) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running PreEnqueue plugin "${pl.name}": ${s!.message()}`)).withPlugin(
          pl.name,
        );
      }
    }
    return null;
  }

  // ---- scheduling cycle

  /**
   * PreFilter: every plugin once per pod. Skip marks the plugin's Filter as skipped; UnschedulableAndUnresolvable
   * ends the cycle at once, Unschedulable after the other plugins ran (preemption may still help); node sets
   * from several plugins intersect. Returns the plugins that narrowed the nodes.
   */
  runPreFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { result?: ReadonlySet<string>; status: Result; pluginsWithNodes: string[] } {
    let result: Set<string> | undefined;
    const withNodes: string[] = [];
    let returnStatus: Result = null;
    for (const pl of this.preFilterPlugins) {
      const r = pl.preFilter(state, pod, nodes);
      if (r instanceof PreFilterResult) {
        withNodes.push(pl.name);
        result = result ? new Set([...result].filter((n) => r.nodeNames.has(n))) : new Set(r.nodeNames);
        if (result.size === 0) {
          const sorted = [...withNodes].sort();
          const msg =
            sorted.length === 1
              ? `node(s) didn't satisfy plugin ${sorted[0]}`
              : `node(s) didn't satisfy plugin(s) [${sorted.join(" ")}] simultaneously`;
          return {
            result,
            status: Status.of(Code.UnschedulableAndUnresolvable, msg),
            pluginsWithNodes: withNodes,
          };
        }
        continue;
      }
      if (r === null || r.code === Code.Success) continue;
      if (r.code === Code.Skip) {
        state.skipFilterPlugins.add(pl.name);
        continue;
      }
      r.withPlugin(pl.name);
      if (r.code === Code.UnschedulableAndUnresolvable) return { status: r, pluginsWithNodes: [] };
      if (r.code === Code.Unschedulable) {
        returnStatus = r;
        continue;
      }
      return {
        status: Status.error(new Error(`running PreFilter plugin "${pl.name}": ${r.message()}`)).withPlugin(
          pl.name,
        ),
        pluginsWithNodes: [],
      };
    }
    return { result, status: returnStatus, pluginsWithNodes: withNodes };
  }

  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): Result {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, pod, toAdd, nodeInfo);
      if (!isSuccess(s))
        return Status.error(new Error(`running AddPod on PreFilter plugin "${pl.name}": ${s!.message()}`));
    }
    return null;
  }

  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    toRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Result {
    for (const pl of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(pl.name)) continue;
      const ext = pl.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, pod, toRemove, nodeInfo);
      if (!isSuccess(s))
        return Status.error(new Error(`running RemovePod on PreFilter plugin "${pl.name}": ${s!.message()}`));
    }
    return null;
  }

  /** Filter: the first plugin that does not pass decides the node's status. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    // The plugins PreFilter did not skip, once per cycle rather than once per node.
    const plugins = (state.activeFilterPlugins ??= this.filterPlugins.filter(
      (p) => !state.skipFilterPlugins.has(p.name),
    )) as FilterPlugin[];
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i];
      const s = pl.filter(state, pod, nodeInfo);
      if (s !== null && s.code !== Code.Success) {
        if (!isRejected(s))
          return Status.error(new Error(`running "${pl.name}" filter plugin: ${s.message()}`)).withPlugin(
            pl.name,
          );
        return s.withPlugin(pl.name);
      }
    }
    return null;
  }

  /**
   * Filters the node twice when it has nominated pods of equal or higher priority: once as if they ran there
   * (resources, anti-affinity), once without them (affinity); the pod must pass both.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Result {
    const nominator = this.deps.nominator;
    if (nominator.size === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    const nominated = nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, nodeInfo);
    let stateOut: CycleState | undefined;
    let nodeOut: NodeInfo | undefined;
    for (const pi of nominated) {
      if (pi.priority >= pod.priority && pi.key !== pod.key) {
        stateOut ??= state.clone();
        nodeOut ??= nodeInfo.clone();
        nodeOut.addPodInfo(pi);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, nodeOut);
        if (!isSuccess(s)) return s;
      }
    }
    if (!stateOut || !nodeOut) return this.runFilterPlugins(state, pod, nodeInfo);
    const first = this.runFilterPlugins(stateOut, pod, nodeOut);
    if (!isSuccess(first)) return first;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  /** PostFilter (preemption): the first success or unresolvable answer wins; rejections' reasons add up. */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    filtered: NodeToStatus,
  ): { nominatingInfo?: NominatingInfo; status: Result } {
    let result: NominatingInfo | undefined;
    const reasons: string[] = [];
    let rejector = "";
    for (const pl of this.postFilterPlugins) {
      const { nominatingInfo, status: s } = pl.postFilter(state, pod, filtered);
      if (isSuccess(s)) return { nominatingInfo, status: s };
      if (s!.code === Code.UnschedulableAndUnresolvable)
        return { nominatingInfo, status: s!.withPlugin(pl.name) };
      if (!isRejected(s)) return { status: Status.error(new Error(s!.message())).withPlugin(pl.name) };
      if (nominatingInfo && nominatingInfo.mode !== "noop") result = nominatingInfo;
      reasons.push(...s!.allReasons());
      rejector ||= pl.name;
    }
    return { nominatingInfo: result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Result {
    for (const pl of this.preScorePlugins) {
      const s = pl.preScore(state, pod, nodes);
      if (s === null || s.code === Code.Success) continue;
      if (s.code === Code.Skip) {
        state.skipScorePlugins.add(pl.name);
        continue;
      }
      return Status.error(new Error(`running PreScore plugin "${pl.name}": ${s.message()}`)).withPlugin(
        pl.name,
      );
    }
    return null;
  }

  private buffer(i: number, n: number): Float64Array {
    let b = this.scoreBuffers[i];
    if (!b || b.length < n) this.scoreBuffers[i] = b = new Float64Array(Math.max(n, 64));
    return b.subarray(0, n);
  }

  /**
   * Score: each plugin scores every node, normalizes into [0, 100], and the weighted scores add up into
   * `totals` (aligned with `nodes`). Buffers are reused across cycles.
   */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], totals: Float64Array): Result {
    totals.fill(0);
    const n = nodes.length;
    const skip = state.skipScorePlugins;
    for (let p = 0; p < this.scorePlugins.length; p++) {
      const pl = this.scorePlugins[p];
      if (skip.size !== 0 && skip.has(pl.name)) continue;
      const scores = this.buffer(p, n);
      for (let i = 0; i < n; i++) {
        const r = pl.score(state, pod, nodes[i]);
        if (typeof r !== "number")
          return Status.error(new Error(`running Score plugin "${pl.name}": ${r.message()}`)).withPlugin(
            pl.name,
          );
        scores[i] = r;
      }
      if (pl.normalizeScore) {
        const s = pl.normalizeScore(state, pod, nodes, scores);
        if (!isSuccess(s))
          return Status.error(
            new Error(`running Normalize on Score plugin "${pl.name}": ${s!.message()}`),
          ).withPlugin(pl.name);
      }
      const w = this.scoreWeights[p];
      for (let i = 0; i < n; i++) {
        const v = scores[i];
        if (v > maxNodeScore || v < 0)
          return Status.error(
            new Error(
              `plugin "${pl.name}" returns an invalid score ${v}, it should in the range of [0, ${maxNodeScore}] after normalizing`,
            ),
          ).withPlugin(pl.name);
        totals[i] += v * w;
      }
    }
    return null;
  }

  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): Result {
    for (const pl of this.reservePlugins) {
      const s = pl.reserve(state, pod, nodeName);
      if (!isSuccess(s)) {
        if (isRejected(s)) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running Reserve plugin "${pl.name}": ${s!.message()}`)).withPlugin(
          pl.name,
        );
      }
    }
    return null;
  }

  /** Unreserve in reverse order, as upstream. */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--)
      this.reservePlugins[i].unreserve(state, pod, nodeName);
  }

  /** Permit: a rejection wins; otherwise Wait registers the pod as waiting until every waiting plugin allows it. */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): Result {
    const waits = new Map<string, number>();
    for (const pl of this.permitPlugins) {
      const { status: s, timeoutMs } = pl.permit(state, pod, nodeName);
      if (isSuccess(s)) continue;
      if (isRejected(s)) return s!.withPlugin(pl.name);
      if (s!.code === Code.Wait) {
        waits.set(pl.name, Math.min(timeoutMs ?? 15 * 60_000, 15 * 60_000));
        continue;
      }
      return Status.error(new Error(`running Permit plugin "${pl.name}": ${s!.message()}`)).withPlugin(
        pl.name,
      );
    }
    if (waits.size > 0) {
      this.waitingPods.set(pod.key, new WaitingPod(pod, waits));
      return Status.of(
        Code.Wait,
        `one or more plugins asked to wait and no plugin rejected pod "${pod.name}"`,
      );
    }
    return null;
  }

  async waitOnPermit(pod: PodInfo): Promise<Result> {
    const wp = this.waitingPods.get(pod.key);
    if (!wp) return null;
    try {
      return await wp.done;
    } finally {
      this.waitingPods.delete(pod.key);
    }
  }

  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result> {
    for (const pl of this.preBindPlugins) {
      const s = await pl.preBind(state, pod, nodeName);
      if (!isSuccess(s)) {
        if (isRejected(s)) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running PreBind plugin "${pl.name}": ${s!.message()}`)).withPlugin(
          pl.name,
        );
      }
    }
    return null;
  }

  /** Bind: the first plugin that does not Skip binds the pod. */
  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<Result> {
    let s: Result = Status.of(Code.Skip);
    for (const pl of this.bindPlugins) {
      s = await pl.bind(state, pod, nodeName);
      if (s && s.code === Code.Skip) continue;
      if (!isSuccess(s)) {
        if (isRejected(s)) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running Bind plugin "${pl.name}": ${s!.message()}`)).withPlugin(
          pl.name,
        );
      }
      return s;
    }
    return s;
  }

  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const pl of this.postBindPlugins) pl.postBind(state, pod, nodeName);
  }

  /** A fresh CycleState for one attempt. */
  newCycleState(): CycleState {
    return new CycleState();
  }
}
