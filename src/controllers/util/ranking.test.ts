import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import { deleteBefore, sortForDeletion, podDeletionCost } from "./ranking.js";

const now = Date.parse("2025-01-01T12:00:00Z");
const ago = (s: number) => new Date(now - s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");

function pod(
  name: string,
  o: {
    node?: string;
    phase?: string;
    readySince?: number;
    cost?: string;
    restarts?: number;
    createdAgo?: number;
    uid?: string;
  } = {},
): Pod {
  return {
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: o.createdAgo === undefined ? undefined : ago(o.createdAgo),
      annotations:
        o.cost === undefined ? undefined : { "controller.kubernetes.io/pod-deletion-cost": o.cost },
    },
    spec: { containers: [], nodeName: o.node },
    status: {
      phase: o.phase ?? "Running",
      conditions:
        o.readySince === undefined
          ? []
          : [{ type: "Ready", status: "True", lastTransitionTime: ago(o.readySince) }],
      containerStatuses: o.restarts === undefined ? [] : [{ name: "c", restartCount: o.restarts } as any],
    },
  };
}

const r = (p: Pod, rank = 0) => ({ pod: p, rank });

test("deletion ranking follows upstream's rules in order", () => {
  const cases: [string, Pod, Pod, number?, number?][] = [
    ["unassigned before assigned", pod("a"), pod("b", { node: "n1" })],
    ["pending before running", pod("a", { node: "n", phase: "Pending" }), pod("b", { node: "n" })],
    ["unknown before running", pod("a", { node: "n", phase: "Unknown" }), pod("b", { node: "n" })],
    [
      "pending before unknown",
      pod("a", { node: "n", phase: "Pending" }),
      pod("b", { node: "n", phase: "Unknown" }),
    ],
    ["not ready before ready", pod("a", { node: "n" }), pod("b", { node: "n", readySince: 10 })],
    [
      "lower deletion cost first",
      pod("a", { node: "n", readySince: 10, cost: "-5" }),
      pod("b", { node: "n", readySince: 10 }),
    ],
    [
      "doubled up first",
      pod("a", { node: "n", readySince: 10 }),
      pod("b", { node: "n", readySince: 10 }),
      3,
      1,
    ],
    [
      "ready for less time first (log scale)",
      pod("a", { node: "n", readySince: 10 }),
      pod("b", { node: "n", readySince: 10_000 }),
    ],
    ["more restarts first", pod("a", { node: "n", restarts: 5 }), pod("b", { node: "n", restarts: 1 })],
    ["newer first", pod("a", { node: "n", createdAgo: 5 }), pod("b", { node: "n", createdAgo: 50_000 })],
    ["empty creation time first", pod("a", { node: "n" }), pod("b", { node: "n", createdAgo: 5 })],
    // Within one power-of-two age bucket the uid decides, so equal pods spread deletions pseudo-randomly.
    [
      "same log rank: lower uid first",
      pod("x", { node: "n", createdAgo: 100, uid: "1" }),
      pod("y", { node: "n", createdAgo: 101, uid: "2" }),
    ],
  ];
  for (const [what, a, b, ra = 0, rb = 0] of cases) {
    assert.equal(deleteBefore(r(a, ra), r(b, rb), now), true, what);
    assert.equal(deleteBefore(r(b, rb), r(a, ra), now), false, `${what} (reversed)`);
  }
});

test("without a reference time, ages compare exactly", () => {
  const older = pod("a", { node: "n", createdAgo: 101, uid: "1" });
  const newer = pod("b", { node: "n", createdAgo: 100, uid: "2" });
  assert.equal(deleteBefore(r(newer), r(older), undefined), true);
});

test("podDeletionCost parses int32 and ignores junk", () => {
  assert.equal(podDeletionCost(pod("a", { cost: "42" })), 42);
  assert.equal(podDeletionCost(pod("a", { cost: "-7" })), -7);
  assert.equal(podDeletionCost(pod("a", { cost: "abc" })), 0);
  assert.equal(podDeletionCost(pod("a", { cost: "99999999999" })), 0);
  assert.equal(podDeletionCost(pod("a")), 0);
});

test("sortForDeletion puts the cheapest pods to lose first", () => {
  const pods = [
    r(pod("running-ready", { node: "n", readySince: 100 })),
    r(pod("pending", { node: "n", phase: "Pending" })),
    r(pod("unscheduled", { phase: "Pending" })),
    r(pod("running-not-ready", { node: "n" })),
  ];
  assert.deepEqual(
    sortForDeletion(pods, now).map((x) => x.pod.metadata!.name),
    ["unscheduled", "pending", "running-not-ready", "running-ready"],
  );
});
