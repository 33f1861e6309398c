// The Endpoints controller against a real API server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { clientFor } from "../../client/index.js";
import { isNotFound } from "../../client/rest/errors.js";
import { pods as podResource, type Pod } from "../../api/core/v1/pod.js";
import { services as serviceResource, type Service } from "../../api/core/v1/service.js";
import { endpoints as endpointsResource, type Endpoints } from "../../api/core/v1/endpoints.js";
import { startTestCluster, eventually } from "../util/testcluster.js";
import { createRunningPod, setPodStatus } from "../util/testpods.js";
import { newEndpointsController } from "./controller.js";

test("Endpoints follow the service's pods and their readiness, and go with the service", async (t) => {
  const c = await startTestCluster();
  t.after(() => c.stop());
  const pods = clientFor<Pod>(c.ctx.client, podResource);
  const services = clientFor<Service>(c.ctx.client, serviceResource);
  const endpoints = clientFor<Endpoints>(c.ctx.client, endpointsResource);
  const ctrl = newEndpointsController(c.ctx);
  c.start();
  const run = ctrl.run(c.signal);
  t.after(() => run);

  const ports = [{ name: "http", containerPort: 8080 }];
  await createRunningPod(pods, "default", {
    name: "a",
    node: "n1",
    ip: "10.42.0.2",
    labels: { app: "web" },
    ports,
  });
  await createRunningPod(pods, "default", {
    name: "b",
    node: "n1",
    ip: "10.42.0.3",
    labels: { app: "web" },
    ports,
    ready: false,
  });
  await createRunningPod(pods, "default", {
    name: "other",
    node: "n1",
    ip: "10.42.0.4",
    labels: { app: "db" },
    ports,
  });
  await services.create("default", {
    metadata: { name: "web", labels: { tier: "front" } },
    spec: {
      selector: { app: "web" },
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    },
  });

  const ep = await eventually(async () => {
    try {
      return await endpoints.get("default", "web");
    } catch {
      return undefined;
    }
  });
  assert.equal(ep.metadata?.labels?.tier, "front");
  assert.ok(ep.metadata?.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]);
  assert.equal(ep.subsets?.length, 1);
  assert.deepEqual(
    ep.subsets?.[0].addresses?.map((a) => a.ip),
    ["10.42.0.2"],
  );
  assert.deepEqual(
    ep.subsets?.[0].notReadyAddresses?.map((a) => a.ip),
    ["10.42.0.3"],
  );
  assert.deepEqual(ep.subsets?.[0].ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
  assert.deepEqual(ep.subsets?.[0].addresses?.[0].targetRef?.name, "a");

  // b turns Ready: it moves to addresses.
  await setPodStatus(pods, "default", { name: "b", ip: "10.42.0.3" });
  await eventually(async () => (await endpoints.get("default", "web")).subsets?.[0].addresses?.length === 2);
  const got = await c.server.kubectl(["get", "endpoints", "web"]);
  assert.match(got.stdout, /web\s+10\.42\.0\.2:8080,10\.42\.0\.3:8080/);

  // The service goes: so do its Endpoints.
  await services.delete("default", "web");
  await eventually(async () => {
    try {
      await endpoints.get("default", "web");
      return false;
    } catch (e) {
      return isNotFound(e);
    }
  });
});
