import { test } from "node:test";
import assert from "node:assert/strict";
import { Framework, type PluginSpec } from "./framework.js";
import { CycleState } from "./cycle-state.js";
import { Code, Status, type Result } from "./status.js";
import { PodInfo } from "./pod-info.js";
import { NodeInfo } from "./node-info.js";
import { PreFilterResult, type Plugin, type PluginFactory } from "./interface.js";
import { Nominator } from "../queue/nominator.js";
import { EventCollector } from "../testing/framework.js";
import { inTreeRegistry } from "./registry.js";
import { makeNode, makePod } from "../testing/wrappers.js";
import { silentLogger } from "../../client/log.js";
import { newSnapshot } from "../cache/snapshot.js";

/** A configurable plugin for exercising the runner: each point returns what the test says and logs calls. */
class Probe implements Plugin {
  calls: string[] = [];
  constructor(
    readonly name: string,
    private readonly o: {
      preFilter?: Result | PreFilterResult;
      filter?: (node: string) => Result;
      score?: (node: string) => number;
      normalize?: boolean;
      bind?: Result;
    },
  ) {}
  preFilter(): Result | PreFilterResult {
    this.calls.push("preFilter");
    return this.o.preFilter ?? null;
  }
  filter(_s: CycleState, _p: PodInfo, ni: NodeInfo): Result {
    this.calls.push(`filter ${ni.name}`);
    return this.o.filter?.(ni.name) ?? null;
  }
  score(_s: CycleState, _p: PodInfo, ni: NodeInfo): number {
    return this.o.score?.(ni.name) ?? 0;
  }
  normalizeScore(_s: CycleState, _p: PodInfo, _n: readonly NodeInfo[], scores: Float64Array): Result {
    if (this.o.normalize) for (let i = 0; i < scores.length; i++) scores[i] *= 10;
    return null;
  }
  async bind(): Promise<Result> {
    this.calls.push("bind");
    return this.o.bind ?? null;
  }
}

function fwkWith(probes: Probe[], specs: PluginSpec[]) {
  const registry: Record<string, PluginFactory> = { ...inTreeRegistry };
  for (const p of probes) registry[p.name] = () => p;
  const nodes = ["a", "b", "c"].map((n) => makeNode(n).obj());
  const snap = newSnapshot([], nodes);
  const fwk = new Framework(
    { profileName: "test", plugins: [{ name: "PrioritySort" }, ...specs], registry },
    {
      recorder: new EventCollector(),
      nominator: new Nominator(),
      log: silentLogger,
      now: () => 0,
      snapshot: () => snap,
    },
  );
  return { fwk, nodes: snap.list() };
}

test("framework: PreFilter Skip skips that plugin's Filter; the first failing Filter decides", () => {
  const skipper = new Probe("Skipper", {
    preFilter: Status.of(Code.Skip),
    filter: () => Status.of(Code.Unschedulable, "never"),
  });
  const first = new Probe("First", {
    filter: (n) => (n === "b" ? Status.of(Code.Unschedulable, "no b") : null),
  });
  const second = new Probe("Second", {
    filter: () => Status.of(Code.UnschedulableAndUnresolvable, "second"),
  });
  const { fwk, nodes } = fwkWith(
    [skipper, first, second],
    [{ name: "Skipper" }, { name: "First" }, { name: "Second" }, { name: "DefaultBinder" }],
  );
  const state = new CycleState();
  const pi = new PodInfo(makePod("p").obj());
  assert.equal(fwk.runPreFilterPlugins(state, pi, nodes).status, null);
  const b = fwk.runFilterPlugins(state, pi, nodes[1])!;
  assert.equal(b.toString(), "Unschedulable: no b");
  assert.equal(b.plugin, "First");
  const a = fwk.runFilterPlugins(state, pi, nodes[0])!;
  assert.equal(a.plugin, "Second");
  assert.deepEqual(skipper.calls, ["preFilter"]);
  assert.deepEqual(second.calls, ["preFilter", "filter a"], "not reached for b");
});

test("framework: PreFilter results intersect; an empty intersection is unresolvable", () => {
  const p1 = new Probe("P1", { preFilter: new PreFilterResult(new Set(["a", "b"])) });
  const p2 = new Probe("P2", { preFilter: new PreFilterResult(new Set(["b", "c"])) });
  const p3 = new Probe("P3", { preFilter: new PreFilterResult(new Set(["c"])) });
  const { fwk, nodes } = fwkWith([p1, p2, p3], [{ name: "P1" }, { name: "P2" }, { name: "DefaultBinder" }]);
  const r = fwk.runPreFilterPlugins(new CycleState(), new PodInfo(makePod("p").obj()), nodes);
  assert.deepEqual([...r.result!], ["b"]);
  const { fwk: f2, nodes: n2 } = fwkWith(
    [p1, p3],
    [{ name: "P1" }, { name: "P3" }, { name: "DefaultBinder" }],
  );
  const r2 = f2.runPreFilterPlugins(new CycleState(), new PodInfo(makePod("p").obj()), n2);
  assert.equal(
    r2.status!.toString(),
    "UnschedulableAndUnresolvable: node(s) didn't satisfy plugin(s) [P1 P3] simultaneously",
  );
});

test("framework: PreFilter Unschedulable lets later PreFilters run; Unresolvable stops at once", () => {
  const u = new Probe("U", { preFilter: Status.of(Code.Unschedulable, "u") });
  const later = new Probe("Later", {});
  const { fwk, nodes } = fwkWith([u, later], [{ name: "U" }, { name: "Later" }, { name: "DefaultBinder" }]);
  const r = fwk.runPreFilterPlugins(new CycleState(), new PodInfo(makePod("p").obj()), nodes);
  assert.equal(r.status!.toString(), "Unschedulable: u");
  assert.deepEqual(later.calls, ["preFilter"]);
  const stop = new Probe("Stop", { preFilter: Status.of(Code.UnschedulableAndUnresolvable, "stop") });
  const after = new Probe("After", {});
  const { fwk: f2, nodes: n2 } = fwkWith(
    [stop, after],
    [{ name: "Stop" }, { name: "After" }, { name: "DefaultBinder" }],
  );
  f2.runPreFilterPlugins(new CycleState(), new PodInfo(makePod("p").obj()), n2);
  assert.deepEqual(after.calls, []);
});

test("framework: scores are normalized, weighted and summed; out-of-range scores are errors", () => {
  const s1 = new Probe("S1", { score: (n) => ({ a: 1, b: 5, c: 10 })[n]!, normalize: true });
  const s2 = new Probe("S2", { score: (n) => ({ a: 100, b: 0, c: 0 })[n]! });
  const { fwk, nodes } = fwkWith(
    [s1, s2],
    [{ name: "S1", weight: 2 }, { name: "S2" }, { name: "DefaultBinder" }],
  );
  const totals = new Float64Array(3);
  assert.equal(fwk.runScorePlugins(new CycleState(), new PodInfo(makePod("p").obj()), nodes, totals), null);
  assert.deepEqual([...totals], [10 * 2 + 100, 50 * 2, 100 * 2]);
  const bad = new Probe("Bad", { score: () => 101 });
  const { fwk: f2, nodes: n2 } = fwkWith([bad], [{ name: "Bad" }, { name: "DefaultBinder" }]);
  const s = f2.runScorePlugins(new CycleState(), new PodInfo(makePod("p").obj()), n2, new Float64Array(3));
  assert.match(
    s!.message(),
    /plugin "Bad" returns an invalid score 101, it should in the range of \[0, 100\] after normalizing/,
  );
});

test("framework: a bind plugin that skips hands the pod to the next", async () => {
  const skip = new Probe("SkipBinder", { bind: Status.of(Code.Skip) });
  const bind = new Probe("RealBinder", {});
  const { fwk } = fwkWith([skip, bind], [{ name: "SkipBinder" }, { name: "RealBinder" }]);
  assert.equal(await fwk.runBindPlugins(new CycleState(), new PodInfo(makePod("p").obj()), "a"), null);
  assert.deepEqual([skip.calls, bind.calls], [["bind"], ["bind"]]);
});

test("framework: profiles need a queue sort and a binder; unknown plugins are refused", () => {
  const reg = inTreeRegistry;
  const deps = {
    recorder: new EventCollector(),
    nominator: new Nominator(),
    log: silentLogger,
    now: () => 0,
    snapshot: () => newSnapshot([], []),
  };
  assert.throws(
    () => new Framework({ profileName: "x", plugins: [{ name: "DefaultBinder" }], registry: reg }, deps),
    /no queue sort plugin/,
  );
  assert.throws(
    () => new Framework({ profileName: "x", plugins: [{ name: "PrioritySort" }], registry: reg }, deps),
    /at least one bind plugin/,
  );
  assert.throws(
    () =>
      new Framework(
        { profileName: "x", plugins: [{ name: "PrioritySort" }, { name: "Nope" }], registry: reg },
        deps,
      ),
    /plugin "Nope" does not exist/,
  );
});
