import { test } from "node:test";
import assert from "node:assert/strict";
import { parseNodeCapacity, resolveOptions } from "./options.js";

test("capacity flag: cpu, memory, pods, ephemeral-storage", () => {
  assert.deepEqual(parseNodeCapacity("cpu=8,memory=32Gi,pods=110"), {
    cpu: "8",
    memory: "32Gi",
    pods: "110",
  });
  assert.deepEqual(parseNodeCapacity(" cpu = 500m , ephemeral-storage=1Ti "), {
    cpu: "500m",
    "ephemeral-storage": "1Ti",
  });
  assert.deepEqual(parseNodeCapacity(""), {});
});

test("capacity flag: unknown resources and bad quantities are errors", () => {
  assert.match((parseNodeCapacity("gpu=1") as { error: string }).error, /unknown capacity resource "gpu"/);
  assert.match((parseNodeCapacity("cpu=lots") as { error: string }).error, /invalid cpu quantity "lots"/);
  assert.match((parseNodeCapacity("cpu") as { error: string }).error, /expected name=quantity/);
});

test("defaults are the kubelet's periods", () => {
  const o = resolveOptions({ count: 3, capacity: { cpu: "4" } });
  assert.equal(o.namePrefix, "sim-");
  assert.equal(o.heartbeatMs, 10_000);
  assert.equal(o.leaseDurationSeconds, 40);
  assert.equal(o.nodeStatusReportMs, 300_000);
  assert.equal(o.capacity.cpu, "4");
  assert.equal(o.capacity.pods, "110");
  assert.equal(o.podCompletionMs, undefined);
});
