import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework } from "../../testing/framework.js";
import { QueueingHint } from "../../framework/events.js";
import { NodeUnschedulable } from "./node-unschedulable.js";

test("NodeUnschedulable: cordoned nodes take only pods tolerating the unschedulable taint", () => {
  const cordoned = makeNode("cordoned").unschedulable().obj();
  const open = makeNode("open").obj();
  const cases = [
    {
      name: "plain pod",
      pod: makePod("p").obj(),
      want: { cordoned: "UnschedulableAndUnresolvable: node(s) were unschedulable", open: "" },
    },
    {
      name: "tolerates node.kubernetes.io/unschedulable:NoSchedule",
      pod: makePod("p").toleration("node.kubernetes.io/unschedulable", undefined, "NoSchedule").obj(),
      want: { cordoned: "", open: "" },
    },
    {
      name: "a toleration with another effect does not help",
      pod: makePod("p").toleration("node.kubernetes.io/unschedulable", undefined, "NoExecute").obj(),
      want: { cordoned: "UnschedulableAndUnresolvable: node(s) were unschedulable", open: "" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeUnschedulable" }], [], [cordoned, open]);
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});

test("NodeUnschedulable: only an uncordoned node is worth a retry", () => {
  const hint = new NodeUnschedulable().eventsToRegister()[0].hint!;
  const pod = makePod("p").obj();
  assert.equal(hint(pod, undefined, makeNode("n").unschedulable().obj()), QueueingHint.QueueSkip);
  assert.equal(hint(pod, undefined, makeNode("n").obj()), QueueingHint.Queue);
});
