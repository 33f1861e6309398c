import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { newTestFramework, type TestFramework } from "../../testing/framework.js";
import { CycleState } from "../../framework/cycle-state.js";
import { PodInfo } from "../../framework/pod-info.js";
import { NodeToStatus } from "../../framework/fit-error.js";
import type { Pod } from "../../framework/types.js";
import { Indexer, Lister } from "../../../client/informer/cache.js";
import type { KubeObject } from "../../../api/meta/v1/types.js";
import {
  filterPodsWithPDBViolation,
  pickOneNodeForPreemption,
  selectVictimsOnNode,
  type Candidate,
} from "./victims.js";

const plugins = [
  { name: "NodeUnschedulable" },
  { name: "TaintToleration" },
  { name: "NodeResourcesFit" },
  { name: "DefaultPreemption" },
];

/** Runs PreFilter and Filter like a failed cycle, then PostFilter. */
function preempt(t: TestFramework, pod: Pod) {
  const state = new CycleState();
  const pi = new PodInfo(pod);
  t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  const m = new NodeToStatus();
  for (const ni of t.snapshot.list()) {
    const s = t.fwk.runFilterPlugins(state, pi, ni);
    if (s) m.set(ni.name, s);
  }
  const r = t.fwk.runPostFilterPlugins(state, pi, m);
  return { nominated: r.nominatingInfo?.nominatedNodeName, message: r.status?.message() ?? "" };
}

const pdbLister = (disruptionsAllowed: number) => {
  const idx = new Indexer<KubeObject>({});
  idx.set({
    metadata: { name: "pdb", namespace: "default" },
    spec: { selector: { matchLabels: { app: "low" } } },
    status: { disruptionsAllowed },
  });
  return new Lister(idx);
};

test("DefaultPreemption: nominates the node whose victims matter least", () => {
  const nodes = () => [
    makeNode("n1").capacity({ cpu: "2", memory: "8Gi", pods: "110" }).obj(),
    makeNode("n2").capacity({ cpu: "2", memory: "8Gi", pods: "110" }).obj(),
  ];
  const pods = () => [
    makePod("low1")
      .label("app", "low")
      .priority(1)
      .req({ cpu: "1" })
      .startTime("2024-01-01T00:00:00Z")
      .node("n1")
      .obj(),
    makePod("low2")
      .label("app", "low")
      .priority(1)
      .req({ cpu: "1" })
      .startTime("2024-01-01T00:05:00Z")
      .node("n1")
      .obj(),
    makePod("mid").priority(5).req({ cpu: "2" }).node("n2").obj(),
  ];
  const cases = [
    {
      name: "lowest highest-victim priority wins",
      pod: makePod("p").priority(10).req({ cpu: "2" }).obj(),
      pdbs: undefined,
      want: "n1",
    },
    {
      name: "a node whose victims would break a PDB loses",
      pod: makePod("p").priority(10).req({ cpu: "2" }).obj(),
      pdbs: pdbLister(0),
      want: "n2",
    },
    {
      name: "a PDB with room does not count",
      pod: makePod("p").priority(10).req({ cpu: "2" }).obj(),
      pdbs: pdbLister(2),
      want: "n1",
    },
    {
      name: "priority 3 can only evict low pods",
      pod: makePod("p").priority(3).req({ cpu: "2" }).obj(),
      pdbs: undefined,
      want: "n1",
    },
  ];
  for (const c of cases) {
    const t = newTestFramework(plugins, pods(), nodes(), { listers: { podDisruptionBudgets: c.pdbs } });
    const r = preempt(t, c.pod);
    assert.equal(r.message, "", c.name);
    assert.equal(r.nominated, c.want, c.name);
  }
});

test("DefaultPreemption: why preemption does not help, in upstream's words", () => {
  const nodes = () => [
    makeNode("n1").capacity({ cpu: "2", memory: "8Gi", pods: "110" }).obj(),
    makeNode("n2")
      .capacity({ cpu: "2", memory: "8Gi", pods: "110" })
      .taint("node.kubernetes.io/unreachable", "", "NoExecute")
      .obj(),
  ];
  const pods = () => [makePod("busy").priority(10).req({ cpu: "2" }).node("n1").obj()];
  const cases = [
    {
      name: "no lower-priority pods",
      pod: makePod("p").priority(10).req({ cpu: "1" }).obj(),
      want: "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    },
    {
      name: "preemptionPolicy Never",
      pod: makePod("p").priority(100).preemptionPolicy("Never").req({ cpu: "1" }).obj(),
      want: "preemption: not eligible due to preemptionPolicy=Never.",
    },
  ];
  for (const c of cases) {
    const t = newTestFramework(plugins, pods(), nodes());
    assert.equal(preempt(t, c.pod).message, c.want, c.name);
  }
});

test("DefaultPreemption: evicts only what is needed, reprieving the most important first", () => {
  const nodes = [makeNode("n1").capacity({ cpu: "2", memory: "8Gi", pods: "110" }).obj()];
  const pods = [
    makePod("old").priority(1).req({ cpu: "1" }).startTime("2024-01-01T00:00:00Z").node("n1").obj(),
    makePod("new").priority(1).req({ cpu: "1" }).startTime("2024-01-01T00:05:00Z").node("n1").obj(),
  ];
  const t = newTestFramework(plugins, pods, nodes);
  const state = new CycleState();
  const pi = new PodInfo(makePod("p").priority(10).req({ cpu: "1" }).obj());
  t.fwk.runPreFilterPlugins(state, pi, t.snapshot.list());
  const ni = t.snapshot.get("n1")!.clone();
  // The older pod is more important (started earlier) and is reprieved; the newer one is the victim.
  const v = selectVictimsOnNode(t.fwk, state, pi, ni, []);
  assert.equal(v.status, null);
  assert.deepEqual(
    v.victims!.pods.map((p) => p.name),
    ["new"],
  );
  assert.equal(v.victims!.numPDBViolations, 0);
});

test("pickOneNodeForPreemption: upstream's order of criteria", () => {
  const v = (name: string, prios: number[], pdb = 0, start = "2024-01-01T00:00:00Z"): Candidate => ({
    name,
    victims: {
      pods: prios.map((p, i) => new PodInfo(makePod(`${name}-${i}`).priority(p).startTime(start).obj())),
      numPDBViolations: pdb,
    },
  });
  const cases = [
    { name: "fewest PDB violations", c: [v("a", [1], 1), v("b", [5], 0)], want: "b" },
    { name: "lowest highest priority", c: [v("a", [5]), v("b", [3, 3])], want: "b" },
    { name: "lowest priority sum", c: [v("a", [3, 3]), v("b", [3, 1])], want: "b" },
    { name: "fewest victims", c: [v("a", [3, -5, -5]), v("b", [3, 0])], want: "b" },
    {
      name: "latest start of the highest-priority victims",
      c: [v("a", [3], 0, "2024-01-01T00:00:00Z"), v("b", [3], 0, "2024-01-02T00:00:00Z")],
      want: "b",
    },
    { name: "otherwise the first", c: [v("a", [3]), v("b", [3])], want: "a" },
  ];
  for (const c of cases) assert.equal(pickOneNodeForPreemption(c.c, 0)?.name, c.want, c.name);
});

test("filterPodsWithPDBViolation: budgets are spent in order", () => {
  const pods = ["a", "b", "c"].map((n) => new PodInfo(makePod(n).label("app", "low").obj()));
  const cases = [
    { name: "no budget left", allowed: 0, violating: ["a", "b", "c"] },
    { name: "room for two", allowed: 2, violating: ["c"] },
    { name: "room for all", allowed: 3, violating: [] },
  ];
  for (const c of cases) {
    const r = filterPodsWithPDBViolation(pods, pdbLister(c.allowed).list());
    assert.deepEqual(
      r.violating.map((p) => p.name),
      c.violating,
      c.name,
    );
  }
});
