import { test } from "node:test";
import assert from "node:assert/strict";
import { buildNodeLease, renewedLease } from "./lease.js";

test("the node lease is held by and owned by its node", () => {
  const l = buildNodeLease({ name: "sim-3", uid: "u-3" }, 40, Date.UTC(2025, 0, 2, 3, 4, 5, 678));
  assert.equal(l.metadata.namespace, "kube-node-lease");
  assert.equal(l.metadata.name, "sim-3");
  assert.deepEqual(l.metadata.ownerReferences, [
    { apiVersion: "v1", kind: "Node", name: "sim-3", uid: "u-3" },
  ]);
  assert.equal(l.spec?.holderIdentity, "sim-3");
  assert.equal(l.spec?.leaseDurationSeconds, 40);
  assert.equal(l.spec?.renewTime, "2025-01-02T03:04:05.678000Z");
});

test("renewal moves renewTime and keeps the resourceVersion for optimistic concurrency", () => {
  const l = buildNodeLease({ name: "sim-0", uid: "u" }, 40, 0);
  l.metadata.resourceVersion = "17";
  l.spec = { ...l.spec, holderIdentity: "someone-else" };
  const r = renewedLease(l, 40, 10_000);
  assert.equal(r.metadata.resourceVersion, "17");
  assert.equal(r.spec?.renewTime, "1970-01-01T00:00:10.000000Z");
  assert.equal(r.spec?.holderIdentity, "sim-0");
});
