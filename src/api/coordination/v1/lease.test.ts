import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { leases } from "./lease.js";
import { Lease } from "./types.js";

FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

// A node heartbeat lease as the kubelet writes it (MicroTime has microseconds).
const nodeLease = {
  apiVersion: "coordination.k8s.io/v1",
  kind: "Lease",
  metadata: { name: "node-1", namespace: "kube-node-lease", creationTimestamp: "2024-01-01T00:00:00Z" },
  spec: { holderIdentity: "node-1", leaseDurationSeconds: 40, renewTime: "2024-01-01T00:05:00.123456Z" },
};

test("schema round trip; unknown field rejected", () => {
  assert.deepEqual(
    [...Value.Errors(Lease, nodeLease)].map((e) => e.path),
    [],
  );
  assert.equal(Value.Check(Lease, { ...nodeLease, spec: { ...nodeLease.spec, holder: "x" } }), false);
});

test("validation", () => {
  const spec = (s: any) => ({ metadata: { name: "l" }, spec: s });
  const cases: [any, string[]][] = [
    [nodeLease.spec, []],
    [{ leaseDurationSeconds: 0 }, ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"]],
    [
      { leaseTransitions: -1 },
      ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      { preferredHolder: "b" },
      ["spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"],
    ],
    [
      { strategy: "Newest" },
      ['spec.strategy.strategy: Unsupported value: "Newest": supported values: "OldestEmulationVersion"'],
    ],
    [{ strategy: "example.com/custom", preferredHolder: "b" }, []],
  ];
  for (const [s, want] of cases) assert.deepEqual(leases.validate!(spec(s) as any).map(errorString), want);
});

test("columns: NAME HOLDER AGE", () => {
  const cols = leases.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "HOLDER", "AGE"],
  );
  const now = Date.parse("2024-01-03T00:00:00Z");
  assert.deepEqual(
    cols.map((c) => c.cell(nodeLease, now)),
    ["node-1", "node-1", "2d"],
  );
  assert.equal(cols[1].cell({ metadata: { name: "x" }, spec: {} }, now), "");
});
