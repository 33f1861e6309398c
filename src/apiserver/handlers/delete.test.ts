import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, deployment, pod, type Harness } from "../testing/harness.js";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.stop();
});

const cms = "/api/v1/namespaces/default/configmaps";
const pods = "/api/v1/namespaces/default/pods";
const deps = "/apis/apps/v1/namespaces/default/deployments";

test("an immediate delete answers a Success Status (pods and services answer the object)", async () => {
  const c = (await h.req("POST", cms, { body: configMap("d1") })).json;
  const r = await h.req("DELETE", `${cms}/d1`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Success",
    details: { name: "d1", kind: "configmaps", uid: c.metadata.uid },
  });
  assert.equal((await h.req("GET", `${cms}/d1`)).status, 404);
  assert.equal((await h.req("DELETE", `${cms}/d1`)).status, 404);
  await h.req("POST", pods, { body: pod("unbound") });
  const p = await h.req("DELETE", `${pods}/unbound`);
  assert.equal(p.status, 200);
  assert.equal(p.json.kind, "Pod", "pods return the deleted object");
  assert.equal(p.json.metadata.deletionGracePeriodSeconds, 0);
  assert.equal((await h.req("GET", `${pods}/unbound`)).status, 404, "an unbound pod is deleted at once");
});

test("a pod bound to a node is deleted gracefully", async () => {
  await h.req("POST", pods, { body: pod("bound", "node-1") });
  const r = await h.req("DELETE", `${pods}/bound`);
  assert.equal(r.status, 200);
  assert.equal(r.json.metadata.deletionGracePeriodSeconds, 30);
  assert.ok(r.json.metadata.deletionTimestamp);
  const still = await h.req("GET", `${pods}/bound`);
  assert.equal(still.status, 200);
  assert.equal(still.json.metadata.deletionGracePeriodSeconds, 30);
  // a shorter grace period may be asked for; 0 deletes (what the kubelet does when the pod has stopped)
  const shorter = await h.req("DELETE", `${pods}/bound`, { body: { gracePeriodSeconds: 5 } });
  assert.equal(shorter.json.metadata.deletionGracePeriodSeconds, 5);
  const now = await h.req("DELETE", `${pods}/bound?gracePeriodSeconds=0`);
  assert.equal(now.status, 200);
  assert.equal((await h.req("GET", `${pods}/bound`)).status, 404);
});

test("finalizers hold an object until the last one is removed", async () => {
  const body = { ...configMap("fin"), metadata: { name: "fin", finalizers: ["example.com/hold"] } };
  assert.equal((await h.req("POST", cms, { body })).status, 201);
  const r = await h.req("DELETE", `${cms}/fin`);
  assert.equal(r.status, 200);
  assert.equal(r.json.kind, "ConfigMap");
  assert.ok(r.json.metadata.deletionTimestamp);
  assert.equal(r.json.metadata.deletionGracePeriodSeconds, 0);
  const adding = await h.req("PATCH", `${cms}/fin`, {
    body: { metadata: { finalizers: ["example.com/hold", "example.com/more"] } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(adding.status, 422);
  assert.match(adding.json.message, /no new finalizers can be added if the object is being deleted/);
  const cleared = await h.req("PATCH", `${cms}/fin`, {
    body: { metadata: { finalizers: null } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(cleared.status, 200);
  assert.equal((await h.req("GET", `${cms}/fin`)).status, 404, "removing the last finalizer deleted it");
});

test("propagationPolicy: Orphan and Foreground become the GC finalizers", async () => {
  await h.req("POST", deps, { body: deployment("orph") });
  const o = await h.req("DELETE", `${deps}/orph`, { body: { propagationPolicy: "Orphan" } });
  assert.deepEqual(o.json.metadata.finalizers, ["orphan"]);
  assert.equal(o.json.metadata.generation, 2, "marking for deletion bumps the generation");
  await h.req("POST", deps, { body: deployment("fg") });
  const f = await h.req("DELETE", `${deps}/fg?propagationPolicy=Foreground`);
  assert.deepEqual(f.json.metadata.finalizers, ["foregroundDeletion"]);
  await h.req("POST", deps, { body: deployment("bg") });
  const b = await h.req("DELETE", `${deps}/bg`, { body: { propagationPolicy: "Background" } });
  assert.equal(b.json.status, "Success");
  const bad = await h.req("DELETE", `${deps}/orph`, { body: { propagationPolicy: "Sometimes" } });
  assert.equal(bad.status, 422);
  assert.equal(
    bad.json.message,
    'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sometimes": supported values: "Foreground", "Background", "Orphan", "nil"',
  );
});

test("preconditions: a wrong uid or resourceVersion is 409", async () => {
  const c = (await h.req("POST", cms, { body: configMap("pre") })).json;
  const uid = await h.req("DELETE", `${cms}/pre`, { body: { preconditions: { uid: "nope" } } });
  assert.equal(uid.status, 409);
  assert.equal(
    uid.json.message,
    `Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition (nope) does not match the UID in record (${c.metadata.uid}). The object might have been deleted and then recreated`,
  );
  const rv = await h.req("DELETE", `${cms}/pre`, { body: { preconditions: { resourceVersion: "1" } } });
  assert.equal(rv.status, 409);
  assert.match(
    rv.json.message,
    /the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record/,
  );
  const ok = await h.req("DELETE", `${cms}/pre`, { body: { preconditions: { uid: c.metadata.uid } } });
  assert.equal(ok.status, 200);
});

test("dryRun delete removes nothing; a protobuf-free DeleteOptions body with kind/apiVersion is accepted", async () => {
  await h.req("POST", cms, { body: configMap("dry-d") });
  const r = await h.req("DELETE", `${cms}/dry-d?dryRun=All`);
  assert.equal(r.status, 200);
  assert.equal((await h.req("GET", `${cms}/dry-d`)).status, 200);
  const typed = await h.req("DELETE", `${cms}/dry-d`, {
    body: { kind: "DeleteOptions", apiVersion: "v1", gracePeriodSeconds: 0 },
  });
  assert.equal(typed.status, 200);
  const wrong = await h.req("DELETE", `${cms}/whatever`, { body: { kind: "Pod" } });
  assert.equal(wrong.status, 400);
});

test("deletecollection deletes what the selectors match and answers the list", async () => {
  for (const n of ["dc-a", "dc-b", "dc-c"])
    await h.req("POST", cms, { body: configMap(n, {}, { set: n === "dc-c" ? "keep" : "drop" }) });
  const r = await h.req("DELETE", `${cms}?labelSelector=set%3Ddrop`);
  assert.equal(r.status, 200);
  assert.equal(r.json.kind, "ConfigMapList");
  assert.deepEqual(
    r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ["dc-a", "dc-b"],
  );
  assert.equal((await h.req("GET", `${cms}/dc-a`)).status, 404);
  assert.equal((await h.req("GET", `${cms}/dc-c`)).status, 200);
});

test("namespaces: the first delete marks Terminating, system namespaces cannot be deleted, finalize then delete removes", async () => {
  const forbidden = await h.req("DELETE", "/api/v1/namespaces/kube-system");
  assert.equal(forbidden.status, 403);
  assert.equal(
    forbidden.json.message,
    'namespaces "kube-system" is forbidden: this namespace may not be deleted',
  );
  await h.req("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "gone" } },
  });
  const first = await h.req("DELETE", "/api/v1/namespaces/gone");
  assert.equal(first.json.status.phase, "Terminating");
  assert.deepEqual(first.json.spec.finalizers, ["kubernetes"]);
  const again = await h.req("DELETE", "/api/v1/namespaces/gone");
  assert.equal(again.status, 200);
  assert.equal((await h.req("GET", "/api/v1/namespaces/gone")).status, 200, "spec.finalizers keep it");
  const fin = await h.req("PUT", "/api/v1/namespaces/gone/finalize", {
    body: { ...first.json, spec: { finalizers: [] } },
  });
  assert.equal(fin.status, 200, fin.text);
  assert.equal(
    (await h.req("GET", "/api/v1/namespaces/gone")).status,
    404,
    "an emptied, terminating namespace is removed",
  );
});
