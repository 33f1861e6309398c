import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../core/v1/pod.js";
import type { PodDisruptionBudget } from "./types.js";
import {
  checkEviction,
  disruptionConditionsUpToDate,
  updateDisruptionAllowedCondition,
} from "./eviction-check.js";

const now = Date.UTC(2025, 0, 1, 0, 0, 0);

const pod = (
  over: { ready?: boolean; phase?: string; labels?: Record<string, string>; deleting?: boolean } = {},
): Pod => ({
  metadata: {
    name: "web-1",
    namespace: "default",
    resourceVersion: "42",
    labels: over.labels ?? { app: "web" },
    ...(over.deleting ? { deletionTimestamp: "2025-01-01T00:00:00Z" } : {}),
  },
  status: {
    phase: over.phase ?? "Running",
    conditions: [{ type: "Ready", status: over.ready === false ? "False" : "True" }],
  },
});

const pdb = (
  name: string,
  status: Partial<NonNullable<PodDisruptionBudget["status"]>>,
  over: Partial<PodDisruptionBudget> = {},
): PodDisruptionBudget => ({
  metadata: { name, namespace: "default", generation: 1 },
  spec: { selector: { matchLabels: { app: "web" } }, minAvailable: 2 },
  status: {
    observedGeneration: 1,
    disruptionsAllowed: 1,
    currentHealthy: 3,
    desiredHealthy: 2,
    expectedPods: 3,
    ...status,
  },
  ...over,
});

test("no budget: allowed; terminal, pending or terminating pods skip budgets", () => {
  assert.deepEqual(checkEviction(pod(), []), { allowed: true });
  const full = [pdb("b", { disruptionsAllowed: 0 })];
  assert.deepEqual(checkEviction(pod({ phase: "Succeeded" }), full), { allowed: true });
  assert.deepEqual(checkEviction(pod({ phase: "Pending" }), full), {
    allowed: true,
    preconditionResourceVersion: "42",
  });
  assert.deepEqual(checkEviction(pod({ deleting: true }), full), { allowed: true });
});

test("a budget with room is decremented and records the pod", () => {
  const d = checkEviction(pod(), [pdb("b", {})], { now });
  assert.equal(d.allowed, true);
  assert.ok(d.allowed && d.pdbToDecrement);
  const s = d.pdbToDecrement.status!;
  assert.equal(s.disruptionsAllowed, 0);
  assert.deepEqual(s.disruptedPods, { "web-1": "2025-01-01T00:00:00Z" });
  const c = s.conditions?.find((x) => x.type === "DisruptionAllowed");
  assert.equal(c?.status, "False");
  assert.equal(c?.reason, "InsufficientPods");
  // A dry run decrements but records nothing.
  const dry = checkEviction(pod(), [pdb("b", {})], { now, dryRun: true });
  assert.ok(dry.allowed && dry.pdbToDecrement);
  assert.equal(dry.pdbToDecrement.status?.disruptedPods, undefined);
});

test("a spent budget answers 429 with upstream's message and cause", () => {
  const d = checkEviction(pod(), [
    pdb("web-pdb", { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }),
  ]);
  assert.deepEqual(d, {
    allowed: false,
    code: 429,
    reason: "TooManyRequests",
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: {
      causes: [
        {
          reason: "DisruptionBudget",
          message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently",
        },
      ],
    },
  });
});

test("a budget the controller has not caught up with is 429 with retry after 10 s", () => {
  const d = checkEviction(pod(), [
    pdb("b", { observedGeneration: 1 }, { metadata: { name: "b", namespace: "default", generation: 2 } }),
  ]);
  assert.ok(!d.allowed);
  assert.equal(d.code, 429);
  assert.deepEqual(d.details?.causes, [
    {
      reason: "DisruptionBudget",
      message: "The disruption budget b is still being processed by the server.",
    },
  ]);
  assert.equal(d.details?.retryAfterSeconds, 10);
});

test("negative budgets and too many unconfirmed evictions are forbidden", () => {
  const neg = checkEviction(pod(), [pdb("b", { disruptionsAllowed: -1 })]);
  assert.ok(!neg.allowed);
  assert.equal(neg.code, 403);
  assert.equal(
    neg.message,
    'poddisruptionbudget.policy "b" is forbidden: pdb disruptions allowed is negative',
  );
  const many = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`p${i}`, "2025-01-01T00:00:00Z"]));
  const big = checkEviction(pod(), [pdb("b", { disruptedPods: many })]);
  assert.ok(!big.allowed);
  assert.match(big.message, /DisruptedPods map too big/);
});

test("two budgets for one pod is a 500", () => {
  const d = checkEviction(pod(), [pdb("a", {}), pdb("b", {})]);
  assert.ok(!d.allowed);
  assert.equal(d.code, 500);
  assert.equal(
    d.message,
    "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
  );
});

test("budgets of other namespaces, other labels or empty selectors do not apply", () => {
  const other = pdb("o", { disruptionsAllowed: 0 });
  other.metadata!.namespace = "kube-system";
  const empty = pdb("e", { disruptionsAllowed: 0 }, { spec: { selector: {} } });
  const mismatch = pdb(
    "m",
    { disruptionsAllowed: 0 },
    { spec: { selector: { matchLabels: { app: "db" } } } },
  );
  assert.deepEqual(checkEviction(pod(), [other, empty, mismatch]), { allowed: true });
});

test("an unready pod is evicted without spending the budget when the budget is healthy", () => {
  const healthy = pdb("b", { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 });
  assert.deepEqual(checkEviction(pod({ ready: false }), [healthy]), {
    allowed: true,
    preconditionResourceVersion: "42",
  });
  const unhealthy = pdb("b", { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 });
  assert.equal(checkEviction(pod({ ready: false }), [unhealthy]).allowed, false);
  const always = pdb(
    "b",
    { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2 },
    {
      spec: { selector: { matchLabels: { app: "web" } }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    },
  );
  assert.equal(checkEviction(pod({ ready: false }), [always]).allowed, true);
});

test("the DisruptionAllowed condition follows disruptionsAllowed; transition time moves only on a flip", () => {
  const p = pdb("b", { disruptionsAllowed: 1 });
  updateDisruptionAllowedCondition(p, now);
  assert.equal(disruptionConditionsUpToDate(p), true);
  assert.deepEqual(p.status?.conditions, [
    {
      type: "DisruptionAllowed",
      status: "True",
      reason: "SufficientPods",
      message: "",
      observedGeneration: 1,
      lastTransitionTime: "2025-01-01T00:00:00Z",
    },
  ]);
  updateDisruptionAllowedCondition(p, now + 60_000);
  assert.equal(p.status?.conditions?.[0].lastTransitionTime, "2025-01-01T00:00:00Z");
  p.status.disruptionsAllowed = 0;
  assert.equal(disruptionConditionsUpToDate(p), false);
  updateDisruptionAllowedCondition(p, now + 120_000);
  assert.equal(p.status?.conditions?.[0].reason, "InsufficientPods");
  assert.equal(p.status?.conditions?.[0].lastTransitionTime, "2025-01-01T00:02:00Z");
});
