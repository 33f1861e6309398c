import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { newTestFramework, scoreAll } from "../../testing/framework.js";

test("NodeResourcesBalancedAllocation: (1 − std of utilization fractions) × 100", () => {
  const nodes = [
    makeNode("n1").capacity({ cpu: "4", memory: "10000", pods: "110" }).obj(),
    makeNode("n2").capacity({ cpu: "6", memory: "10000", pods: "110" }).obj(),
    makeNode("n3").capacity({ cpu: "1", memory: "10000", pods: "110" }).obj(),
  ];
  const existing = [makePod("e").req({ cpu: "3", memory: "5000" }).node("n2").obj()];
  const cases = [
    // n1: .25/.2 → std .025 → 97; n2: .667/.7 → 98; n3: cpu 1 (capped)/.2 → std .4 → 60
    {
      name: "cpu and memory",
      pod: makePod("p").req({ cpu: "1", memory: "2000" }).obj(),
      want: { n1: 97, n2: 98, n3: 60 },
    },
    // Best-effort pods are skipped: every node scores 0 from this plugin.
    { name: "best-effort pod is not scored", pod: makePod("p").obj(), want: { n1: 0, n2: 0, n3: 0 } },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeResourcesBalancedAllocation", weight: 1 }], existing, nodes);
    assert.deepEqual(scoreAll(t, c.pod), c.want, c.name);
  }
});
