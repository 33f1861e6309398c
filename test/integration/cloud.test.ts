// The cloud controller manager with the local provider against a real API server: LoadBalancer Services
// get the node addresses as status.loadBalancer.ingress behind the cleanup finalizer, follow node changes,
// and are cleaned up; nodes registered with the uninitialized taint are initialized.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, eventually, type TestCluster } from "../../src/controllers/util/testcluster.js";
import { clientFor } from "../../src/client/index.js";
import { services } from "../../src/api/core/v1/service.js";
import { nodes } from "../../src/api/core/v1/node.js";
import { events } from "../../src/api/core/v1/event.js";
import { createCloudControllerManager, cloudProviders, type Instances } from "../../src/cloud/index.js";

let c: TestCluster;
let running: Promise<void>;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
async function addNode(
  name: string,
  ip: string,
  o: { ready?: boolean; taint?: boolean; externalIP?: string } = {},
) {
  const n = clientFor<any>(c.ctx.client, nodes);
  await n.create("", {
    metadata: { name, annotations: o.externalIP ? { "k8ts.io/external-ip": o.externalIP } : undefined },
    spec: o.taint
      ? {
          taints: [
            { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" },
          ],
        }
      : {},
  });
  await n.patch(
    "",
    name,
    "merge",
    {
      status: {
        addresses: [
          { type: "InternalIP", address: ip },
          { type: "Hostname", address: name },
        ],
        conditions: [
          {
            type: "Ready",
            status: o.ready === false ? "False" : "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
            lastHeartbeatTime: now(),
            lastTransitionTime: now(),
          },
        ],
      },
    },
    { subresource: "status" },
  );
}

const eventsFor = async (name: string) =>
  (await clientFor<any>(c.ctx.client, events).list("default")).items
    .filter((e: any) => e.involvedObject?.name === name)
    .map((e: any) => e.reason as string);

before(async () => {
  // The server's own cloud controller manager stays off: only the one under test initializes nodes.
  c = await startTestCluster({}, ["--disable-cloud-controller"]);
  await addNode("node-a", "10.0.0.11");
  await addNode("node-b", "10.0.0.12", { ready: false });
  const ccm = createCloudControllerManager(c.ctx, { provider: "local", nodeStatusUpdateFrequencyMs: 500 });
  c.start();
  running = ccm.run(c.signal);
});

after(async () => {
  await c.stop();
  await running;
});

test("an unknown provider is refused", () => {
  assert.throws(() => createCloudControllerManager(c.ctx, { provider: "nope" }), /unknown cloud provider/);
});

test("a LoadBalancer Service gets the ready nodes' addresses, the finalizer and events; node changes follow", async () => {
  const svcs = clientFor<any>(c.ctx.client, services);
  await svcs.create("default", {
    metadata: { name: "lb" },
    spec: { type: "LoadBalancer", ports: [{ port: 80, targetPort: 8080 }] },
  });
  const s = await eventually(async () => {
    const x = await svcs.get("default", "lb");
    return x.status?.loadBalancer?.ingress?.length ? x : undefined;
  });
  assert.deepEqual(s.status.loadBalancer.ingress, [{ ip: "10.0.0.11", ipMode: "VIP" }]);
  assert.deepEqual(s.metadata.finalizers, ["service.kubernetes.io/load-balancer-cleanup"]);
  await eventually(async () => {
    const r = await eventsFor("lb");
    return r.includes("EnsuringLoadBalancer") && r.includes("EnsuredLoadBalancer");
  });

  // A new ready node with an external IP joins the balancer.
  await addNode("node-c", "10.0.0.13", { externalIP: "192.0.2.3", taint: true });
  await eventually(async () => {
    const x = await svcs.get("default", "lb");
    const ips = (x.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip);
    // node-c's ExternalIP comes once the cloud node controller has initialized it.
    return JSON.stringify(ips) === JSON.stringify(["10.0.0.11", "192.0.2.3"]);
  });
  assert.ok((await eventsFor("lb")).includes("UpdatedLoadBalancer"));

  // A Service with a loadBalancerClass belongs to another implementation.
  await svcs.create("default", {
    metadata: { name: "other-class" },
    spec: { type: "LoadBalancer", loadBalancerClass: "example.com/lb", ports: [{ port: 80 }] },
  });

  // Changing the type away from LoadBalancer deletes the balancer, clears the status, drops the finalizer.
  const cur = await svcs.get("default", "lb");
  const { externalTrafficPolicy: _e, allocateLoadBalancerNodePorts: _a, ...spec } = cur.spec;
  await svcs.update("default", "lb", {
    ...cur,
    spec: { ...spec, type: "ClusterIP", ports: [{ port: 80, targetPort: 8080 }] },
  });
  const cleared = await eventually(async () => {
    const x = await svcs.get("default", "lb");
    return !x.metadata.finalizers?.length ? x : undefined;
  });
  assert.equal(cleared.status?.loadBalancer?.ingress, undefined);
  const reasons = await eventually(async () => {
    const r = await eventsFor("lb");
    return r.includes("DeletedLoadBalancer") ? r : undefined;
  });
  assert.ok(reasons.includes("DeletingLoadBalancer"));
  const other = await svcs.get("default", "other-class");
  assert.equal(other.metadata.finalizers, undefined);
  assert.equal(other.status?.loadBalancer?.ingress, undefined);
});

test("deleting a LoadBalancer Service waits for the balancer's deletion, then it is gone", async () => {
  const svcs = clientFor<any>(c.ctx.client, services);
  await svcs.create("default", {
    metadata: { name: "lb2" },
    spec: { type: "LoadBalancer", ports: [{ port: 81 }] },
  });
  await eventually(async () => (await svcs.get("default", "lb2")).metadata.finalizers?.length > 0);
  await svcs.delete("default", "lb2");
  await eventually(async () => {
    try {
      await svcs.get("default", "lb2");
      return false;
    } catch (e) {
      return (e as { code?: number }).code === 404;
    }
  });
  // the event is written after the finalizer goes (the recorder is asynchronous)
  await eventually(async () => (await eventsFor("lb2")).includes("DeletedLoadBalancer"));
});

test("a node registered with the uninitialized taint is initialized by the provider", async () => {
  await addNode("node-t", "10.0.0.20", { taint: true, externalIP: "192.0.2.20" });
  const n = await eventually(async () => {
    const x = await clientFor<any>(c.ctx.client, nodes).get("", "node-t");
    return x.spec.providerID ? x : undefined;
  });
  assert.equal(n.spec.providerID, "k8ts://node-t");
  assert.equal(n.spec.taints, undefined);
  assert.equal(n.metadata.labels["node.kubernetes.io/instance-type"], "k8ts");
  const addrs = await eventually(async () => {
    const x = await clientFor<any>(c.ctx.client, nodes).get("", "node-t");
    return x.status.addresses.length === 3 ? x.status.addresses : undefined;
  });
  assert.deepEqual(addrs, [
    { type: "InternalIP", address: "10.0.0.20" },
    { type: "ExternalIP", address: "192.0.2.20" },
    { type: "Hostname", address: "node-t" },
  ]);
});

test("a second provider is added through the registry alone; its instances drive the node lifecycle", async () => {
  // A provider that knows "gone-*" machines no longer exist and "sleepy-*" ones are shut down.
  const instances: Instances = {
    instanceExists: (n) => Promise.resolve(!n.metadata.name?.startsWith("gone-")),
    instanceShutdown: (n) => Promise.resolve(!!n.metadata.name?.startsWith("sleepy-")),
    instanceMetadata: (n) =>
      Promise.resolve({
        providerID: `test://${n.metadata.name}`,
        nodeAddresses: [...(n.status?.addresses ?? [])],
      }),
  };
  cloudProviders["test-cloud"] = () => ({
    name: "test-cloud",
    loadBalancer: () => undefined,
    instances: () => instances,
  });
  const stop = new AbortController();
  const ccm = createCloudControllerManager(c.ctx, { provider: "test-cloud", nodeMonitorPeriodMs: 200 });
  const done = ccm.run(stop.signal);
  try {
    await addNode("gone-1", "10.0.0.31", { ready: false });
    await addNode("sleepy-1", "10.0.0.32", { ready: false });
    const n = clientFor<any>(c.ctx.client, nodes);
    await eventually(async () => {
      try {
        await n.get("", "gone-1");
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    });
    const evs = (await clientFor<any>(c.ctx.client, events).list("")).items.filter(
      (e: any) => e.reason === "DeletingNode",
    );
    assert.equal(evs[0]?.message, "Deleting node gone-1 because it does not exist in the cloud provider");
    await eventually(async () =>
      (await n.get("", "sleepy-1")).spec.taints?.some(
        (t: any) => t.key === "node.cloudprovider.kubernetes.io/shutdown" && t.effect === "NoSchedule",
      ),
    );
    // Ready again: the shutdown taint goes.
    await n.patch(
      "",
      "sleepy-1",
      "merge",
      {
        status: {
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "KubeletReady",
              message: "kubelet is posting ready status",
              lastHeartbeatTime: now(),
              lastTransitionTime: now(),
            },
          ],
        },
      },
      { subresource: "status" },
    );
    await eventually(async () => !(await n.get("", "sleepy-1")).spec.taints);
    // A not-ready node the provider still knows stays.
    assert.equal((await n.get("", "node-b")).metadata.name, "node-b");
  } finally {
    stop.abort();
    await done;
    delete cloudProviders["test-cloud"];
  }
});

test("addresses the provider computed before the kubelet posted its status do not overwrite that status", async () => {
  // A cluster of its own, so no other cloud node controller touches the node.
  const k = await startTestCluster({}, ["--disable-cloud-controller"]);
  const n = clientFor<any>(k.ctx.client, nodes);
  const local = cloudProviders.local({}).instances()!;
  let posted = false;
  // The kubelet's first status post lands while the provider is asked for the initialized node's addresses,
  // i.e. after the controller read the node it computes them from.
  const instances: Instances = {
    instanceExists: (node) => local.instanceExists(node),
    instanceShutdown: (node) => local.instanceShutdown(node),
    async instanceMetadata(node) {
      const meta = await local.instanceMetadata(node);
      if (node.spec?.providerID && !posted) {
        posted = true;
        await n.patch(
          "",
          "node-r",
          "merge",
          { status: { addresses: [{ type: "InternalIP", address: "10.0.0.40" }] } },
          { subresource: "status" },
        );
      }
      return meta;
    },
  };
  cloudProviders["racy-cloud"] = () => ({
    name: "racy-cloud",
    loadBalancer: () => undefined,
    instances: () => instances,
  });
  const ccm = createCloudControllerManager(k.ctx, {
    provider: "racy-cloud",
    nodeStatusUpdateFrequencyMs: 300,
  });
  k.start();
  const done = ccm.run(k.signal);
  try {
    await n.create("", {
      metadata: { name: "node-r", annotations: { "k8ts.io/external-ip": "192.0.2.40" } },
      spec: {
        taints: [
          { key: "node.cloudprovider.kubernetes.io/uninitialized", value: "true", effect: "NoSchedule" },
        ],
      },
    });
    const addrs = await eventually(async () => {
      const x = await n.get("", "node-r");
      return x.spec.providerID && x.status?.addresses?.length === 3 ? x.status.addresses : undefined;
    });
    assert.ok(posted);
    assert.deepEqual(addrs, [
      { type: "InternalIP", address: "10.0.0.40" },
      { type: "ExternalIP", address: "192.0.2.40" },
      { type: "Hostname", address: "node-r" },
    ]);
  } finally {
    await k.stop();
    await done;
    delete cloudProviders["racy-cloud"];
  }
});
