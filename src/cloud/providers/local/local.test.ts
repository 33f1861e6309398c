import { test } from "node:test";
import assert from "node:assert/strict";
import { newLocalProvider } from "./index.js";
import { cloudProviders } from "../index.js";
import type { RNode, RService } from "../../provider.js";

const node = (name: string, addrs: [string, string][], annotations?: Record<string, string>): RNode => ({
  metadata: { name, annotations },
  status: { addresses: addrs.map(([type, address]) => ({ type, address })) },
});
const svc: RService = {
  metadata: { name: "lb", namespace: "default", uid: "1234-5678" },
  spec: { type: "LoadBalancer" },
};

test("the registry knows the local provider", () => {
  assert.equal(cloudProviders.local({}).name, "local");
});

test("load balancer ingress: ExternalIP where a node has one, else InternalIP; sorted, unique", async () => {
  const lb = newLocalProvider().loadBalancer()!;
  const status = await lb.ensureLoadBalancer("kubernetes", svc, [
    node("b", [["InternalIP", "10.0.0.12"]]),
    node("a", [
      ["InternalIP", "10.0.0.11"],
      ["ExternalIP", "192.0.2.7"],
    ]),
    node("c", [["InternalIP", "10.0.0.9"]]),
    node("d", [["Hostname", "d"]]),
  ]);
  assert.deepEqual(
    status.ingress?.map((i) => i.ip),
    ["10.0.0.9", "10.0.0.12", "192.0.2.7"],
  );
  assert.deepEqual(await lb.getLoadBalancer("kubernetes", svc), { status, exists: true });
  assert.equal(lb.getLoadBalancerName("kubernetes", svc), "a12345678");
  await lb.ensureLoadBalancerDeleted("kubernetes", svc);
  assert.equal((await lb.getLoadBalancer("kubernetes", svc)).exists, false);
});

test("an explicit address list replaces the node addresses", async () => {
  const lb = newLocalProvider({ addresses: ["203.0.113.5"] }).loadBalancer()!;
  const status = await lb.ensureLoadBalancer("kubernetes", svc, [node("a", [["InternalIP", "10.0.0.1"]])]);
  assert.deepEqual(status.ingress, [{ ip: "203.0.113.5", ipMode: "VIP" }]);
});

test("instances: providerID k8ts://<node>, addresses from the node and the external-ip annotation", async () => {
  const inst = newLocalProvider({ externalIPs: { b: "198.51.100.2" } }).instances()!;
  const a = await inst.instanceMetadata(
    node("a", [["InternalIP", "10.0.0.1"]], { "k8ts.io/external-ip": "198.51.100.1" }),
  );
  assert.equal(a.providerID, "k8ts://a");
  assert.equal(a.instanceType, "k8ts");
  assert.deepEqual(a.nodeAddresses, [
    { type: "InternalIP", address: "10.0.0.1" },
    { type: "ExternalIP", address: "198.51.100.1" },
    { type: "Hostname", address: "a" },
  ]);
  const b = await inst.instanceMetadata(node("b", [["InternalIP", "10.0.0.2"]]));
  assert.deepEqual(b.nodeAddresses[1], { type: "ExternalIP", address: "198.51.100.2" });
  assert.equal(await inst.instanceExists(node("a", [])), true);
});
