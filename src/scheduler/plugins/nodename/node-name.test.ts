import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework } from "../../testing/framework.js";

test("NodeName: a pod naming a node fits only that node", () => {
  const cases = [
    { name: "no nodeName fits everywhere", pod: makePod("p").obj(), want: { n1: "", n2: "" } },
    {
      name: "nodeName n1 fits n1 only",
      pod: (() => {
        const p = makePod("p");
        p.p.spec!.nodeName = "n1";
        return p.obj();
      })(),
      want: {
        n1: "",
        n2: "UnschedulableAndUnresolvable: node(s) didn't match the requested node name",
      },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeName" }], [], [makeNode("n1").obj(), makeNode("n2").obj()]);
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});
