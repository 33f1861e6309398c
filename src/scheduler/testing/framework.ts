// A real Framework over a given snapshot for plugin tests: the plugins under test plus the mandatory queue
// sort and binder, with events collected in memory.
import { Framework, type PluginSpec } from "../framework/framework.js";
import { inTreeRegistry } from "../framework/registry.js";
import type { EventSink, Listers } from "../framework/interface.js";
import { CycleState } from "../framework/cycle-state.js";
import type { NodeInfo } from "../framework/node-info.js";
import { PodInfo } from "../framework/pod-info.js";
import type { Node, Pod } from "../framework/types.js";
import { Code, type Result } from "../framework/status.js";
import { Nominator } from "../queue/nominator.js";
import { newSnapshot, type Snapshot } from "../cache/snapshot.js";
import { silentLogger } from "../../client/log.js";

export interface RecordedEvent {
  object: string;
  type: string;
  reason: string;
  message: string;
}

/** Collects events as formatted messages. */
export class EventCollector implements EventSink {
  readonly events: RecordedEvent[] = [];
  eventf(
    obj: { metadata: { namespace?: string; name?: string } },
    type: string,
    reason: string,
    fmt: string,
    ...args: unknown[]
  ): void {
    let i = 0;
    const message = fmt.replace(/%[sdv]/g, () => String(args[i++]));
    this.events.push({ object: `${obj.metadata.namespace}/${obj.metadata.name}`, type, reason, message });
  }
}

export interface TestFramework {
  fwk: Framework;
  snapshot: Snapshot;
  nominator: Nominator;
  events: EventCollector;
}

export function newTestFramework(
  plugins: PluginSpec[],
  pods: readonly Pod[],
  nodes: readonly Node[],
  o: { listers?: Listers; now?: () => number; random?: () => number } = {},
): TestFramework {
  const snapshot = newSnapshot(pods, nodes);
  const nominator = new Nominator();
  const events = new EventCollector();
  const names = new Set(plugins.map((p) => p.name));
  const all = [...plugins];
  if (!names.has("PrioritySort")) all.unshift({ name: "PrioritySort" });
  if (!names.has("DefaultBinder")) all.push({ name: "DefaultBinder" });
  const fwk = new Framework(
    { profileName: "default-scheduler", plugins: all, registry: inTreeRegistry },
    {
      recorder: events,
      nominator,
      log: silentLogger,
      now: o.now ?? (() => Date.parse("2024-01-01T00:00:00Z")),
      random: o.random ?? (() => 0),
      snapshot: () => snapshot,
      listers: o.listers,
      podInfoFor: (p) => new PodInfo(p),
    },
  );
  return { fwk, snapshot, nominator, events };
}

/** Runs PreFilter then Filter for every node; returns node name → status ("" for pass), or the PreFilter status. */
export function filterAll(t: TestFramework, pod: Pod): { preFilter: Result; byNode: Record<string, string> } {
  const state = new CycleState();
  const pi = new PodInfo(pod);
  const pre = t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  const byNode: Record<string, string> = {};
  if (pre.status && pre.status.code !== Code.Success) return { preFilter: pre.status, byNode };
  for (const ni of t.snapshot.list()) {
    if (pre.result && !pre.result.has(ni.name)) {
      byNode[ni.name] = "filtered by PreFilter";
      continue;
    }
    const s = t.fwk.runFilterPluginsWithNominatedPods(state, pi, ni);
    byNode[ni.name] = s ? `${s.codeName}: ${s.message()}` : "";
  }
  return { preFilter: null, byNode };
}

/** Runs PreFilter, Filter, PreScore and Score; returns node name → weighted total, for the feasible nodes. */
export function scoreAll(t: TestFramework, pod: Pod): Record<string, number> {
  const state = new CycleState();
  const pi = new PodInfo(pod);
  t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  const feasible: NodeInfo[] = t.snapshot.list().filter((ni) => !t.fwk.runFilterPlugins(state, pi, ni));
  const ps = t.fwk.runPreScorePlugins(state, pi, feasible);
  if (ps) throw new Error(ps.message());
  const totals = new Float64Array(feasible.length);
  const s = t.fwk.runScorePlugins(state, pi, feasible, totals);
  if (s) throw new Error(s.message());
  return Object.fromEntries(feasible.map((n, i) => [n.name, totals[i]]));
}
