import { test } from "node:test";
import assert from "node:assert/strict";
import { SchedulingQueue } from "./scheduling-queue.js";
import { newTestFramework } from "../testing/framework.js";
import { makeNode, makePod } from "../testing/wrappers.js";
import { pluginsForProfile } from "../profile.js";
import { ActionType, Events } from "../framework/events.js";
import type { QueuedPodInfo } from "../framework/queued-pod-info.js";

/** A queue over the default profile with a clock the test moves. */
function newQueue() {
  const clock = { t: 1_000_000 };
  const t = newTestFramework(pluginsForProfile({}), [], []);
  const q = new SchedulingQueue(new Map([["default-scheduler", t.fwk]]), { now: () => clock.t });
  return { q, clock };
}

/** Pops the pod and returns it as failed by the given plugins. */
function failed(q: SchedulingQueue, ...plugins: string[]): { qpi: QueuedPodInfo; cycle: number } {
  const qpi = q.popNow()!;
  qpi.unschedulablePlugins = new Set(plugins);
  return { qpi, cycle: q.schedulingCycle };
}

test("queue: priority first, then arrival", () => {
  const { q, clock } = newQueue();
  q.add(makePod("low").priority(1).obj());
  clock.t++;
  q.add(makePod("high").priority(100).obj());
  clock.t++;
  q.add(makePod("low2").priority(1).obj());
  assert.deepEqual(
    [q.popNow(), q.popNow(), q.popNow()].map((p) => p?.podInfo.name),
    ["high", "low", "low2"],
  );
  assert.equal(q.popNow(), undefined);
});

test("queue: backoff doubles from 1 s to at most 10 s per attempt", () => {
  const { q } = newQueue();
  q.add(makePod("p").obj());
  const qpi = q.popNow()!;
  const got: number[] = [];
  for (let attempts = 1; attempts <= 6; attempts++) {
    qpi.attempts = attempts;
    got.push(q.backoffDuration(qpi));
  }
  assert.deepEqual(got, [1000, 2000, 4000, 8000, 10_000, 10_000]);
});

test("queue: an unschedulable pod waits for an event its rejecting plugin registered", () => {
  const { q, clock } = newQueue();
  const pod = makePod("p").req({ cpu: "2" }).obj();
  q.add(pod);
  const { qpi, cycle } = failed(q, "NodeResourcesFit");
  assert.equal(q.addUnschedulableIfNotPresent(qpi, cycle), undefined);
  assert.equal(q.whereIs(pod), "unschedulablePods");

  // Events no rejecting plugin cares about leave it alone.
  q.moveAllToActiveOrBackoffQueue(
    { resource: "Node", actionType: ActionType.UpdateNodeLabel, label: "NodeUpdate" },
    undefined,
    makeNode("n").obj(),
  );
  assert.equal(q.whereIs(pod), "unschedulablePods");
  // NodeResourcesFit's hint: a new node too small for the pod is not worth a retry.
  q.moveAllToActiveOrBackoffQueue(
    Events.NodeAdd,
    undefined,
    makeNode("small").capacity({ cpu: "1", memory: "1Gi", pods: "10" }).obj(),
  );
  assert.equal(q.whereIs(pod), "unschedulablePods");
  // A big enough node is; the pod still has 1 s of backoff left, so it goes to backoffQ.
  q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode("big").obj());
  assert.equal(q.whereIs(pod), "backoffQ");
  clock.t += 999;
  q.flushBackoffQCompleted();
  assert.equal(q.whereIs(pod), "backoffQ");
  clock.t += 2;
  q.flushBackoffQCompleted();
  assert.equal(q.whereIs(pod), "activeQ");
});

test("queue: after its backoff an event moves the pod straight to activeQ", () => {
  const { q, clock } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  const { qpi, cycle } = failed(q, "TaintToleration");
  q.addUnschedulableIfNotPresent(qpi, cycle);
  clock.t += 5000;
  q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode("clean").obj());
  assert.equal(q.whereIs(pod), "activeQ");
});

test("queue: errors (no rejecting plugin) retry after the backoff", () => {
  const { q, clock } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  const { qpi, cycle } = failed(q);
  q.addUnschedulableIfNotPresent(qpi, cycle);
  assert.equal(q.whereIs(pod), "backoffQ");
  clock.t += 1001;
  q.flushBackoffQCompleted();
  assert.equal(q.whereIs(pod), "activeQ");
});

test("queue: an event during the pod's cycle sends it to backoff, not to wait", () => {
  const { q } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  const { qpi, cycle } = failed(q, "NodeAffinity");
  q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode("n").obj());
  q.addUnschedulableIfNotPresent(qpi, cycle);
  assert.equal(q.whereIs(pod), "backoffQ");
});

test("queue: unschedulable pods are retried after 5 minutes anyway", () => {
  const { q, clock } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  const { qpi, cycle } = failed(q, "NodeAffinity");
  q.addUnschedulableIfNotPresent(qpi, cycle);
  clock.t += 5 * 60_000;
  q.flushUnschedulablePodsLeftover();
  assert.equal(q.whereIs(pod), "unschedulablePods");
  clock.t += 1;
  q.flushUnschedulablePodsLeftover();
  assert.equal(q.whereIs(pod), "activeQ");
});

test("queue: scheduling gates keep a pod out until they are removed", () => {
  const { q } = newQueue();
  const gated = makePod("p").schedulingGates("example.com/wait").obj();
  q.add(gated);
  assert.equal(q.whereIs(gated), "unschedulablePods");
  q.moveAllToActiveOrBackoffQueue(Events.NodeAdd, undefined, makeNode("n").obj());
  assert.equal(q.whereIs(gated), "unschedulablePods", "no cluster event ungates it");
  const w = makePod("p").uid(gated.metadata.uid!);
  const ungated = w.obj();
  q.update(gated, ungated);
  assert.equal(q.whereIs(ungated), "activeQ");
});

test("queue: status-only updates leave an unschedulable pod waiting; spec changes retry it", () => {
  const { q, clock } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  const { qpi, cycle } = failed(q, "NodeAffinity");
  q.addUnschedulableIfNotPresent(qpi, cycle);
  clock.t += 2000;
  const withCondition = {
    ...pod,
    status: { ...pod.status, conditions: [{ type: "PodScheduled", status: "False" }] },
  };
  q.update(pod, withCondition);
  assert.equal(q.whereIs(pod), "unschedulablePods");
  const relabelled = { ...withCondition, metadata: { ...withCondition.metadata, labels: { a: "b" } } };
  q.update(withCondition, relabelled);
  assert.equal(q.whereIs(pod), "activeQ");
});

test("queue: deleting a pod removes it wherever it waits", () => {
  const { q } = newQueue();
  const pod = makePod("p").obj();
  q.add(pod);
  q.delete(pod);
  assert.equal(q.whereIs(pod), undefined);
  assert.equal(q.popNow(), undefined);
});

test("queue: waitForPod resolves when a pod arrives", async () => {
  const { q } = newQueue();
  let woke = false;
  const w = q.waitForPod().then(() => (woke = true));
  await Promise.resolve();
  assert.equal(woke, false);
  q.add(makePod("p").obj());
  await w;
  assert.equal(woke, true);
});
