import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, deployment, type Harness } from "../testing/harness.js";

let h: Harness;
const deps = "/apis/apps/v1/namespaces/default/deployments";
before(async () => {
  h = await startHarness();
  await h.req("POST", deps, { body: deployment("web", 2) });
});
after(async () => {
  await h.stop();
});

test("GET scale: autoscaling/v1 Scale from the object", async () => {
  const d = (await h.req("GET", `${deps}/web`)).json;
  const r = await h.req("GET", `${deps}/web/scale`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: {
      name: "web",
      namespace: "default",
      uid: d.metadata.uid,
      resourceVersion: d.metadata.resourceVersion,
      creationTimestamp: d.metadata.creationTimestamp,
    },
    spec: { replicas: 2 },
    status: { replicas: 0, selector: "app=web" },
  });
});

test("PATCH and PUT scale set spec.replicas and bump the generation", async () => {
  const p = await h.req("PATCH", `${deps}/web/scale`, {
    body: { spec: { replicas: 4 } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.spec.replicas, 4);
  const d = (await h.req("GET", `${deps}/web`)).json;
  assert.equal(d.spec.replicas, 4);
  assert.equal(d.metadata.generation, 2);
  // kubectl scale --current-replicas: PUT without a Content-Type, the Scale with its resourceVersion
  const cur = (await h.req("GET", `${deps}/web/scale`)).json;
  const put = await h.req("PUT", `${deps}/web/scale`, {
    body: { ...cur, spec: { replicas: 1 } },
    contentType: "",
  });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.spec.replicas, 1);
  const stale = await h.req("PUT", `${deps}/web/scale`, { body: { ...cur, spec: { replicas: 3 } } });
  assert.equal(stale.status, 409);
  assert.equal(
    stale.json.message,
    'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
  );
});

test("invalid scales are 422 Scale.autoscaling; missing objects 404; no scale subresource 404", async () => {
  const neg = await h.req("PATCH", `${deps}/web/scale`, {
    body: { spec: { replicas: -1 } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(neg.status, 422);
  assert.equal(
    neg.json.message,
    'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );
  assert.equal((await h.req("GET", `${deps}/nope/scale`)).status, 404);
  assert.equal((await h.req("GET", "/api/v1/namespaces/default/configmaps/x/scale")).status, 404);
});
