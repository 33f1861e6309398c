import { test } from "node:test";
import assert from "node:assert/strict";
import { makePod } from "../../testing/wrappers.js";
import { PodInfo } from "../../framework/pod-info.js";
import { QueuedPodInfo } from "../../framework/queued-pod-info.js";
import { PrioritySort } from "./priority-sort.js";

test("PrioritySort: higher priority first, then earlier timestamp", () => {
  const q = (prio: number, ts: number) =>
    new QueuedPodInfo(new PodInfo(makePod("p").priority(prio).obj()), ts);
  const cases = [
    { name: "higher priority wins", a: q(10, 5), b: q(1, 1), want: true },
    { name: "lower priority loses", a: q(1, 1), b: q(10, 5), want: false },
    { name: "same priority, earlier wins", a: q(5, 1), b: q(5, 2), want: true },
    { name: "same priority, later loses", a: q(5, 2), b: q(5, 1), want: false },
    { name: "equal is not less", a: q(5, 1), b: q(5, 1), want: false },
  ];
  const s = new PrioritySort();
  for (const c of cases) assert.equal(s.less(c.a, c.b), c.want, c.name);
});
