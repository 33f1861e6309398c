import { test } from "node:test";
import assert from "node:assert/strict";
import { makePod } from "../testing/wrappers.js";
import { Diagnosis, FitError } from "./fit-error.js";
import { Code, Status } from "./status.js";

test("FitError message: upstream's format, reasons counted and sorted", () => {
  const pod = makePod("p").obj();
  const cases = [
    {
      name: "filter reasons",
      build: (d: Diagnosis) => {
        d.nodeToStatus.set("a", Status.of(Code.Unschedulable, "Insufficient cpu"));
        d.nodeToStatus.set("b", Status.of(Code.Unschedulable, "Insufficient cpu"));
        for (const n of ["c", "d", "e"])
          d.nodeToStatus.set(
            n,
            Status.of(
              Code.UnschedulableAndUnresolvable,
              "node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
            ),
          );
        d.postFilterMsg = "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
      },
      n: 5,
      want: "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    },
    {
      name: "one node with two reasons counts both",
      build: (d: Diagnosis) =>
        d.nodeToStatus.set("a", Status.of(Code.Unschedulable, "Insufficient cpu", "Insufficient memory")),
      n: 1,
      want: "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.",
    },
    {
      name: "byte order: 10 sorts before 2",
      build: (d: Diagnosis) => {
        for (let i = 0; i < 10; i++) d.nodeToStatus.set(`x${i}`, Status.of(Code.Unschedulable, "b"));
        d.nodeToStatus.set("y", Status.of(Code.Unschedulable, "a"));
        d.nodeToStatus.set("z", Status.of(Code.Unschedulable, "a"));
      },
      n: 12,
      want: "0/12 nodes are available: 10 b, 2 a.",
    },
    {
      name: "PreFilter failure replaces the histogram",
      build: (d: Diagnosis) => {
        d.preFilterMsg = "pod affinity terms conflict";
      },
      n: 3,
      want: "0/3 nodes are available: pod affinity terms conflict.",
    },
    {
      name: "nodes not listed take the absent status",
      build: (d: Diagnosis) => {
        d.nodeToStatus.absentNodesStatus = Status.of(
          Code.UnschedulableAndUnresolvable,
          "node(s) didn't satisfy plugin(s) [NodeAffinity]",
        );
        d.nodeToStatus.set("a", Status.of(Code.Unschedulable, "Insufficient cpu"));
      },
      n: 4,
      want: "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    },
  ];
  for (const c of cases) {
    const d = new Diagnosis();
    c.build(d);
    assert.equal(new FitError(pod, c.n, d).message(), c.want, c.name);
  }
});
