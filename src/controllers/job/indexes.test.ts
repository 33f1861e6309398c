import { test } from "node:test";
import assert from "node:assert/strict";
import {
  parseIndexes,
  intervalsString,
  withOrderedIndexes,
  intervalsTotal,
  firstPendingIndexes,
  getCompletionIndex,
  podGenerateNameWithIndex,
  splitDuplicatedIndexPods,
} from "./indexes.js";

test("completedIndexes round-trip in upstream's compressed form", () => {
  const cases: [number[], string][] = [
    [[], ""],
    [[0], "0"],
    [[1, 2], "1,2"],
    [[1, 3, 4, 5], "1,3-5"],
    [[0, 1, 2, 4, 6, 7], "0-2,4,6,7"],
  ];
  for (const [ix, want] of cases) {
    const oi = withOrderedIndexes([], ix);
    assert.equal(intervalsString(oi), want);
    assert.equal(intervalsTotal(oi), ix.length);
    assert.deepEqual(parseIndexes(want, 10), oi);
  }
  assert.equal(intervalsString(parseIndexes("1,3-5,9", 5)), "1,3,4");
  assert.equal(intervalsString(withOrderedIndexes(parseIndexes("1,3-5", 10), [2, 7])), "1-5,7");
});

test("first pending indexes skip succeeded and active ones", () => {
  const pod = (ix: string) => ({
    metadata: { annotations: { "batch.kubernetes.io/job-completion-index": ix } },
  });
  assert.deepEqual(firstPendingIndexes([pod("0"), pod("3")], parseIndexes("1", 6), 3, 6), [2, 4, 5]);
  assert.deepEqual(firstPendingIndexes([], [], 5, 2), [0, 1]);
  assert.equal(getCompletionIndex({ "batch.kubernetes.io/job-completion-index": "x1" }), -1);
});

test("indexed pod generateName", () => {
  assert.equal(podGenerateNameWithIndex("pi", 3), "pi-3-");
  assert.equal(podGenerateNameWithIndex("a".repeat(60), 12), "a".repeat(54) + "-12-");
});

test("of pods sharing an index, the one ranked last for deletion stays", () => {
  const pod = (name: string, ix?: string) => ({
    metadata: { name, annotations: ix ? { "batch.kubernetes.io/job-completion-index": ix } : {} },
  });
  const pods = [pod("a", "1"), pod("b", "1"), pod("c"), pod("d", "7"), pod("e", "0")];
  const byName = (g: any[]) => [...g].sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : 1));
  const { rm, left } = splitDuplicatedIndexPods(pods as any, 5, byName);
  assert.deepEqual(
    rm.map((p: any) => p.metadata.name),
    ["c", "d", "a"],
  );
  assert.deepEqual(
    left.map((p: any) => p.metadata.name),
    ["e", "b"],
  );
});
