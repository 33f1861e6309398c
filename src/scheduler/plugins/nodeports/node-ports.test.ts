import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework } from "../../testing/framework.js";

const busy = "Unschedulable: node(s) didn't have free ports for the requested pod ports";

test("NodePorts: host ports must be free on the node", () => {
  const existing = [
    makePod("e1").hostPort(8080).node("n1").obj(),
    makePod("e2").hostPort(9090, "UDP", "10.0.0.1").node("n2").obj(),
  ];
  const cases = [
    { name: "no host ports: skipped", pod: makePod("p").obj(), want: { n1: "", n2: "", n3: "" } },
    {
      name: "same port and protocol conflicts",
      pod: makePod("p").hostPort(8080).obj(),
      want: { n1: busy, n2: "", n3: "" },
    },
    {
      name: "another protocol is free",
      pod: makePod("p").hostPort(8080, "UDP").obj(),
      want: { n1: "", n2: "", n3: "" },
    },
    {
      name: "0.0.0.0 overlaps a specific IP",
      pod: makePod("p").hostPort(9090, "UDP").obj(),
      want: { n1: "", n2: busy, n3: "" },
    },
    {
      name: "another specific IP does not",
      pod: makePod("p").hostPort(9090, "UDP", "10.0.0.2").obj(),
      want: { n1: "", n2: "", n3: "" },
    },
    {
      name: "a specific IP overlaps 0.0.0.0",
      pod: makePod("p").hostPort(8080, "TCP", "10.0.0.9").obj(),
      want: { n1: busy, n2: "", n3: "" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodePorts" }], existing, [
      makeNode("n1").obj(),
      makeNode("n2").obj(),
      makeNode("n3").obj(),
    ]);
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});
