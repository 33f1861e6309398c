import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { startHarness, type Harness } from "../testing/harness.js";
import { knownAdmissionPlugins } from "../admission/plugins.js";

let h: Harness;
before(async () => {
  h = await startHarness({
    authorizationMode: "RBAC",
    admissionPlugins: knownAdmissionPlugins.filter((p) => p !== "ServiceAccount"),
    serviceAccountTokens: { signingKey: generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey },
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
  for (const sa of ["sa1", "sa2", "sa3"])
    await create("/api/v1/namespaces/default/serviceaccounts", { metadata: { name: sa } });
  const pod = (name: string, node: string, spec: object, annotations?: object) =>
    create("/api/v1/namespaces/default/pods", {
      metadata: { name, annotations },
      spec: { nodeName: node, containers: [{ name: "c", image: "nginx" }], ...spec },
    });
  await pod("p4", "n1", { serviceAccountName: "sa1" });
  await pod("p5", "n2", { serviceAccountName: "sa2" });
  await pod("p6", "n2", { serviceAccountName: "sa1" });
  // a mirror pod grants its node nothing but itself (upstream's graph gives it no other edges)
  await pod(
    "mirror",
    "n1",
    { serviceAccountName: "sa3", volumes: [{ name: "v", secret: { secretName: "other" } }] },
    { "kubernetes.io/config.mirror": "x" },
  );
  await create("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", {
    metadata: { name: "n2" },
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

const message = (r: { json: any }) => r.json.message as string;

test("a node identity without a node name is refused with upstream's reason", async () => {
  const r = await h.req("GET", "/api/v1/namespaces/default/secrets/s1", {
    headers: { "impersonate-user": "system:node:", "impersonate-group": "system:nodes" },
  });
  assert.equal(r.status, 403);
  assert.equal(
    message(r),
    `secrets "s1" is forbidden: User "system:node:" cannot get resource "secrets" in API group "" in the namespace "default": unknown node for user "system:node:"`,
  );
});

test("every serviceaccounts request is a TokenRequest for a pod's ServiceAccount on the node", async () => {
  const get = await h.req("GET", "/api/v1/namespaces/default/serviceaccounts/sa1", { headers: asNode });
  assert.equal(get.status, 403);
  assert.match(message(get), /: can only create tokens for individual service accounts$/);
  const list = await h.req("GET", "/api/v1/namespaces/default/serviceaccounts", { headers: asNode });
  assert.match(message(list), /: can only create tokens for individual service accounts$/);
  const update = await h.req("PUT", "/api/v1/namespaces/default/serviceaccounts/sa1", {
    headers: asNode,
    body: { metadata: { name: "sa1" } },
  });
  assert.equal(update.status, 403);
  assert.match(message(update), /: can only create tokens for individual service accounts$/);
  const token = (sa: string, spec: object) =>
    h.req("POST", `/api/v1/namespaces/default/serviceaccounts/${sa}/token`, {
      headers: asNode,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec },
    });
  const podRef = async (name: string) => {
    const p = await h.req("GET", `/api/v1/namespaces/default/pods/${name}`);
    return { apiVersion: "v1", kind: "Pod", name, uid: p.json.metadata.uid as string };
  };
  // sa2 only runs on n2; sa3 only in a mirror pod
  for (const sa of ["sa2", "sa3"]) {
    const r = await token(sa, { boundObjectRef: await podRef("p5") });
    assert.equal(r.status, 403);
    assert.match(message(r), /: no relationship found between node 'n1' and this object$/);
  }
  const ok = await token("sa1", { boundObjectRef: await podRef("p4") });
  assert.equal(ok.status, 201, ok.text);
  assert.ok(ok.json.status.token);
});

test("NodeRestriction admits a node's TokenRequest only bound to a pod on that node", async () => {
  const token = (spec: object) =>
    h.req("POST", "/api/v1/namespaces/default/serviceaccounts/sa1/token", {
      headers: asNode,
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec },
    });
  const uid = async (name: string) =>
    (await h.req("GET", `/api/v1/namespaces/default/pods/${name}`)).json.metadata.uid as string;
  const forbidden = async (spec: object, reason: string) => {
    const r = await token(spec);
    assert.equal(r.status, 403, r.text);
    assert.equal(message(r), `serviceaccounts "sa1" is forbidden: ${reason}`);
  };
  await forbidden({}, "node requested token not bound to a pod");
  await forbidden(
    { boundObjectRef: { apiVersion: "v1", kind: "Secret", name: "s1" } },
    "node requested token not bound to a pod",
  );
  await forbidden(
    { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "p4" } },
    "node requested token with a pod binding without a uid",
  );
  await forbidden(
    { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "p4", uid: "not-p4" } },
    "the UID in the bound object reference (not-p4) does not match the UID in record. The object might have been deleted and then recreated",
  );
  // sa1 also runs on n1 (p4), so the authorizer allows; the binding names p6 on n2
  await forbidden(
    { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "p6", uid: await uid("p6") } },
    "node requested token bound to a pod scheduled on a different node",
  );
  const missing = await token({ boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "gone", uid: "u" } });
  assert.equal(missing.status, 404);
  assert.equal(message(missing), 'pods "gone" not found');
});

test("a node's Lease: verbs, then the kube-node-lease namespace, then its own name", async () => {
  const lease = (method: string, path: string, body?: object) =>
    h.req(method, `/apis/coordination.k8s.io/v1${path}`, { headers: asNode, body });
  const list = await lease("GET", "/namespaces/kube-node-lease/leases");
  assert.equal(list.status, 403);
  assert.match(message(list), /: can only get, create, update, patch, or delete a node lease$/);
  // the verb is checked before the namespace
  const watchElsewhere = await lease("GET", "/namespaces/default/leases?watch=true");
  assert.match(message(watchElsewhere), /: can only get, create, update, patch, or delete a node lease$/);
  const elsewhere = await lease("GET", "/namespaces/default/leases/n1");
  assert.equal(elsewhere.status, 403);
  assert.match(message(elsewhere), /: can only access leases in the "kube-node-lease" system namespace$/);
  const other = await lease("GET", "/namespaces/kube-node-lease/leases/n2");
  assert.equal(other.status, 403);
  assert.match(message(other), /: can only access node lease with the same name as the requesting node$/);
  // the authorizer cannot see a create's name; NodeRestriction checks the object's
  const createOther = await lease("POST", "/namespaces/kube-node-lease/leases", { metadata: { name: "n3" } });
  assert.equal(createOther.status, 403);
  assert.equal(
    message(createOther),
    'leases.coordination.k8s.io "n3" is forbidden: can only access node lease with the same name as the requesting node',
  );
  const own = await lease("POST", "/namespaces/kube-node-lease/leases", { metadata: { name: "n1" } });
  assert.equal(own.status, 201, own.text);
  assert.equal((await lease("GET", "/namespaces/kube-node-lease/leases/n1")).status, 200);
});

test("a node reads only its own Node and lists pods only by spec.nodeName (AuthorizeNodeWithSelectors)", async () => {
  // RBAC's system:node-proxier binding for system:nodes (docs/compatibility.md) still lets nodes list Nodes,
  // so the Node authorizer's reason shows up in what RBAC does not allow: pods
  const pods = await get("/api/v1/pods");
  assert.equal(pods.status, 403);
  assert.match(message(pods), /: can only list\/watch pods with spec.nodeName field selector$/);
  const otherNode = await get("/api/v1/pods?fieldSelector=spec.nodeName%3Dn2");
  assert.equal(otherNode.status, 403);
  assert.equal(
    (await get("/api/v1/pods?fieldSelector=spec.nodeName%3D%3Dn1,metadata.namespace%3Ddefault")).status,
    200,
  );
  // a pod bound to the node by name: get, or list by metadata.name
  assert.equal((await get("/api/v1/namespaces/default/pods/p1")).status, 200);
  assert.equal((await get("/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dp1")).status, 200);
  const p2 = await get("/api/v1/namespaces/default/pods/p2");
  assert.equal(p2.status, 403);
  assert.match(message(p2), /: no relationship found between node 'n1' and this object$/);
  const log = await get("/api/v1/namespaces/default/pods/p1/log");
  assert.equal(log.status, 403);
  const update = await h.req("PUT", "/api/v1/namespaces/default/pods/p1", {
    headers: asNode,
    body: { metadata: { name: "p1" } },
  });
  assert.equal(update.status, 403);
  // a mirror pod on the node is the node's, but grants nothing else
  assert.equal((await get("/api/v1/namespaces/default/pods/mirror")).status, 200);
  assert.equal((await get("/api/v1/namespaces/default/secrets/other")).status, 403);
});

test("a node identity without a node name may not write either", async () => {
  const r = await h.req("DELETE", "/api/v1/namespaces/default/pods/p1", {
    headers: { "impersonate-user": "system:node:", "impersonate-group": "system:nodes" },
  });
  // the Node authorizer already has no opinion; RBAC decides, as upstream
  assert.equal(r.status, 403);
  assert.match(message(r), /: unknown node for user "system:node:"$/);
});
