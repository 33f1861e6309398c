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
  const with_ = (f: (p: Pod) => void): Pod => {
    const p = structuredClone(base);
    f(p);
    return p;
  };
  assert.equal(differsSemantically(base, structuredClone(base)), false);
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.status = { phase: "Running" })),
    ),
    false,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.metadata!.resourceVersion = "2")),
    ),
    false,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.spec!.containers[0].image = "other")),
    ),
    true,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.metadata!.labels = { a: "2" })),
    ),
    true,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.metadata!.annotations = { x: "y" })),
    ),
    true,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.metadata!.deletionTimestamp = "2026-01-01T00:00:00Z")),
    ),
    true,
  );
  assert.equal(
    differsSemantically(
      base,
      with_((p) => (p.metadata!.deletionGracePeriodSeconds = 0)),
    ),
    true,
  );
});
