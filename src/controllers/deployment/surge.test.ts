import { test } from "node:test";
import assert from "node:assert/strict";
import {
  resolveFenceposts,
  getValueFromIntOrPercent,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  getProportion,
  roundToInt32,
  isSaturated,
} from "./surge.js";
import { deployment } from "./world.test-support.js";
import type { RS } from "./types.js";

test("percentages: surge rounds up, unavailable rounds down, both zero gives one unavailable", () => {
  const cases: [number | string, number | string, number, [number, number]][] = [
    ["25%", "25%", 10, [3, 2]],
    ["25%", "25%", 4, [1, 1]],
    ["25%", "25%", 1, [1, 0]],
    ["0%", "1%", 2, [0, 1]], // 1% of 2 rounds down to 0 -> 1
    ["1%", "25%", 1, [1, 0]],
    ["0%", "0%", 5, [0, 1]],
    [3, 2, 10, [3, 2]],
    ["100%", "0%", 3, [3, 0]],
    ["50%", "50%", 5, [3, 2]],
  ];
  for (const [s, u, desired, want] of cases)
    assert.deepEqual(resolveFenceposts(s, u, desired), want, `${s}/${u} of ${desired}`);
  assert.throws(() => getValueFromIntOrPercent("abc", 10, true), /not a percentage/);
});

test("maxUnavailable never exceeds replicas and is zero for Recreate or zero replicas", () => {
  assert.equal(maxUnavailable(deployment({ replicas: 2, unavailable: 5, surge: 0 })), 2);
  assert.equal(maxUnavailable(deployment({ replicas: 0 })), 0);
  assert.equal(maxUnavailable(deployment({ strategy: "Recreate" })), 0);
  assert.equal(maxSurge(deployment({ strategy: "Recreate" })), 0);
  assert.equal(maxSurge(deployment({ replicas: 10 })), 3);
});

const rs = (replicas: number, annotations: Record<string, string> = {}, available = 0): RS => ({
  metadata: { name: `rs${replicas}`, annotations },
  spec: { replicas, selector: {} },
  status: { replicas, availableReplicas: available },
});

test("newRSNewReplicas scales up within replicas+maxSurge and never beyond replicas", () => {
  const d = deployment({ replicas: 10, surge: 3, unavailable: 2 });
  assert.equal(newRSNewReplicas(d, [rs(10), rs(0)], rs(0)), 3);
  assert.equal(newRSNewReplicas(d, [rs(8), rs(3)], rs(3)), 5);
  assert.equal(newRSNewReplicas(d, [rs(10), rs(3)], rs(3)), 3, "at the surge limit");
  assert.equal(newRSNewReplicas(d, [rs(0), rs(9)], rs(9)), 10, "capped at replicas");
  assert.equal(newRSNewReplicas(deployment({ strategy: "Recreate", replicas: 4 }), [rs(4)], rs(0)), 4);
});

test("getProportion spreads a resize by the ReplicaSets' share of max-replicas", () => {
  const d = deployment({ replicas: 15, surge: "25%" }); // 15 + 4 = 19 allowed
  const a = rs(6, { "deployment.kubernetes.io/max-replicas": "13" });
  const b = rs(4, { "deployment.kubernetes.io/max-replicas": "13" });
  assert.equal(getProportion(a, d, 9, 0), 3); // round(6*19/13) - 6
  assert.equal(getProportion(b, d, 9, 3), 2); // round(4*19/13) - 4
  assert.equal(getProportion(b, d, 9, 8), 1, "capped by what is left to add");
  assert.equal(getProportion(rs(0), d, 9, 0), 0);
  const down = deployment({ replicas: 0 });
  assert.equal(getProportion(a, down, -10, 0), -6, "scaling to zero takes everything");
});

test("roundToInt32 rounds halves away from zero like Go", () => {
  assert.deepEqual([2.5, -2.5, 2.4, -2.6].map(roundToInt32), [3, -3, 2, -3]);
});

test("isSaturated needs size, desired annotation and availability to match", () => {
  const d = deployment({ replicas: 3 });
  assert.equal(isSaturated(d, rs(3, { "deployment.kubernetes.io/desired-replicas": "3" }, 3)), true);
  assert.equal(isSaturated(d, rs(3, { "deployment.kubernetes.io/desired-replicas": "3" }, 2)), false);
  assert.equal(isSaturated(d, rs(3, {}, 3)), false);
  assert.equal(isSaturated(d, undefined), false);
});
