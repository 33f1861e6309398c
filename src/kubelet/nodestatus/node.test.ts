import { test } from "node:test";
import assert from "node:assert/strict";
import { conditionsChanged, nodeConditions, nodeStatus, podIsolationMessage } from "./node.js";

const machine = {
  cpus: 4,
  memoryBytes: 8 * 1024 ** 3,
  ephemeralStorageBytes: 100 * 1024 ** 3,
  machineID: "m",
  systemUUID: "s",
  bootID: "b",
  kernelVersion: "6.1.0",
  osImage: "Debian GNU/Linux 12 (bookworm)",
  architecture: "amd64",
};

test("capacity from the machine; allocatable minus the hard eviction thresholds", () => {
  const s = nodeStatus({
    nodeName: "n1",
    nodeIP: "192.168.1.2",
    hostname: "host",
    machine,
    maxPods: 110,
    kubeletPort: 10250,
    kubeletVersion: "v1.32.0-k8ts",
    containerRuntimeVersion: "runc://1.1.12",
    os: "linux",
  });
  assert.deepEqual(s.capacity, {
    cpu: "4",
    "ephemeral-storage": "104857600Ki",
    "hugepages-1Gi": "0",
    "hugepages-2Mi": "0",
    memory: "8388608Ki",
    pods: "110",
  });
  assert.equal(s.allocatable?.memory, "8286208Ki");
  assert.equal(s.allocatable?.["ephemeral-storage"], String(Math.floor(100 * 1024 ** 3 * 0.9)));
  assert.deepEqual(s.addresses, [
    { type: "InternalIP", address: "192.168.1.2" },
    { type: "Hostname", address: "host" },
  ]);
  assert.equal(s.daemonEndpoints?.kubeletEndpoint?.Port, 10250);
  assert.equal(s.nodeInfo?.containerRuntimeVersion, "runc://1.1.12");
});

test("PodIsolation False for a runtime without isolation; Ready last; transition times kept", () => {
  const c = nodeConditions(undefined, { notIsolated: true }, 0);
  assert.deepEqual(
    c.map((x) => x.type),
    ["MemoryPressure", "DiskPressure", "PIDPressure", "PodIsolation", "Ready"],
  );
  const iso = c.find((x) => x.type === "PodIsolation");
  assert.equal(iso?.status, "False");
  assert.equal(iso?.reason, "ProcessRuntime");
  assert.equal(iso?.message, podIsolationMessage);
  const later = nodeConditions(c, { notIsolated: true }, 60_000);
  assert.equal(later.find((x) => x.type === "Ready")?.lastTransitionTime, "1970-01-01T00:00:00Z");
  assert.equal(later.find((x) => x.type === "Ready")?.lastHeartbeatTime, "1970-01-01T00:01:00Z");
  assert.equal(conditionsChanged(later, { notIsolated: true }), false);
  assert.equal(conditionsChanged(later, { notIsolated: false }), true);
  const notReady = nodeConditions(
    later,
    { notIsolated: true, notReadyMessage: "container runtime is down" },
    120_000,
  );
  const ready = notReady.find((x) => x.type === "Ready");
  assert.equal(ready?.status, "False");
  assert.equal(ready?.reason, "KubeletNotReady");
  assert.equal(ready?.lastTransitionTime, "1970-01-01T00:02:00Z");
});
