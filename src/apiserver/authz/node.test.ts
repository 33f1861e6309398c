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
