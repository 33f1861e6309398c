import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node } from "../../api/core/v1/node.js";
import { tryUpdateNodeHealth, type NodeHealth } from "./health.js";

const o = { nodeMonitorGracePeriodMs: 40_000, nodeStartupGracePeriodMs: 60_000 };
const T = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString().replace(".000Z", "Z");
const ms = (s: number) => Date.UTC(2025, 0, 1, 0, 0, s);

function node(readyHeartbeat?: number, status = "True"): Node {
  const kubelet = (type: string, st: string) => ({
    type,
    status: st,
    reason: "KubeletReady",
    message: "m",
    lastHeartbeatTime: T(readyHeartbeat!),
    lastTransitionTime: T(0),
  });
  return {
    metadata: { name: "n1", creationTimestamp: T(0) },
    status:
      readyHeartbeat === undefined
        ? {}
        : {
            conditions: [
              kubelet("MemoryPressure", "False"),
              kubelet("DiskPressure", "False"),
              kubelet("PIDPressure", "False"),
              kubelet("Ready", status),
            ],
          },
  };
}

test("a node heard from recently is left alone", () => {
  const r = tryUpdateNodeHealth(undefined, node(0), undefined, ms(10), o);
  assert.equal(r.write, undefined);
  assert.equal(r.health.probeTimestamp, ms(10)); // first sight: now
  assert.equal(r.currentReady?.status, "True");
});

test("silence past the grace period makes the kubelet's conditions Unknown", () => {
  const h: NodeHealth = {
    probeTimestamp: ms(10),
    readyTransitionTimestamp: ms(10),
    ready: { lastHeartbeatTime: T(0), lastTransitionTime: T(0) },
  };
  assert.equal(tryUpdateNodeHealth(h, node(0), undefined, ms(50), o).write, undefined); // exactly 40 s: not after
  const r = tryUpdateNodeHealth(h, node(0), undefined, ms(51), o);
  assert.ok(r.write);
  assert.equal(r.observedReady.status, "True");
  assert.equal(r.currentReady?.status, "Unknown");
  for (const c of r.write.conditions) {
    assert.equal(c.status, "Unknown");
    assert.equal(c.reason, "NodeStatusUnknown");
    assert.equal(c.message, "Kubelet stopped posting node status.");
    assert.equal(c.lastTransitionTime, T(51));
    assert.equal(c.lastHeartbeatTime, T(0)); // the last time we heard from the kubelet stays
  }
  assert.equal(r.write.healthAfterWrite.readyTransitionTimestamp, ms(51));
});

test("a renewed lease counts as a heartbeat even when node status is stale", () => {
  const h: NodeHealth = {
    probeTimestamp: ms(10),
    readyTransitionTimestamp: ms(10),
    ready: { lastHeartbeatTime: T(0), lastTransitionTime: T(0) },
    leaseRenewTime: "2025-01-01T00:00:10.000000Z",
  };
  const r = tryUpdateNodeHealth(h, node(0), "2025-01-01T00:00:45.000000Z", ms(51), o);
  assert.equal(r.write, undefined);
  assert.equal(r.health.probeTimestamp, ms(51));
  // The same renewTime again is no news.
  const r2 = tryUpdateNodeHealth(r.health, node(0), "2025-01-01T00:00:45.000000Z", ms(92), o);
  assert.ok(r2.write);
});

test("a node that never posted status gets NodeStatusNeverUpdated after the startup grace", () => {
  const first = tryUpdateNodeHealth(undefined, node(undefined), undefined, ms(30), o);
  assert.equal(first.write, undefined);
  assert.equal(first.health.probeTimestamp, ms(0)); // from the creation time
  const r = tryUpdateNodeHealth(first.health, node(undefined), undefined, ms(61), o);
  assert.ok(r.write);
  assert.deepEqual(
    r.write.conditions.map((c) => c.type),
    ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"],
  );
  assert.equal(r.write.conditions[0].reason, "NodeStatusNeverUpdated");
  assert.equal(r.write.conditions[0].message, "Kubelet never posted node status.");
  assert.equal(r.write.conditions[0].lastHeartbeatTime, T(0));
});

test("an already Unknown node is not written again", () => {
  const h: NodeHealth = {
    probeTimestamp: ms(10),
    readyTransitionTimestamp: ms(10),
    ready: { lastHeartbeatTime: T(0), lastTransitionTime: T(0) },
  };
  const n = node(0, "Unknown");
  for (const c of n.status!.conditions!) {
    c.status = "Unknown";
    c.reason = "NodeStatusUnknown";
    c.message = "Kubelet stopped posting node status.";
  }
  const r = tryUpdateNodeHealth(h, n, undefined, ms(100), o);
  assert.equal(r.write, undefined);
  assert.equal(r.currentReady?.status, "Unknown");
});

test("a new heartbeat refreshes the probe time; a changed transition also the transition time", () => {
  const h: NodeHealth = {
    probeTimestamp: ms(10),
    readyTransitionTimestamp: ms(10),
    ready: { lastHeartbeatTime: T(0), lastTransitionTime: T(0) },
  };
  const r = tryUpdateNodeHealth(h, node(20), undefined, ms(30), o);
  assert.equal(r.health.probeTimestamp, ms(30));
  assert.equal(r.health.readyTransitionTimestamp, ms(10));
  const n = node(40);
  n.status!.conditions![3].lastTransitionTime = T(40);
  const r2 = tryUpdateNodeHealth(r.health, n, undefined, ms(41), o);
  assert.equal(r2.health.readyTransitionTimestamp, ms(41));
});
