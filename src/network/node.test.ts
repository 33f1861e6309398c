import { test } from "node:test";
import assert from "node:assert/strict";
import { DeferredPodNetwork, gatewayAddress } from "./node.js";

test("the gateway is the first address of the podCIDR", () => {
  assert.deepEqual(gatewayAddress("10.42.0.0/24"), { ip: "10.42.0.1", prefix: 24 });
  assert.deepEqual(gatewayAddress("10.42.7.0/24"), { ip: "10.42.7.1", prefix: 24 });
  assert.deepEqual(gatewayAddress("10.42.7.9/16"), { ip: "10.42.0.1", prefix: 16 });
  assert.throws(() => gatewayAddress("fd00::/64"), /invalid IPv4 CIDR/);
});

test("a deferred network holds set-ups until the network is provided", async () => {
  const n = new DeferredPodNetwork();
  const target = {
    podSandboxId: "s",
    name: "p",
    namespace: "d",
    uid: "u",
    netnsPath: "/x",
    portMappings: [],
  };
  // tearing down before the network exists has nothing to do
  assert.deepEqual(await n.tearDown(target), { ok: true, value: undefined });
  let done = false;
  const pending = n.setUp(target).then((r) => ((done = true), r));
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false);
  n.provide({
    setUp: () => Promise.resolve({ ok: true, value: { ip: "10.1.2.3", additionalIps: [] } }),
    tearDown: () => Promise.resolve({ ok: true, value: undefined }),
  });
  assert.deepEqual(await pending, { ok: true, value: { ip: "10.1.2.3", additionalIps: [] } });
  assert.equal(n.isReady, true);
});
