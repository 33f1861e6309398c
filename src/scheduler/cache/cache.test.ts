import { test } from "node:test";
import assert from "node:assert/strict";
import { Cache } from "./cache.js";
import { Snapshot } from "./snapshot.js";
import { NodeTree } from "./node-tree.js";
import { PodInfo } from "../framework/pod-info.js";
import { makeNode, makePod } from "../testing/wrappers.js";

const zone = "topology.kubernetes.io/zone";

test("Cache: assumed pods count until confirmed, forgotten, or expired", () => {
  let now = 0;
  const cache = new Cache({ assumedPodTTLMs: 30_000, now: () => now });
  cache.addNode(makeNode("n1").obj());
  const snap = new Snapshot();
  const pod = makePod("p").req({ cpu: "1" }).obj();
  const assumed = new PodInfo(pod).assumedOn("n1");
  const requested = () => {
    cache.updateSnapshot(snap);
    return snap.get("n1")!.requested.milliCPU;
  };

  assert.equal(cache.assumePod(assumed), undefined);
  assert.match(cache.assumePod(assumed) ?? "", /is in the cache, so can't be assumed/);
  assert.equal(requested(), 1000);
  assert.equal(cache.isAssumedPod(pod), true);

  // Binding in flight: never expires.
  now = 100_000;
  cache.cleanupAssumedPods();
  assert.equal(requested(), 1000);

  // Binding finished but the informer never showed it: expires after the TTL.
  cache.finishBinding(assumed.pod);
  now += 29_000;
  cache.cleanupAssumedPods();
  assert.equal(requested(), 1000);
  now += 2_000;
  cache.cleanupAssumedPods();
  assert.equal(requested(), 0);
  assert.equal(cache.isAssumedPod(pod), false);

  // Assume again, then the informer confirms it bound (possibly elsewhere).
  cache.assumePod(assumed);
  cache.addNode(makeNode("n2").obj());
  cache.addPod(new PodInfo(makePod("p").uid(pod.metadata.uid!).req({ cpu: "1" }).node("n2").obj()));
  assert.equal(cache.isAssumedPod(pod), false);
  cache.updateSnapshot(snap);
  assert.equal(snap.get("n1")!.requested.milliCPU, 0);
  assert.equal(snap.get("n2")!.requested.milliCPU, 1000);

  // A failed bind is forgotten.
  const other = new PodInfo(makePod("q").req({ cpu: "2" }).obj()).assumedOn("n1");
  cache.assumePod(other);
  assert.equal(requested(), 2000);
  assert.equal(cache.forgetPod(other.pod), undefined);
  assert.equal(requested(), 0);
  assert.match(cache.forgetPod(other.pod) ?? "", /wasn't assumed/);
});

test("Cache: snapshots copy only changed nodes and keep list identity", () => {
  const cache = new Cache();
  for (const n of ["n1", "n2", "n3"]) cache.addNode(makeNode(n).obj());
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  const list = snap.list();
  const n1 = snap.get("n1")!;
  const n2 = snap.get("n2")!;
  const gen2 = n2.generation;
  cache.addPod(new PodInfo(makePod("p").req({ cpu: "1" }).node("n1").obj()));
  cache.updateSnapshot(snap);
  assert.equal(snap.list(), list, "no node added or removed: the same list");
  assert.equal(snap.get("n1"), n1, "the same NodeInfo object, updated in place");
  assert.equal(n1.pods.length, 1);
  assert.equal(snap.get("n2")!.generation, gen2, "unchanged nodes are not copied");
  // The snapshot is a copy: later cache changes do not leak into it until the next update.
  cache.addPod(new PodInfo(makePod("q").node("n1").obj()));
  assert.equal(n1.pods.length, 1);
  cache.removeNode(makeNode("n3").obj());
  cache.updateSnapshot(snap);
  assert.deepEqual(
    snap
      .list()
      .map((n) => n.name)
      .sort(),
    ["n1", "n2"],
  );
  assert.equal(n1.pods.length, 2);
});

test("Cache: pods with (anti-)affinity are listed per node", () => {
  const cache = new Cache();
  cache.addNode(makeNode("n1").obj());
  cache.addNode(makeNode("n2").obj());
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(snap.havePodsWithRequiredAntiAffinityList().length, 0);
  const anti = new PodInfo(
    makePod("a")
      .podAntiAffinity({ labelSelector: { matchLabels: { x: "y" } }, topologyKey: "kubernetes.io/hostname" })
      .node("n2")
      .obj(),
  );
  cache.addPod(anti);
  cache.updateSnapshot(snap);
  assert.deepEqual(
    snap.havePodsWithRequiredAntiAffinityList().map((n) => n.name),
    ["n2"],
  );
  assert.deepEqual(
    snap.havePodsWithAffinityList().map((n) => n.name),
    ["n2"],
  );
  cache.removePod(anti.pod);
  cache.updateSnapshot(snap);
  assert.equal(snap.havePodsWithAffinityList().length, 0);
});

test("Cache: a deleted node's NodeInfo lives on while pods point at it, but leaves the snapshot", () => {
  const cache = new Cache();
  const node = makeNode("n1").obj();
  cache.addNode(node);
  cache.addPod(new PodInfo(makePod("p").node("n1").obj()));
  cache.removeNode(node);
  const snap = new Snapshot();
  cache.updateSnapshot(snap);
  assert.equal(snap.numNodes(), 0);
  assert.equal(cache.podCount, 1);
  cache.addNode(node);
  cache.updateSnapshot(snap);
  assert.equal(snap.get("n1")!.pods.length, 1, "re-added node finds its pods");
});

test("NodeTree: zones interleave so the first nodes span zones", () => {
  const t = new NodeTree();
  for (const [n, z] of [
    ["a1", "a"],
    ["a2", "a"],
    ["a3", "a"],
    ["b1", "b"],
    ["c1", "c"],
    ["c2", "c"],
  ])
    t.addNode(makeNode(n).label(zone, z).obj());
  assert.deepEqual(t.list(), ["a1", "b1", "c1", "a2", "c2", "a3"]);
  t.removeNode(makeNode("b1").label(zone, "b").obj());
  assert.deepEqual(t.list(), ["a1", "c1", "a2", "c2", "a3"]);
  assert.equal(t.numNodes, 5);
});
