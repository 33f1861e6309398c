import { test } from "node:test";
import assert from "node:assert/strict";
import { makePod } from "../../testing/wrappers.js";
import { SchedulingGates } from "./scheduling-gates.js";

test("SchedulingGates: gated pods wait, naming their gates", () => {
  const cases = [
    { name: "no gates", pod: makePod("p").obj(), want: null },
    {
      name: "two gates",
      pod: makePod("p").schedulingGates("example.com/a", "example.com/b").obj(),
      want: "UnschedulableAndUnresolvable: waiting for scheduling gates: [example.com/a example.com/b]",
    },
  ];
  const pl = new SchedulingGates();
  for (const c of cases) {
    const s = pl.preEnqueue(c.pod);
    assert.equal(s ? s.toString() : null, c.want, c.name);
  }
});
