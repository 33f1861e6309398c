// Which changes to a pod the kubelet's pod workers act on: upstream's podsDifferSemantically.
import { test } from "node:test";
import assert from "node:assert/strict";
import { differsSemantically } from "./kubelet.js";
import type { Pod } from "../api/core/v1/pod.js";

test("differsSemantically: spec, labels, annotations and deletion count; status and bookkeeping do not", () => {
  const base: Pod = {
    metadata: { name: "web", namespace: "default", uid: "u", resourceVersion: "1", labels: { a: "1" } },
    spec: { containers: [{ name: "c", image: "busybox" }] },
    status: { phase: "Pending" },
  };
  const cases: [string, (p: Pod) => void, boolean][] = [
    ["nothing", () => undefined, false],
    ["status", (p) => (p.status = { phase: "Running" }), false],
    ["resourceVersion", (p) => (p.metadata!.resourceVersion = "2"), false],
    ["spec", (p) => (p.spec!.containers[0].image = "other"), true],
    ["labels", (p) => (p.metadata!.labels = { a: "2" }), true],
    ["annotations", (p) => (p.metadata!.annotations = { x: "y" }), true],
    ["deletionTimestamp", (p) => (p.metadata!.deletionTimestamp = "2026-01-01T00:00:00Z"), true],
    ["deletionGracePeriodSeconds", (p) => (p.metadata!.deletionGracePeriodSeconds = 0), true],
  ];
  for (const [what, change, differs] of cases) {
    const p = structuredClone(base);
    change(p);
    assert.equal(differsSemantically(base, p), differs, what);
  }
});
