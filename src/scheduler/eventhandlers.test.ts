import { test } from "node:test";
import assert from "node:assert/strict";
import { nodeUpdateActions, podUpdateActions } from "./eventhandlers.js";
import { ActionType } from "./framework/events.js";
import { makeNode, makePod } from "./testing/wrappers.js";

test("nodeUpdateActions: which scheduling-relevant parts of a node changed", () => {
  const base = () => makeNode("n").label("zone", "a");
  const withHeartbeat = (t: string) => {
    const n = base();
    n.n.status!.conditions = [{ type: "Ready", status: "True", lastHeartbeatTime: t }];
    return n.obj();
  };
  const cases = [
    { name: "heartbeat only", old: withHeartbeat("t1"), new: withHeartbeat("t2"), want: 0 },
    {
      name: "label",
      old: base().obj(),
      new: base().label("zone", "b").obj(),
      want: ActionType.UpdateNodeLabel,
    },
    {
      name: "taint",
      old: base().obj(),
      new: base().taint("k", "v", "NoSchedule").obj(),
      want: ActionType.UpdateNodeTaint,
    },
    {
      name: "cordon counts as a taint change",
      old: base().obj(),
      new: base().unschedulable().obj(),
      want: ActionType.UpdateNodeTaint,
    },
    {
      name: "allocatable",
      old: base().obj(),
      new: base().capacity({ cpu: "8", memory: "1Gi", pods: "10" }).obj(),
      want: ActionType.UpdateNodeAllocatable,
    },
  ];
  for (const c of cases) assert.equal(nodeUpdateActions(c.old, c.new), c.want, c.name);
});

test("podUpdateActions: which scheduling-relevant parts of a pod changed", () => {
  const cases = [
    {
      name: "labels",
      old: makePod("p").uid("u").obj(),
      new: makePod("p").uid("u").label("a", "b").obj(),
      want: ActionType.UpdatePodLabel,
    },
    {
      name: "tolerations",
      old: makePod("p").uid("u").obj(),
      new: makePod("p").uid("u").toleration("k", "v", "NoSchedule").obj(),
      want: ActionType.UpdatePodToleration,
    },
    {
      name: "nothing we track",
      old: makePod("p").uid("u").obj(),
      new: makePod("p").uid("u").obj(),
      want: ActionType.UpdateOther,
    },
  ];
  for (const c of cases) assert.equal(podUpdateActions(c.old, c.new), c.want, c.name);
});
