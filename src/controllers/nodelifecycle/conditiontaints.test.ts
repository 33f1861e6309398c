import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node } from "../../api/core/v1/node.js";
import { noScheduleTaintChanges } from "./conditiontaints.js";

const node = (
  conds: [string, string][],
  taints: { key: string; effect: string }[] = [],
  unschedulable = false,
): Node => ({
  metadata: { name: "n" },
  spec: { taints, unschedulable },
  status: { conditions: conds.map(([type, status]) => ({ type, status })) },
});

test("conditions map to NoSchedule taints", () => {
  const r = noScheduleTaintChanges(
    node([
      ["Ready", "Unknown"],
      ["MemoryPressure", "True"],
      ["DiskPressure", "False"],
    ]),
  );
  assert.deepEqual(r.add, [
    { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" },
  ]);
  assert.deepEqual(r.remove, []);
  assert.deepEqual(noScheduleTaintChanges(node([["Ready", "False"]])).add, [
    { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
  ]);
});

test("stale condition taints go; other taints (and NoExecute ones) are not ours to touch", () => {
  const r = noScheduleTaintChanges(
    node(
      [["Ready", "True"]],
      [
        { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
        { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
        { key: "dedicated", effect: "NoSchedule" },
      ],
    ),
  );
  assert.deepEqual(r.add, []);
  assert.deepEqual(r.remove, [{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
});

test("spec.unschedulable is the unschedulable taint", () => {
  assert.deepEqual(noScheduleTaintChanges(node([["Ready", "True"]], [], true)).add, [
    { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" },
  ]);
  assert.deepEqual(
    noScheduleTaintChanges(
      node([["Ready", "True"]], [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]),
    ).remove,
    [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }],
  );
});
