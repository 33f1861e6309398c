import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../testing/harness.js";

let h: Harness;
const v1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
const v2 = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const hpa = {
  apiVersion: "autoscaling/v1",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "web" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
    minReplicas: 1,
    maxReplicas: 5,
    targetCPUUtilizationPercentage: 60,
  },
};

test("an HPA written at autoscaling/v1 is read at v2, and back, from one stored object", async () => {
  const created = await h.req("POST", v1, { body: hpa });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.apiVersion, "autoscaling/v1");
  assert.equal(created.json.spec.targetCPUUtilizationPercentage, 60);
  const asV2 = await h.req("GET", `${v2}/web`);
  assert.equal(asV2.status, 200);
  assert.equal(asV2.json.apiVersion, "autoscaling/v2");
  assert.deepEqual(asV2.json.spec.metrics, [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } } },
  ]);
  assert.equal(asV2.json.metadata.resourceVersion, created.json.metadata.resourceVersion);
  assert.equal(asV2.json.metadata.uid, created.json.metadata.uid);
  const list = await h.req("GET", v2);
  assert.deepEqual(
    list.json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ["web"],
  );
  const rv = asV2.json.metadata.resourceVersion;
  const w = await h.watch(`${v1}?watch=true&resourceVersion=${rv}`);
  const patched = await h.req("PATCH", `${v2}/web`, {
    body: { spec: { maxReplicas: 9 } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(patched.status, 200, patched.text);
  const e = await w.next();
  assert.equal(e.type, "MODIFIED");
  assert.equal(e.object.apiVersion, "autoscaling/v1");
  assert.equal(e.object.spec.maxReplicas, 9);
  assert.equal(e.object.spec.targetCPUUtilizationPercentage, 60);
  w.close();
  assert.equal((await h.req("DELETE", `${v1}/web`)).status, 200);
  assert.equal((await h.req("GET", `${v2}/web`)).status, 404);
});
