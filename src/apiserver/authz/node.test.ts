import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../testing/harness.js";
import { knownAdmissionPlugins } from "../admission/plugins.js";

let h: Harness;
before(async () => {
  h = await startHarness({
    authorizationMode: "RBAC",
    admissionPlugins: knownAdmissionPlugins.filter((p) => p !== "ServiceAccount"),
  });
  const create = async (path: string, body: object) => {
    const r = await h.req("POST", path, { body });
    assert.equal(r.status, 201, r.text);
  };
  for (const n of ["n1", "n2"]) await create("/api/v1/nodes", { metadata: { name: n } });
  for (const s of ["s1", "s2", "other"])
    await create("/api/v1/namespaces/default/secrets", { metadata: { name: s } });
  await create("/api/v1/namespaces/default/configmaps", { metadata: { name: "cm1" } });
  await create("/api/v1/namespaces/default/pods", {
    metadata: { name: "p1" },
    spec: {
      nodeName: "n1",
      containers: [{ name: "c", image: "nginx", envFrom: [{ configMapRef: { name: "cm1" } }] }],
      volumes: [{ name: "v", secret: { secretName: "s1" } }],
    },
  });
  await create("/api/v1/namespaces/default/pods", {
    metadata: { name: "p2" },
    spec: {
      nodeName: "n2",
      containers: [{ name: "c", image: "nginx" }],
      volumes: [{ name: "v", secret: { secretName: "s2" } }],
    },
  });
});
after(async () => {
  await h.stop();
});

// the harness's admin impersonates the kubelet of n1
const asNode = { "impersonate-user": "system:node:n1", "impersonate-group": "system:nodes" };
const get = (path: string) => h.req("GET", path, { headers: asNode });

test("a node reads only the Secrets and ConfigMaps its own pods use", async () => {
  assert.equal((await get("/api/v1/namespaces/default/secrets/s1")).status, 200);
  assert.equal((await get("/api/v1/namespaces/default/configmaps/cm1")).status, 200);
  const s2 = await get("/api/v1/namespaces/default/secrets/s2");
  assert.equal(s2.status, 403);
  assert.equal(
    s2.json.message,
    `secrets "s2" is forbidden: User "system:node:n1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
  );
  assert.equal((await get("/api/v1/namespaces/default/secrets/other")).status, 403);
  assert.equal((await get("/api/v1/namespaces/default/secrets")).status, 403);
  // what the system:node rules allow
  assert.equal((await get("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1")).status, 200);
  assert.equal((await get("/api/v1/nodes/n1")).status, 200);
  assert.equal((await get("/apis/apps/v1/deployments")).status, 403);
});

test("a node lists and watches a related Secret or ConfigMap by metadata.name, as kubelets do", async () => {
  const list = await get("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dcm1");
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(
    list.json.items.map((o: any) => o.metadata.name),
    ["cm1"],
  );
  const w = await h.watch("/api/v1/namespaces/default/secrets?watch=true&fieldSelector=metadata.name%3Ds1", {
    headers: asNode,
  });
  try {
    assert.equal(w.status, 200);
    const ev = await w.next();
    assert.deepEqual([ev.type, ev.object.metadata.name], ["ADDED", "s1"]);
  } finally {
    w.close();
  }
  const unrelated = await get("/api/v1/namespaces/default/secrets?fieldSelector=metadata.name%3Ds2");
  assert.equal(unrelated.status, 403);
  assert.equal(
    unrelated.json.message,
    `secrets "s2" is forbidden: User "system:node:n1" cannot list resource "secrets" in API group "" in the namespace "default": no relationship found between node 'n1' and this object`,
  );
  const unnamed = await get("/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Dcm1");
  assert.equal(unnamed.status, 403);
  assert.match(unnamed.json.message, /cannot list resource "configmaps" .*: No Object name found$/);
  const clusterWide = await get("/api/v1/configmaps?fieldSelector=metadata.name%3Dcm1");
  assert.equal(clusterWide.status, 403);
  assert.match(clusterWide.json.message, /: can only read namespaced object of this type$/);
  // the same list is routed as a list, not a get, for a user who may list
  const admin = await h.req("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Dcm1");
  assert.equal(admin.status, 200, admin.text);
  assert.equal(admin.json.kind, "ConfigMapList");
  const create = await h.req("POST", "/api/v1/namespaces/default/configmaps", {
    headers: asNode,
    body: { metadata: { name: "cm2" } },
  });
  assert.equal(create.status, 403);
  assert.match(create.json.message, /: can only read resources of this type$/);
  // PersistentVolumeClaims and PersistentVolumes stay get-only
  const pvcs = await get(
    "/api/v1/namespaces/default/persistentvolumeclaims?fieldSelector=metadata.name%3Dc1",
  );
  assert.equal(pvcs.status, 403);
  assert.match(pvcs.json.message, /: can only get individual resources of this type$/);
});

test("NodeRestriction keeps a node to its own Node object and pods", async () => {
  const other = await h.req("PATCH", "/api/v1/nodes/n2", {
    headers: asNode,
    contentType: "application/merge-patch+json",
    body: { metadata: { labels: { x: "y" } } },
  });
  assert.equal(other.status, 403);
  assert.equal(other.json.message, 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"');
  const own = await h.req("PATCH", "/api/v1/nodes/n1", {
    headers: asNode,
    contentType: "application/merge-patch+json",
    body: { metadata: { labels: { x: "y" } } },
  });
  assert.equal(own.status, 200, own.text);
  const del = await h.req("DELETE", "/api/v1/namespaces/default/pods/p2", { headers: asNode });
  assert.equal(del.status, 403);
  assert.equal(
    del.json.message,
    'pods "p2" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself',
  );
  const mk = await h.req("POST", "/api/v1/namespaces/default/pods", {
    headers: asNode,
    body: { metadata: { name: "p3" }, spec: { nodeName: "n1", containers: [{ name: "c", image: "nginx" }] } },
  });
  assert.equal(mk.status, 403);
  assert.equal(
    mk.json.message,
    'pods "p3" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods',
  );
});
