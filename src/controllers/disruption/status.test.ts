import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodDisruptionBudget } from "../../api/policy/v1/types.js";
import {
  countHealthyPods,
  disruptedPodMap,
  disruptionsAllowed,
  expectedPodCount,
  scaledValue,
  type ScaleFinder,
} from "./status.js";

const now = Date.UTC(2025, 0, 1, 0, 10, 0);
const pod = (name: string, ready = true, owner = "rs-uid", deleting = false): Pod => ({
  metadata: {
    name,
    namespace: "default",
    ownerReferences: owner
      ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: owner, controller: true }]
      : [],
    ...(deleting ? { deletionTimestamp: "2025-01-01T00:09:00Z" } : {}),
  },
  status: { phase: "Running", conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});
const pdb = (
  spec: PodDisruptionBudget["spec"],
  disruptedPods?: Record<string, string>,
): PodDisruptionBudget => ({
  metadata: { name: "b", namespace: "default", generation: 1 },
  spec,
  status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptedPods },
});
const deployment: ScaleFinder = () => ({ uid: "dep-uid", scale: 5 });

test("percentages round up; other strings are errors", () => {
  assert.equal(scaledValue("50%", 5), 3);
  assert.equal(scaledValue(2, 5), 2);
  assert.deepEqual(scaledValue("half", 5), {
    error: "invalid value for IntOrString: invalid type: string is not a percentage",
  });
});

test("minAvailable as a number counts the pods; as a percentage the controllers' scale", () => {
  const pods = [pod("a"), pod("b"), pod("c")];
  assert.deepEqual(expectedPodCount(pdb({ minAvailable: 2 }), pods, deployment), {
    expectedCount: 3,
    desiredHealthy: 2,
    unmanagedPods: [],
  });
  assert.deepEqual(expectedPodCount(pdb({ minAvailable: "60%" }), pods, deployment), {
    expectedCount: 5,
    desiredHealthy: 3,
    unmanagedPods: [],
  });
  assert.deepEqual(expectedPodCount(pdb({ maxUnavailable: 1 }), pods, deployment), {
    expectedCount: 5,
    desiredHealthy: 4,
    unmanagedPods: [],
  });
});

test("pods without a controller are unmanaged; an unknown controller is an error", () => {
  const r = expectedPodCount(pdb({ maxUnavailable: "10%" }), [pod("a"), pod("x", true, "")], deployment);
  assert.ok(!("error" in r));
  assert.deepEqual(r.unmanagedPods, ["x"]);
  assert.deepEqual(
    expectedPodCount(pdb({ maxUnavailable: 1 }), [pod("a")], () => undefined),
    {
      error: 'found no controllers for pod "a"',
    },
  );
});

test("healthy pods: Ready, not deleting, not recently evicted; expired evictions are dropped", () => {
  const pods = [pod("a"), pod("b"), pod("c", false), pod("d", true, "rs-uid", true), pod("e")];
  const b = pdb(
    { minAvailable: 1 },
    { b: "2025-01-01T00:09:30Z", e: "2025-01-01T00:05:00Z", d: "2025-01-01T00:09:00Z" },
  );
  const m = disruptedPodMap(b, pods, now);
  assert.deepEqual(m.disrupted, { b: "2025-01-01T00:09:30Z" });
  assert.deepEqual(m.expired, ["e"]);
  assert.equal(m.recheckAt, Date.parse("2025-01-01T00:11:30Z"));
  assert.equal(countHealthyPods(pods, m.disrupted, now), 2); // a and e
});

test("disruptions allowed", () => {
  assert.equal(disruptionsAllowed(3, 2, 3), 1);
  assert.equal(disruptionsAllowed(2, 2, 3), 0);
  assert.equal(disruptionsAllowed(3, 0, 0), 0); // nothing expected: stay safe
});
