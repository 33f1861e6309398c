import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework, scoreAll } from "../../testing/framework.js";
import { QueueingHint } from "../../framework/events.js";
import { NodeResourcesFit } from "./fit.js";

test("NodeResourcesFit Filter: requests vs allocatable, as upstream counts them", () => {
  const node = () =>
    makeNode("n").capacity({ cpu: "4", memory: "8Gi", pods: "3", "example.com/gpu": "1" }).obj();
  const used = [makePod("e").req({ cpu: "2", memory: "4Gi" }).node("n").obj()];
  const cases = [
    { name: "fits", pod: makePod("p").req({ cpu: "1", memory: "1Gi" }).obj(), want: "" },
    { name: "exactly fits", pod: makePod("p").req({ cpu: "2", memory: "4Gi" }).obj(), want: "" },
    {
      name: "cpu short",
      pod: makePod("p").req({ cpu: "2500m" }).obj(),
      want: "Unschedulable: Insufficient cpu",
    },
    {
      name: "cpu and memory short",
      pod: makePod("p").req({ cpu: "3", memory: "5Gi" }).obj(),
      want: "Unschedulable: Insufficient cpu, Insufficient memory",
    },
    {
      name: "more than the whole node: preemption cannot help",
      pod: makePod("p").req({ cpu: "5" }).obj(),
      want: "UnschedulableAndUnresolvable: Insufficient cpu",
    },
    {
      name: "containers add up",
      pod: makePod("p").req({ cpu: "1500m" }).req({ cpu: "1" }).obj(),
      want: "Unschedulable: Insufficient cpu",
    },
    {
      name: "an init container larger than the containers sets the request",
      pod: makePod("p").req({ cpu: "1" }).initReq({ cpu: "3" }).obj(),
      want: "Unschedulable: Insufficient cpu",
    },
    {
      name: "a smaller init container does not",
      pod: makePod("p").req({ cpu: "2" }).initReq({ cpu: "1" }).obj(),
      want: "",
    },
    {
      name: "sidecars run alongside the containers",
      pod: makePod("p").req({ cpu: "1500m" }).initReq({ cpu: "1" }, true).obj(),
      want: "Unschedulable: Insufficient cpu",
    },
    {
      name: "pod overhead is added",
      pod: makePod("p").req({ cpu: "1800m" }).overhead({ cpu: "300m" }).obj(),
      want: "Unschedulable: Insufficient cpu",
    },
    { name: "extended resource fits", pod: makePod("p").req({ "example.com/gpu": "1" }).obj(), want: "" },
    {
      name: "extended resource short",
      pod: makePod("p").req({ "example.com/gpu": "2" }).obj(),
      want: "UnschedulableAndUnresolvable: Insufficient example.com/gpu",
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeResourcesFit" }], used, [node()]);
    assert.equal(filterAll(t, c.pod).byNode.n, c.want, c.name);
  }
});

test("NodeResourcesFit Filter: the pod count counts too", () => {
  const node = makeNode("n").capacity({ cpu: "4", memory: "8Gi", pods: "1" }).obj();
  const t = newTestFramework([{ name: "NodeResourcesFit" }], [makePod("e").node("n").obj()], [node]);
  assert.equal(filterAll(t, makePod("p").obj()).byNode.n, "Unschedulable: Too many pods");
});

test("NodeResourcesFit Score: LeastAllocated, MostAllocated, RequestedToCapacityRatio", () => {
  const nodes = [
    makeNode("n1").capacity({ cpu: "4", memory: "10000", pods: "110" }).obj(),
    makeNode("n2").capacity({ cpu: "6", memory: "10000", pods: "110" }).obj(),
  ];
  const existing = [makePod("e").req({ cpu: "3", memory: "5000" }).node("n2").obj()];
  const pod = makePod("p").req({ cpu: "1", memory: "2000" }).obj();
  const cases = [
    // n1: cpu (4000−1000)/4000 → 75, mem 80 → 77; n2: cpu 2000/6000 → 33, mem 30 → 31
    { name: "LeastAllocated (default)", args: undefined, want: { n1: 77, n2: 31 } },
    // n1: 25, 20 → 22; n2: 66, 70 → 68
    { name: "MostAllocated", args: { scoringStrategy: { type: "MostAllocated" } }, want: { n1: 22, n2: 68 } },
    {
      name: "RequestedToCapacityRatio, linear 0→0 .. 100→10",
      args: {
        scoringStrategy: {
          type: "RequestedToCapacityRatio",
          requestedToCapacityRatio: {
            shape: [
              { utilization: 0, score: 0 },
              { utilization: 100, score: 10 },
            ],
          },
        },
      },
      // n1: 25, 20 → round(22.5) = 23; n2: 66, 70 → 68
      want: { n1: 23, n2: 68 },
    },
    {
      name: "weights per resource",
      args: {
        scoringStrategy: {
          type: "LeastAllocated",
          resources: [
            { name: "cpu", weight: 3 },
            { name: "memory", weight: 1 },
          ],
        },
      },
      // n1: (75×3 + 80)/4 = 76; n2: (33×3 + 30)/4 = 32
      want: { n1: 76, n2: 32 },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "NodeResourcesFit", weight: 1, args: c.args }], existing, nodes);
    assert.deepEqual(scoreAll(t, pod), c.want, c.name);
  }
});

test("NodeResourcesFit: pods without requests score as 100m/200Mi each", () => {
  const nodes = [makeNode("n1").capacity({ cpu: "1", memory: "1Gi", pods: "110" }).obj()];
  const t = newTestFramework([{ name: "NodeResourcesFit", weight: 1 }], [], nodes);
  // cpu (1000−100)/1000 → 90; memory (1024−200)/1024 Mi → 80 → 85
  assert.deepEqual(scoreAll(t, makePod("p").obj()), { n1: 85 });
});

test("NodeResourcesFit: events worth a retry", () => {
  const [podEvent, nodeEvent] = new NodeResourcesFit().eventsToRegister();
  const pod = makePod("p").req({ cpu: "2" }).obj();
  assert.equal(
    podEvent.hint!(pod, makePod("gone").obj(), undefined),
    QueueingHint.QueueSkip,
    "an unscheduled pod freed nothing",
  );
  assert.equal(podEvent.hint!(pod, makePod("gone").node("n").obj(), undefined), QueueingHint.Queue);
  assert.equal(
    nodeEvent.hint!(
      pod,
      undefined,
      makeNode("small").capacity({ cpu: "1", memory: "1Gi", pods: "10" }).obj(),
    ),
    QueueingHint.QueueSkip,
  );
  assert.equal(
    nodeEvent.hint!(pod, undefined, makeNode("big").capacity({ cpu: "4", memory: "1Gi", pods: "10" }).obj()),
    QueueingHint.Queue,
  );
});
