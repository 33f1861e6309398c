import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, pod, type Harness } from "../testing/harness.js";

let h: Harness;
const pods = "/api/v1/namespaces/default/pods";
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const binding = (name: string, node: string) => ({
  apiVersion: "v1",
  kind: "Binding",
  metadata: { name },
  target: { kind: "Node", name: node },
});

test("binding assigns a node once, with the PodScheduled condition", async () => {
  await h.req("POST", pods, { body: pod("b1") });
  const r = await h.req("POST", `${pods}/b1/binding`, { body: binding("b1", "node-a") });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 });
  const p = (await h.req("GET", `${pods}/b1`)).json;
  assert.equal(p.spec.nodeName, "node-a");
  assert.equal(p.status.conditions.find((c: { type: string }) => c.type === "PodScheduled").status, "True");
  const again = await h.req("POST", `${pods}/b1/binding`, { body: binding("b1", "node-b") });
  assert.equal(again.status, 409);
  assert.equal(
    again.json.message,
    'Operation cannot be fulfilled on pods/binding "b1": pod b1 is already assigned to node "node-a"',
  );
  const mismatch = await h.req("POST", `${pods}/b1/binding`, { body: binding("other", "node-b") });
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.json.message, "name in URL does not match name in Binding object");
});

test("eviction deletes a pod no budget protects, and refuses one a budget protects", async () => {
  await h.req("POST", pods, {
    body: { ...pod("e1", "node-a"), metadata: { name: "e1", labels: { app: "free" } } },
  });
  await h.req("PATCH", `${pods}/e1/status`, {
    body: { status: { phase: "Running" } },
    contentType: "application/merge-patch+json",
  });
  const ev = (name: string) => ({
    apiVersion: "policy/v1",
    kind: "Eviction",
    metadata: { name },
    deleteOptions: { gracePeriodSeconds: 0 },
  });
  const r = await h.req("POST", `${pods}/e1/eviction`, { body: ev("e1") });
  assert.equal(r.status, 201, r.text);
  assert.equal((await h.req("GET", `${pods}/e1`)).status, 404);

  await h.req("POST", pods, {
    body: { ...pod("e2", "node-a"), metadata: { name: "e2", labels: { app: "guarded" } } },
  });
  await h.req("PATCH", `${pods}/e2/status`, {
    body: { status: { phase: "Running" } },
    contentType: "application/merge-patch+json",
  });
  const pdb = await h.req("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", {
    body: {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "guard" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "guarded" } } },
    },
  });
  assert.equal(pdb.status, 201, pdb.text);
  await h.req("PATCH", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status", {
    body: {
      status: {
        observedGeneration: 1,
        disruptionsAllowed: 0,
        currentHealthy: 1,
        desiredHealthy: 1,
        expectedPods: 1,
      },
    },
    contentType: "application/merge-patch+json",
  });
  const refused = await h.req("POST", `${pods}/e2/eviction`, { body: ev("e2") });
  assert.equal(refused.status, 429, refused.text);
  assert.equal(refused.json.message, "Cannot evict pod as it would violate the pod's disruption budget.");
  assert.deepEqual(refused.json.details.causes, [
    {
      reason: "DisruptionBudget",
      message: "The disruption budget guard needs 1 healthy pods and has 1 currently",
    },
  ]);
  assert.equal((await h.req("GET", `${pods}/e2`)).status, 200);
  await h.req("PATCH", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard/status", {
    body: { status: { disruptionsAllowed: 1 } },
    contentType: "application/merge-patch+json",
  });
  const allowed = await h.req("POST", `${pods}/e2/eviction`, { body: ev("e2") });
  assert.equal(allowed.status, 201, allowed.text);
  const after = (await h.req("GET", "/apis/policy/v1/namespaces/default/poddisruptionbudgets/guard")).json;
  assert.equal(after.status.disruptionsAllowed, 0);
  assert.ok(after.status.disruptedPods.e2);
});
