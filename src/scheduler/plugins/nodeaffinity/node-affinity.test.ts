import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework, scoreAll } from "../../testing/framework.js";
import { QueueingHint } from "../../framework/events.js";
import { NodeAffinity } from "./node-affinity.js";

const nodes = () => [
  makeNode("a1").label("zone", "a").label("gen", "3").obj(),
  makeNode("a2").label("zone", "a").label("gen", "5").label("ssd", "true").obj(),
  makeNode("b1").label("zone", "b").label("gen", "7").obj(),
];
const miss = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector";

test("NodeAffinity Filter: nodeSelector and required terms", () => {
  const cases = [
    {
      name: "no constraints: PreFilter skips, all pass",
      pod: makePod("p").obj(),
      want: { a1: "", a2: "", b1: "" },
    },
    {
      name: "nodeSelector zone=a",
      pod: makePod("p").nodeSelector({ zone: "a" }).obj(),
      want: { a1: "", a2: "", b1: miss },
    },
    {
      name: "In",
      pod: makePod("p").nodeAffinityIn("zone", ["b"]).obj(),
      want: { a1: miss, a2: miss, b1: "" },
    },
    {
      name: "NotIn",
      pod: makePod("p").nodeAffinityIn("zone", ["b"], "NotIn").obj(),
      want: { a1: "", a2: "", b1: miss },
    },
    {
      name: "Exists",
      pod: makePod("p").nodeAffinityIn("ssd", [], "Exists").obj(),
      want: { a1: miss, a2: "", b1: miss },
    },
    {
      name: "DoesNotExist",
      pod: makePod("p").nodeAffinityIn("ssd", [], "DoesNotExist").obj(),
      want: { a1: "", a2: miss, b1: "" },
    },
    {
      name: "Gt 4",
      pod: makePod("p").nodeAffinityIn("gen", ["4"], "Gt").obj(),
      want: { a1: miss, a2: "", b1: "" },
    },
    {
      name: "Lt 4",
      pod: makePod("p").nodeAffinityIn("gen", ["4"], "Lt").obj(),
      want: { a1: "", a2: miss, b1: miss },
    },
    {
      name: "terms are ORed",
      pod: makePod("p").nodeAffinityIn("zone", ["b"]).nodeAffinityIn("ssd", [], "Exists").obj(),
      want: { a1: miss, a2: "", b1: "" },
    },
    {
      name: "nodeSelector AND affinity",
      pod: makePod("p").nodeSelector({ zone: "a" }).nodeAffinityIn("gen", ["4"], "Gt").obj(),
      want: { a1: miss, a2: "", b1: miss },
    },
    {
      name: "an invalid term matches nothing",
      pod: makePod("p").nodeAffinityIn("zone", [], "In").obj(),
      want: { a1: miss, a2: miss, b1: miss },
    },
    {
      name: "matchFields metadata.name narrows at PreFilter",
      pod: makePod("p").nodeAffinityFieldName(["a2"]).obj(),
      want: { a1: "filtered by PreFilter", a2: "", b1: "filtered by PreFilter" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeAffinity" }], [], nodes());
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});

test("NodeAffinity Score: preferred weights, normalized to the best node", () => {
  const cases = [
    { name: "no preferences: skipped, all 0", pod: makePod("p").obj(), want: { a1: 0, a2: 0, b1: 0 } },
    {
      name: "zone=a weight 2, ssd weight 8",
      pod: makePod("p")
        .preferredNodeAffinity(2, "zone", ["a"])
        .preferredNodeAffinity(8, "ssd", ["true"])
        .obj(),
      // raw 2, 10, 0 → ×100/10
      want: { a1: 20, a2: 100, b1: 0 },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeAffinity", weight: 1 }], [], nodes());
    assert.deepEqual(scoreAll(t, c.pod), c.want, c.name);
  }
});

test("NodeAffinity: a node event is worth a retry only if the node now matches", () => {
  const hint = new NodeAffinity().eventsToRegister()[0].hint!;
  const pod = makePod("p").nodeSelector({ zone: "c" }).obj();
  assert.equal(hint(pod, undefined, makeNode("x").label("zone", "a").obj()), QueueingHint.QueueSkip);
  assert.equal(hint(pod, undefined, makeNode("x").label("zone", "c").obj()), QueueingHint.Queue);
});
