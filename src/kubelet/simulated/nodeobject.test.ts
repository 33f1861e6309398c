import { test } from "node:test";
import assert from "node:assert/strict";
import { buildNode, kubeletConditions, kubeletConditionsChanged } from "./nodeobject.js";
import { resolveOptions } from "./options.js";

const t0 = Date.UTC(2025, 5, 1, 12, 0, 0);

test("a registered node carries labels, capacity, addresses and the kubelet's conditions", () => {
  const o = resolveOptions({ count: 5, capacity: { cpu: "8", memory: "32Gi", pods: "50" } });
  const n = buildNode(o, 4, t0);
  assert.equal(n.metadata.name, "sim-4");
  const labels = n.metadata.labels ?? {};
  assert.equal(labels["kubernetes.io/hostname"], "sim-4");
  assert.equal(labels["kubernetes.io/os"], "linux");
  assert.equal(labels["topology.kubernetes.io/zone"], "zone-b"); // 4 % 3 = 1
  assert.deepEqual(n.status?.capacity, {
    cpu: "8",
    memory: "32Gi",
    pods: "50",
    "ephemeral-storage": "100Gi",
  });
  assert.deepEqual(n.status?.allocatable, n.status?.capacity);
  assert.deepEqual(n.status?.addresses, [
    { type: "InternalIP", address: "198.18.0.5" },
    { type: "Hostname", address: "sim-4" },
  ]);
  assert.equal(n.status?.nodeInfo?.kubeletVersion, "v1.32.0-k8ts-sim");
  assert.equal(n.status?.daemonEndpoints?.kubeletEndpoint?.Port, 10250);
  assert.deepEqual(
    n.status?.conditions?.map((c) => [c.type, c.status, c.reason]),
    [
      ["MemoryPressure", "False", "KubeletHasSufficientMemory"],
      ["DiskPressure", "False", "KubeletHasNoDiskPressure"],
      ["PIDPressure", "False", "KubeletHasSufficientPID"],
      ["Ready", "True", "KubeletReady"],
    ],
  );
  assert.equal(n.status?.conditions?.[3].message, "kubelet is posting ready status");
  assert.equal(n.status?.conditions?.[3].lastHeartbeatTime, "2025-06-01T12:00:00Z");
  // Distinct nodes get distinct machine ids.
  assert.notEqual(buildNode(o, 0, t0).status?.nodeInfo?.machineID, n.status?.nodeInfo?.machineID);
});

test("re-posted conditions keep transition times unless the status changed", () => {
  const first = kubeletConditions(undefined, t0);
  const later = kubeletConditions(first, t0 + 60_000);
  assert.equal(later[3].lastTransitionTime, "2025-06-01T12:00:00Z");
  assert.equal(later[3].lastHeartbeatTime, "2025-06-01T12:01:00Z");
  // The node controller marked it Unknown: the kubelet comes back with a fresh transition.
  const unknown = first.map((c) => ({ ...c, status: "Unknown", reason: "NodeStatusUnknown" }));
  assert.equal(kubeletConditionsChanged(unknown), true);
  const back = kubeletConditions(unknown, t0 + 120_000);
  assert.equal(back[3].status, "True");
  assert.equal(back[3].lastTransitionTime, "2025-06-01T12:02:00Z");
  assert.equal(kubeletConditionsChanged(back), false);
});

test("conditions of other owners are kept", () => {
  const net = {
    type: "NetworkUnavailable",
    status: "False",
    reason: "RouteCreated",
    message: "route created",
    lastTransitionTime: "2025-01-01T00:00:00Z",
  };
  const c = kubeletConditions([net], t0);
  assert.deepEqual(c[0], net);
  assert.equal(c.length, 5);
});
