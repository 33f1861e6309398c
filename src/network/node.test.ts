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

const noRoot = process.getuid?.() !== 0 ? "needs root (bridges and iptables)" : false;

test(
  "ensureBridge makes the bridge and one masquerade rule for the podCIDR; removeBridge removes both",
  { skip: noRoot },
  async () => {
    const { execFileSync } = await import("node:child_process");
    const { ensureBridge, removeBridge } = await import("./node.js");
    const n = 200 + Math.floor(Math.random() * 50);
    const bridge = `k8ts-nt${n}`;
    const cidr = `10.${n}.77.0/24`;
    const natRules = () =>
      execFileSync("iptables", ["-w", "-t", "nat", "-S", "POSTROUTING"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(`k8ts pod network ${bridge}`));
    try {
      assert.equal(await ensureBridge(bridge, cidr), `10.${n}.77.1`);
      assert.equal(await ensureBridge(bridge, cidr), `10.${n}.77.1`, "a second call changes nothing");
      const rules = natRules();
      assert.equal(rules.length, 1, rules.join("\n"));
      assert.match(
        rules[0] ?? "",
        new RegExp(`-s ${cidr.replace(/\./g, "\\.")} ! -d ${cidr.replace(/\./g, "\\.")} .*-j MASQUERADE`),
      );
      assert.match(
        execFileSync("ip", ["-o", "-4", "addr", "show", "dev", bridge], { encoding: "utf8" }),
        new RegExp(`10\\.${n}\\.77\\.1/24`),
      );
    } finally {
      await removeBridge(bridge);
    }
    assert.deepEqual(natRules(), []);
    assert.throws(() => execFileSync("ip", ["link", "show", bridge], { stdio: "ignore" }));
  },
);
