// The EndpointSlice controller against a real API server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { nodes as nodeResource, type Node } from "../../api/core/v1/node.js";
import { services as serviceResource, type Service } from "../../api/core/v1/service.js";
import { endpointSlices as sliceResource } from "../../api/discovery/v1/endpointslice.js";
import type { EndpointSlice } from "../../api/discovery/v1/types.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { createRunningPod } from "../util/testpods.js";
import { newEndpointSliceController } from "./controller.js";

test("EndpointSlices: a placeholder, then at most 100 endpoints per slice, with zones and conditions", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const pods = clientFor<Pod>(c.ctx.client, podResource);
  const services = clientFor<Service>(c.ctx.client, serviceResource);
  const slices = clientFor<EndpointSlice>(c.ctx.client, sliceResource);
  await clientFor<Node>(c.ctx.client, nodeResource).create("", {
    metadata: { name: "n1", labels: { "topology.kubernetes.io/zone": "zone-a" } },
  });
  const ctrl = newEndpointSliceController(c.ctx);
  c.start();
  const run = ctrl.run(c.signal);
  t.after(() => run);

  const svc = await services.create("default", {
    metadata: { name: "web" },
    // IPv4 only (the API server would default ipFamilies when it allocates the ClusterIP).
    spec: {
      selector: { app: "web" },
      ipFamilies: ["IPv4"],
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    },
  });
  const ofWeb = async () =>
    (await slices.list("default", { labelSelector: "kubernetes.io/service-name=web" })).items;
  const placeholder = await eventually(async () => {
    const l = await ofWeb();
    return l.length === 1 ? l[0] : undefined;
  });
  assert.deepEqual(placeholder.endpoints ?? [], []);
  assert.equal(
    placeholder.metadata?.labels?.["endpointslice.kubernetes.io/managed-by"],
    "endpointslice-controller.k8s.io",
  );
  assert.equal(placeholder.metadata?.ownerReferences?.[0].uid, svc.metadata?.uid);
  assert.match(placeholder.metadata?.name ?? "", /^web-/);

  for (let i = 0; i < 120; i++)
    await createRunningPod(pods, "default", {
      name: `p${i}`,
      node: "n1",
      ip: `10.42.${Math.floor(i / 200)}.${(i % 200) + 2}`,
      labels: { app: "web" },
      ready: i !== 0,
    });
  const full = await eventually(async () => {
    const l = await ofWeb();
    const total = l.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
    return total === 120 ? l : undefined;
  });
  assert.equal(full.length, 2);
  assert.ok(full.every((s) => (s.endpoints?.length ?? 0) <= 100));
  assert.ok(
    full.some((s) => s.metadata?.name === placeholder.metadata?.name),
    "the placeholder was reused",
  );
  const eps = full.flatMap((s) => s.endpoints ?? []);
  const p0 = eps.find((e) => e.targetRef?.name === "p0");
  assert.deepEqual(p0?.conditions, { ready: false, serving: false, terminating: false });
  assert.equal(eps.find((e) => e.targetRef?.name === "p1")?.zone, "zone-a");
  assert.deepEqual(full[0].ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
  assert.ok(full[0].metadata?.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]);

  // A steady state writes nothing more.
  const versions = full.map((s) => s.metadata?.resourceVersion).sort();
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual((await ofWeb()).map((s) => s.metadata?.resourceVersion).sort(), versions);
});
