import { test } from "node:test";
import assert from "node:assert/strict";
import { Scheduler, numFeasibleNodesToFind, truncateMessage } from "./schedule-one.js";
import { makeNode, makePod } from "./testing/wrappers.js";
import { EventCollector } from "./testing/framework.js";
import { inTreeRegistry } from "./framework/registry.js";
import type { BindPlugin } from "./framework/interface.js";
import type { PodInfo } from "./framework/pod-info.js";
import type { Result } from "./framework/status.js";

test("numFeasibleNodesToFind: adaptive percentage as upstream", () => {
  const cases: [number | undefined, number, number][] = [
    [undefined, 50, 50],
    [undefined, 99, 99],
    [undefined, 100, 100],
    [undefined, 500, 230], // 50 − 4 = 46 %
    [undefined, 1000, 420], // 42 %
    [undefined, 5000, 500], // 10 %
    [undefined, 6000, 300], // 50 − 48 = 2 % → at least 5 %
    [undefined, 10000, 500], // 5 %
    [30, 1000, 300],
    [1, 1000, 100], // at least 100
  ];
  for (const [pct, n, want] of cases) {
    assert.equal(numFeasibleNodesToFind(pct, n), want, `${pct ?? "adaptive"} of ${n}`);
  }
});

test("truncateMessage: 1024 characters at most", () => {
  assert.equal(truncateMessage("short"), "short");
  const long = "x".repeat(2000);
  const t = truncateMessage(long);
  assert.equal(t.length, 1024);
  assert.ok(t.endsWith(" ..."));
});

/** A binder that records bindings instead of calling the API (a plugin, as a custom binder would be). */
class RecordingBinder implements BindPlugin {
  readonly name = "RecordingBinder";
  readonly bound: [string, string][] = [];
  async bind(_s: unknown, pod: PodInfo, node: string): Promise<Result> {
    this.bound.push([pod.name, node]);
    return null;
  }
}

function newScheduler() {
  const binder = new RecordingBinder();
  const events = new EventCollector();
  const sched = new Scheduler({
    profiles: [
      {
        plugins: {
          multiPoint: { disabled: [{ name: "DefaultBinder" }], enabled: [{ name: "RecordingBinder" }] },
        },
      },
    ],
    registry: { ...inTreeRegistry, RecordingBinder: () => binder },
    recorder: () => events,
    now: () => 1_000_000,
    random: () => 0,
  });
  return { sched, binder, events };
}

async function drain(sched: Scheduler) {
  for (let q = sched.queue.popNow(); q; q = sched.queue.popNow()) sched.scheduleOne(q);
  await sched.waitForBindings();
}

test("Scheduler: pods go to nodes that fit, assumed before the bind returns", async () => {
  const { sched, binder, events } = newScheduler();
  sched.cache.addNode(makeNode("small").capacity({ cpu: "1", memory: "4Gi", pods: "110" }).obj());
  sched.cache.addNode(makeNode("big").capacity({ cpu: "8", memory: "4Gi", pods: "110" }).obj());
  sched.queue.add(makePod("a").req({ cpu: "2" }).obj());
  sched.queue.add(makePod("b").req({ cpu: "2" }).obj());
  await drain(sched);
  assert.deepEqual(binder.bound.sort(), [
    ["a", "big"],
    ["b", "big"],
  ]);
  assert.deepEqual(
    events.events.map((e) => e.message),
    ["Successfully assigned default/a to big", "Successfully assigned default/b to big"],
  );
  // Both pods count on "big" though no informer confirmed them yet.
  sched.cache.updateSnapshot(sched.snapshot);
  assert.equal(sched.snapshot.get("big")!.requested.milliCPU, 4000);
});

test("Scheduler: a pod that fits nowhere gets upstream's FailedScheduling message and waits", async () => {
  const { sched, binder, events } = newScheduler();
  sched.cache.addNode(makeNode("n1").capacity({ cpu: "1", memory: "4Gi", pods: "110" }).obj());
  sched.cache.addNode(
    makeNode("n2")
      .capacity({ cpu: "4", memory: "4Gi", pods: "110" })
      .taint("node.kubernetes.io/unreachable", "", "NoExecute")
      .obj(),
  );
  const pod = makePod("big").req({ cpu: "2" }).obj();
  sched.queue.add(pod);
  await drain(sched);
  assert.deepEqual(binder.bound, []);
  assert.deepEqual(events.events, [
    {
      object: "default/big",
      type: "Warning",
      reason: "FailedScheduling",
      message:
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    },
  ]);
  assert.equal(sched.queue.whereIs(pod), "unschedulablePods");
});

test("Scheduler: equal nodes share the pods (scoring prefers the emptiest)", async () => {
  const { sched, binder } = newScheduler();
  for (let i = 0; i < 3; i++) sched.cache.addNode(makeNode(`n${i}`).obj());
  for (let i = 0; i < 3; i++) sched.queue.add(makePod(`p${i}`).obj());
  await drain(sched);
  // LeastAllocated and BalancedAllocation prefer the emptiest node: one pod each.
  assert.deepEqual(new Set(binder.bound.map((b) => b[1])), new Set(["n0", "n1", "n2"]));
});

test("Scheduler: pods for another schedulerName are not ours", () => {
  const { sched } = newScheduler();
  assert.equal(sched.responsibleFor(makePod("a").obj()), true);
  assert.equal(sched.responsibleFor(makePod("b").schedulerName("my-scheduler").obj()), false);
});
