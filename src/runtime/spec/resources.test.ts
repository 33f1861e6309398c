import { test } from "node:test";
import assert from "node:assert/strict";
import { linuxContainerResources, milliCPUToQuota, milliCPUToShares } from "./resources.js";

test("cpu shares and quota as the kubelet computes them", () => {
  assert.equal(milliCPUToShares(0), 2);
  assert.equal(milliCPUToShares(1), 2);
  assert.equal(milliCPUToShares(250), 256);
  assert.equal(milliCPUToShares(1000), 1024);
  assert.equal(milliCPUToShares(1_000_000), 262144);
  assert.equal(milliCPUToQuota(0), 0);
  assert.equal(milliCPUToQuota(5), 1000);
  assert.equal(milliCPUToQuota(500), 50000);
});

test("requests and limits to container resources", () => {
  assert.deepEqual(linuxContainerResources({}), { cpuShares: 2 });
  assert.deepEqual(
    linuxContainerResources({ requests: { cpu: "100m" }, limits: { cpu: "1", memory: "64Mi" } }, 1024),
    {
      cpuShares: 102,
      cpuPeriod: 100000,
      cpuQuota: 100000,
      memoryLimitInBytes: 64 * 1024 * 1024,
      pidsLimit: 1024,
    },
  );
  // Only a limit: the request defaults to it.
  assert.equal(linuxContainerResources({ limits: { cpu: "500m" } }).cpuShares, 512);
});
