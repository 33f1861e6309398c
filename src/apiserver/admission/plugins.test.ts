import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../testing/harness.js";
import { knownAdmissionPlugins } from "./plugins.js";

let h: Harness;
before(async () => {
  h = await startHarness({ admissionPlugins: knownAdmissionPlugins });
  for (const name of ["restricted", "plain"]) {
    const labels =
      name === "restricted"
        ? {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
          }
        : undefined;
    assert.equal(
      (await h.req("POST", "/api/v1/namespaces", { body: { metadata: { name, labels } } })).status,
      201,
    );
    const sa = await h.req("POST", `/api/v1/namespaces/${name}/serviceaccounts`, {
      body: { metadata: { name: "default" }, imagePullSecrets: [{ name: "regcred" }] },
    });
    assert.equal(sa.status, 201, sa.text);
  }
});
after(async () => {
  await h.stop();
});

const podBody = (name: string, spec: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name },
  spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
});

test("ServiceAccount: default account, token volume mounted in every container, imagePullSecrets copied", async () => {
  const r = await h.req("POST", "/api/v1/namespaces/plain/pods", { body: podBody("p1") });
  assert.equal(r.status, 201, r.text);
  const spec = r.json.spec;
  assert.equal(spec.serviceAccountName, "default");
  assert.deepEqual(spec.imagePullSecrets, [{ name: "regcred" }]);
  const vol = spec.volumes.find((v: any) => v.name.startsWith("kube-api-access-"));
  assert.match(vol.name, /^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(vol.projected.sources, [
    { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
    { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
    {
      downwardAPI: {
        items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
      },
    },
  ]);
  assert.deepEqual(spec.containers[0].volumeMounts, [
    { name: vol.name, readOnly: true, mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
  ]);
  const off = await h.req("POST", "/api/v1/namespaces/plain/pods", {
    body: podBody("p2", { automountServiceAccountToken: false }),
  });
  assert.equal(off.json.spec.volumes, undefined);
  const missing = await h.req("POST", "/api/v1/namespaces/plain/pods", {
    body: podBody("p3", { serviceAccountName: "ghost" }),
  });
  assert.equal(missing.status, 403);
  assert.equal(
    missing.json.message,
    'pods "p3" is forbidden: error looking up service account plain/ghost: serviceaccount "ghost" not found',
  );
});

test("DefaultTolerationSeconds and Priority fill in tolerations and priority", async () => {
  const r = await h.req("POST", "/api/v1/namespaces/plain/pods", {
    body: podBody("p4", { priorityClassName: "system-cluster-critical" }),
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.spec.priority, 2000000000);
  assert.deepEqual(r.json.spec.tolerations, [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    {
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 300,
    },
  ]);
  const plain = await h.req("POST", "/api/v1/namespaces/plain/pods", { body: podBody("p5") });
  assert.equal(plain.json.spec.priority, 0);
  const unknown = await h.req("POST", "/api/v1/namespaces/plain/pods", {
    body: podBody("p6", { priorityClassName: "gold" }),
  });
  assert.equal(unknown.status, 403);
  assert.equal(unknown.json.message, 'pods "p6" is forbidden: no PriorityClass with name gold was found');
});

test("PodSecurity enforces the namespace's level and warns about workloads", async () => {
  const r = await h.req("POST", "/api/v1/namespaces/restricted/pods", {
    body: podBody("priv", {
      containers: [{ name: "c", image: "nginx", securityContext: { privileged: true } }],
    }),
  });
  assert.equal(r.status, 403);
  assert.equal(
    r.json.message,
    'pods "priv" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  const ok = await h.req("POST", "/api/v1/namespaces/restricted/pods", {
    body: podBody("good", {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "c",
          image: "nginx",
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      ],
    }),
  });
  assert.equal(ok.status, 201, ok.text);
  const dep = await h.req("POST", "/apis/apps/v1/namespaces/restricted/deployments", {
    body: {
      metadata: { name: "web" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    },
  });
  assert.equal(dep.status, 201, dep.text);
  assert.match(
    String(dep.headers.warning),
    /^299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false/,
  );
  const badLabel = await h.req("POST", "/api/v1/namespaces", {
    body: { metadata: { name: "oops", labels: { "pod-security.kubernetes.io/enforce": "strict" } } },
  });
  assert.equal(badLabel.status, 422);
  assert.equal(
    badLabel.json.message,
    'Namespace "oops" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted',
  );
  // tightening "plain" warns about its existing pods
  const ns = await h.req("PATCH", "/api/v1/namespaces/plain", {
    contentType: "application/merge-patch+json",
    body: { metadata: { labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  assert.equal(ns.status, 200, ns.text);
  assert.match(
    String(ns.headers.warning),
    /existing pods in namespace \\"plain\\" violate the new PodSecurity enforce level \\"restricted:latest\\"/,
  );
  assert.match(
    String(ns.headers.warning),
    /p1 \(and \d+ other pods\): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile/,
  );
});

test("LimitRanger defaults container resources, records it, and enforces min and max", async () => {
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces", { body: { metadata: { name: "lr" } } })).status,
    201,
  );
  await h.req("POST", "/api/v1/namespaces/lr/serviceaccounts", { body: { metadata: { name: "default" } } });
  const lr = await h.req("POST", "/api/v1/namespaces/lr/limitranges", {
    body: {
      metadata: { name: "limits" },
      spec: {
        limits: [
          {
            type: "Container",
            default: { cpu: "500m" },
            defaultRequest: { cpu: "200m" },
            max: { cpu: "1" },
            min: { cpu: "100m" },
          },
        ],
      },
    },
  });
  assert.equal(lr.status, 201, lr.text);
  const r = await h.req("POST", "/api/v1/namespaces/lr/pods", { body: podBody("lr1") });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.spec.containers[0].resources, {
    limits: { cpu: "500m" },
    requests: { cpu: "200m" },
  });
  assert.equal(
    r.json.metadata.annotations["kubernetes.io/limit-ranger"],
    "LimitRanger plugin set: cpu request for container c; cpu limit for container c",
  );
  const big = await h.req("POST", "/api/v1/namespaces/lr/pods", {
    body: podBody("lr2", {
      containers: [
        { name: "c", image: "nginx", resources: { limits: { cpu: "2" }, requests: { cpu: "50m" } } },
      ],
    }),
  });
  assert.equal(big.status, 403);
  assert.equal(
    big.json.message,
    'pods "lr2" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum cpu usage per Container is 1, but limit is 2]',
  );
  assert.equal((await h.req("DELETE", "/api/v1/namespaces/lr/limitranges/limits")).status, 200);
});

test("ResourceQuota refuses what would exceed it and pods without the requests it counts", async () => {
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces", { body: { metadata: { name: "quota" } } })).status,
    201,
  );
  await h.req("POST", "/api/v1/namespaces/quota/serviceaccounts", {
    body: { metadata: { name: "default" } },
  });
  const q = await h.req("POST", "/api/v1/namespaces/quota/resourcequotas", {
    body: { metadata: { name: "compute" }, spec: { hard: { "requests.cpu": "1", "count/configmaps": "1" } } },
  });
  assert.equal(q.status, 201, q.text);
  const noReq = await h.req("POST", "/api/v1/namespaces/quota/pods", { body: podBody("q0") });
  assert.equal(noReq.status, 403);
  assert.equal(
    noReq.json.message,
    'pods "q0" is forbidden: failed quota: compute: must specify requests.cpu for: c',
  );
  const withReq = (name: string, cpu: string) =>
    podBody(name, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu } } }] });
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces/quota/pods", { body: withReq("q1", "600m") })).status,
    201,
  );
  const over = await h.req("POST", "/api/v1/namespaces/quota/pods", { body: withReq("q2", "500m") });
  assert.equal(over.status, 403);
  assert.equal(
    over.json.message,
    'pods "q2" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1',
  );
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces/quota/configmaps", { body: { metadata: { name: "a" } } }))
      .status,
    201,
  );
  const cm = await h.req("POST", "/api/v1/namespaces/quota/configmaps", {
    body: { metadata: { name: "b" } },
  });
  assert.equal(
    cm.json.message,
    'configmaps "b" is forbidden: exceeded quota: compute, requested: count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1',
  );
});

test("a scoped ResourceQuota constrains only the pods in its scope", async () => {
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces", { body: { metadata: { name: "scoped" } } })).status,
    201,
  );
  await h.req("POST", "/api/v1/namespaces/scoped/serviceaccounts", {
    body: { metadata: { name: "default" } },
  });
  const q = await h.req("POST", "/api/v1/namespaces/scoped/resourcequotas", {
    body: { metadata: { name: "besteffort" }, spec: { hard: { pods: "1" }, scopes: ["BestEffort"] } },
  });
  assert.equal(q.status, 201, q.text);
  const burstable = (name: string) =>
    podBody(name, { containers: [{ name: "c", image: "nginx", resources: { requests: { cpu: "10m" } } }] });
  assert.equal((await h.req("POST", "/api/v1/namespaces/scoped/pods", { body: podBody("be1") })).status, 201);
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces/scoped/pods", { body: burstable("b1") })).status,
    201,
  );
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces/scoped/pods", { body: burstable("b2") })).status,
    201,
  );
  const over = await h.req("POST", "/api/v1/namespaces/scoped/pods", { body: podBody("be2") });
  assert.equal(over.status, 403);
  assert.equal(
    over.json.message,
    'pods "be2" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1',
  );
  // objects other than pods are outside a scoped quota
  assert.equal(
    (await h.req("POST", "/api/v1/namespaces/scoped/configmaps", { body: { metadata: { name: "c" } } }))
      .status,
    201,
  );
});
