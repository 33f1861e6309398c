import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, deployment, type Harness } from "../testing/harness.js";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const deps = "/apis/apps/v1/namespaces/default/deployments";
const cms = "/api/v1/namespaces/default/configmaps";

test("PUT with a stale resourceVersion is 409 Conflict with upstream's wording", async () => {
  const created = (await h.req("POST", deps, { body: deployment("x") })).json;
  const fresh = { ...created, spec: { ...created.spec, replicas: 3 } };
  const ok = await h.req("PUT", `${deps}/x`, { body: fresh });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.spec.replicas, 3);
  assert.equal(ok.json.metadata.generation, 2);
  assert.notEqual(ok.json.metadata.resourceVersion, created.metadata.resourceVersion);
  const stale = await h.req("PUT", `${deps}/x`, {
    body: { ...created, spec: { ...created.spec, replicas: 5 } },
  });
  assert.equal(stale.status, 409);
  assert.deepEqual(stale.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message:
      'Operation cannot be fulfilled on deployments.apps "x": the object has been modified; please apply your changes to the latest version and try again',
    reason: "Conflict",
    details: { name: "x", group: "apps", kind: "deployments" },
    code: 409,
  });
});

test("PUT without resourceVersion updates unconditionally; a no-op PUT writes nothing", async () => {
  const created = (await h.req("POST", cms, { body: configMap("u1") })).json;
  const body = configMap("u1", { k: "changed" });
  const r = await h.req("PUT", `${cms}/u1`, { body });
  assert.equal(r.status, 200);
  assert.equal(r.json.data.k, "changed");
  assert.equal(r.json.metadata.uid, created.metadata.uid);
  assert.equal(r.json.metadata.creationTimestamp, created.metadata.creationTimestamp);
  const before = await h.store.revisions();
  const same = await h.req("PUT", `${cms}/u1`, { body: r.json });
  assert.equal(same.status, 200);
  assert.equal(same.json.metadata.resourceVersion, r.json.metadata.resourceVersion);
  assert.deepEqual(await h.store.revisions(), before);
});

test("PUT: the name must match the URL; a missing object is 404 unless the kind allows create-on-update", async () => {
  const r = await h.req("PUT", `${cms}/other`, { body: configMap("u2") });
  assert.equal(r.status, 400);
  assert.equal(r.json.message, "the name of the object (u2) does not match the name on the URL (other)");
  const missing = await h.req("PUT", `${cms}/u3`, { body: configMap("u3") });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, 'configmaps "u3" not found');
  const lease = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "l1" },
    spec: { holderIdentity: "me" },
  };
  const created = await h.req("PUT", "/apis/coordination.k8s.io/v1/namespaces/default/leases/l1", {
    body: lease,
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.spec.holderIdentity, "me");
});

test("immutable metadata: uid mismatch is a precondition conflict; generation cannot go back", async () => {
  const created = (await h.req("POST", cms, { body: configMap("imm") })).json;
  const r = await h.req("PUT", `${cms}/imm`, {
    body: { ...created, metadata: { ...created.metadata, uid: "other" } },
  });
  assert.equal(r.status, 409);
  assert.equal(
    r.json.message,
    `Operation cannot be fulfilled on configmaps "imm": Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}`,
  );
});

test("the main resource ignores status; /status changes only status", async () => {
  const d = (await h.req("POST", deps, { body: deployment("st", 2) })).json;
  const withStatus = { ...d, status: { replicas: 7 } };
  const main = await h.req("PUT", `${deps}/st`, { body: withStatus });
  assert.equal(main.status, 200);
  assert.deepEqual(main.json.status, {});
  assert.equal(
    main.json.metadata.resourceVersion,
    d.metadata.resourceVersion,
    "nothing changed, nothing written",
  );
  const st = await h.req("PUT", `${deps}/st/status`, {
    body: {
      ...main.json,
      spec: { ...main.json.spec, replicas: 9 },
      status: { replicas: 2, observedGeneration: 1 },
    },
  });
  assert.equal(st.status, 200, st.text);
  assert.deepEqual(st.json.status, { replicas: 2, observedGeneration: 1 });
  assert.equal(st.json.spec.replicas, 2, "a status write does not change spec");
  assert.equal(st.json.metadata.generation, 1, "nor the generation");
  const got = (await h.req("GET", `${deps}/st`)).json;
  assert.deepEqual(got.status, { replicas: 2, observedGeneration: 1 });
  const noStatus = await h.req("GET", `${cms}/imm/status`);
  assert.equal(noStatus.status, 404);
});

test("dryRun update answers the new object and stores nothing", async () => {
  const created = (await h.req("POST", cms, { body: configMap("dry-u") })).json;
  const r = await h.req("PUT", `${cms}/dry-u?dryRun=All`, { body: { ...created, data: { k: "dry" } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.data.k, "dry");
  assert.equal((await h.req("GET", `${cms}/dry-u`)).json.data.k, "v");
});
