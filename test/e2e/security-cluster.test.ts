// The security issue's cluster-level acceptance with the real kubectl: a deny-by-default matrix, escalation
// refused, a node identity restricted to its own objects, an agent joining with the bootstrap token derived
// from --token (CSR approved and signed by the controllers), per-component identities, the kube-root-ca.crt
// ConfigMap and the kube-api-access volume, ResourceQuota status.used, the audit log, and Secrets encrypted
// at rest in the SQLite file and in etcd.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { X509Certificate, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backends, ok, startServer, type RunningServer } from "./harness.js";
import { RestClient } from "../../src/client/rest/client.js";
import { KubeletServingSignerName, requestNodeCertificate } from "../../src/client/certificates/csr.js";
import { bootstrapTokenFromJoinToken } from "../../src/client/certificates/bootstraptoken.js";
import { x509 } from "../../src/controllers/csrsigning/x509.js";
import { webcrypto } from "node:crypto";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(fn: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`condition not met in ${ms} ms`);
    await sleep(100);
  }
}

/** A kubeconfig with the cluster and CA but no client certificate, for --token users. */
async function tokenKubeconfig(s: RunningServer): Promise<string> {
  const file = join(s.dataDir, "token-kubeconfig.yaml");
  await writeFile(
    file,
    [
      "apiVersion: v1",
      "kind: Config",
      `clusters:\n- name: k8ts\n  cluster:\n    server: ${s.url}\n    certificate-authority: ${join(s.dataDir, "server/tls/server-ca.crt")}`,
      "users:\n- name: u\n  user: {}",
      "contexts:\n- name: u\n  context:\n    cluster: k8ts\n    user: u",
      "current-context: u",
      "",
    ].join("\n"),
  );
  return file;
}

describe("a cluster's security with kubectl", { concurrency: false }, () => {
  let s: RunningServer;
  let tokenConfig = "";
  const k = (...args: string[]) => s.kubectl(args);
  const as = (token: string, ...args: string[]) =>
    s.kubectl(["--kubeconfig", tokenConfig, "--token", token, ...args]);
  let nobody = "";

  before(async () => {
    s = await startServer();
    tokenConfig = await tokenKubeconfig(s);
    ok(await k("create", "namespace", "team"));
    ok(await k("create", "serviceaccount", "nobody", "-n", "team"));
    nobody = ok(await k("create", "token", "nobody", "-n", "team")).trim();
  });
  after(async () => {
    await s?.stop();
  });

  test("deny by default: a subject without bindings is refused every verb with 403", async () => {
    const user = "system:serviceaccount:team:nobody";
    const manifest = (kind: string, extra: object) =>
      JSON.stringify({ apiVersion: "v1", kind, metadata: { name: "x", namespace: "team" }, ...extra });
    const objects: Record<string, string> = {
      pods: manifest("Pod", { spec: { containers: [{ name: "c", image: "busybox" }] } }),
      secrets: manifest("Secret", { stringData: { a: "b" } }),
      configmaps: manifest("ConfigMap", { data: { a: "b" } }),
      services: manifest("Service", { spec: { ports: [{ port: 80 }] } }),
    };
    for (const resource of Object.keys(objects)) {
      const cases: [string, string[], string][] = [
        ["list", ["get", resource, "-n", "team"], `cannot list resource "${resource}"`],
        ["get", ["get", resource, "x", "-n", "team"], `cannot get resource "${resource}"`],
        [
          "watch",
          ["get", "--raw", `/api/v1/namespaces/team/${resource}?watch=true`],
          `cannot watch resource "${resource}"`,
        ],
        ["create", ["create", "-f", "-"], `cannot create resource "${resource}"`],
        ["update", ["replace", "-f", "-"], `cannot update resource "${resource}"`],
        // kubectl reads the object before it patches: the patch verb itself is checked with a raw request below
        ["patch", ["patch", resource, "x", "-n", "team", "-p", "{}"], `cannot get resource "${resource}"`],
        ["delete", ["delete", resource, "x", "-n", "team"], `cannot delete resource "${resource}"`],
        [
          "deletecollection",
          ["delete", resource, "--all", "-n", "team"],
          `cannot list resource "${resource}"`,
        ],
      ];
      for (const [verb, args, words] of cases) {
        const r = await s.kubectl(["--kubeconfig", tokenConfig, "--token", nobody, ...args], {
          input: objects[resource],
        });
        assert.notEqual(r.code, 0, `${verb} ${resource} must fail`);
        assert.match(r.stderr, /Forbidden|forbidden/, `${verb} ${resource}: ${r.stderr}`);
        assert.ok(r.stderr.includes(`User "${user}" ${words}`), `${verb} ${resource}: ${r.stderr}`);
      }
    }
    const ca = await readFile(join(s.dataDir, "server/tls/server-ca.crt"), "utf8");
    const raw = new RestClient({ server: s.url, ca, token: nobody });
    try {
      for (const resource of Object.keys(objects))
        await assert.rejects(
          raw.raw("PATCH", `/api/v1/namespaces/team/${resource}/x`, {}, "application/merge-patch+json"),
          (e: any) =>
            e.code === 403 && e.message.includes(`User "${user}" cannot patch resource "${resource}"`),
        );
    } finally {
      raw.close();
    }
    // cluster-scoped and non-resource requests too
    const nodes = await as(nobody, "get", "nodes");
    assert.ok(
      nodes.stderr.includes(
        `User "${user}" cannot list resource "nodes" in API group "" at the cluster scope`,
      ),
    );
    const metrics = await as(nobody, "get", "--raw", "/metrics");
    assert.ok(metrics.stderr.includes("Forbidden"), metrics.stderr);
  });

  test("escalation: a subject that may write Roles cannot grant what it does not hold", async () => {
    ok(await k("create", "serviceaccount", "lead", "-n", "team"));
    ok(
      await k(
        "create",
        "role",
        "role-writer",
        "-n",
        "team",
        "--verb=get,list,create,update",
        "--resource=roles,rolebindings",
      ),
    );
    ok(
      await k(
        "create",
        "rolebinding",
        "lead",
        "-n",
        "team",
        "--role=role-writer",
        "--serviceaccount=team:lead",
      ),
    );
    const lead = ok(await k("create", "token", "lead", "-n", "team")).trim();
    const role = await as(
      lead,
      "create",
      "role",
      "secret-reader",
      "-n",
      "team",
      "--verb=get",
      "--resource=secrets",
    );
    assert.equal(role.code, 1);
    assert.match(
      role.stderr,
      /roles\.rbac\.authorization\.k8s\.io "secret-reader" is forbidden: user "system:serviceaccount:team:lead" \(groups=\["system:serviceaccounts" "system:serviceaccounts:team" "system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\[""\], Resources:\["secrets"\], Verbs:\["get"\]\}/,
    );
    const bind = await as(
      lead,
      "create",
      "rolebinding",
      "grab",
      "-n",
      "team",
      "--clusterrole=cluster-admin",
      "--serviceaccount=team:lead",
    );
    assert.equal(bind.code, 1);
    assert.match(
      bind.stderr,
      /rolebindings\.rbac\.authorization\.k8s\.io "grab" is forbidden: user "system:serviceaccount:team:lead" .* is attempting to grant RBAC permissions not currently held/,
    );
    // what it holds it may grant
    ok(await as(lead, "create", "role", "role-reader", "-n", "team", "--verb=get", "--resource=roles"));
  });

  test("an agent joins with the bootstrap token from --token: its node certificate is approved and signed", async () => {
    const joinToken = (await readFile(join(s.dataDir, "server", "token"), "utf8")).trim();
    const { token, id } = bootstrapTokenFromJoinToken(joinToken);
    const secret = JSON.parse(
      ok(await k("get", "secret", `bootstrap-token-${id}`, "-n", "kube-system", "-o", "json")),
    );
    assert.equal(secret.type, "bootstrap.kubernetes.io/token");
    const ca = await readFile(join(s.dataDir, "server/tls/server-ca.crt"), "utf8");
    const bootstrap = new RestClient({ server: s.url, ca, token });
    let node;
    try {
      const who = await bootstrap.raw<any>("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
        apiVersion: "authentication.k8s.io/v1",
        kind: "SelfSubjectReview",
      });
      assert.equal(who.status.userInfo.username, `system:bootstrap:${id}`);
      assert.deepEqual(who.status.userInfo.groups, [
        "system:bootstrappers",
        "system:bootstrappers:k8ts:default-node-token",
        "system:authenticated",
      ]);
      // a bootstrap token may ask for a certificate but read nothing else
      await assert.rejects(
        bootstrap.raw("GET", "/api/v1/namespaces/kube-system/secrets"),
        (e: any) => e.code === 403,
      );
      node = await requestNodeCertificate(bootstrap, "agent-1", { timeoutMs: 30_000 });
    } finally {
      bootstrap.close();
    }
    const cert = new X509Certificate(node.cert);
    assert.match(cert.subject, /CN=system:node:agent-1/);
    assert.match(cert.subject, /O=system:nodes/);
    assert.ok(cert.checkIssued(new X509Certificate(ca)));
    const csrs = ok(await k("get", "csr"));
    assert.match(csrs, /^NAME\s+AGE\s+SIGNERNAME\s+REQUESTOR\s+REQUESTEDDURATION\s+CONDITION$/m);
    assert.match(
      csrs,
      new RegExp(
        `node-csr-\\S+\\s+\\S+\\s+kubernetes.io/kube-apiserver-client-kubelet\\s+system:bootstrap:${id}\\s+<none>\\s+Approved,Issued`,
      ),
    );

    // the node identity: its own Node yes, unrelated Secrets no (Node authorizer)
    const nodeClient = new RestClient({ server: s.url, ca, cert: node.cert, key: node.key });
    try {
      const who = await nodeClient.raw<any>("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
        apiVersion: "authentication.k8s.io/v1",
        kind: "SelfSubjectReview",
      });
      assert.equal(who.status.userInfo.username, "system:node:agent-1");
      assert.deepEqual(who.status.userInfo.groups, ["system:nodes", "system:authenticated"]);
      await nodeClient.raw("POST", "/api/v1/nodes", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "agent-1" },
      });
      ok(await k("create", "secret", "generic", "unrelated", "-n", "team", "--from-literal=a=b"));
      await assert.rejects(nodeClient.raw("GET", "/api/v1/namespaces/team/secrets/unrelated"), (e: any) => {
        assert.equal(e.code, 403);
        assert.match(
          e.message,
          /User "system:node:agent-1" cannot get resource "secrets" in API group "" in the namespace "team": no relationship found between node 'agent-1' and this object/,
        );
        return true;
      });
      // the node renews its client certificate (selfnodeclient) and gets a serving certificate for itself
      const renewed = await requestNodeCertificate(nodeClient, "agent-1", { timeoutMs: 30_000 });
      assert.match(new X509Certificate(renewed.cert).subject, /CN=system:node:agent-1/);
      const serving = await requestNodeCertificate(nodeClient, "agent-1", {
        signerName: KubeletServingSignerName,
        dnsNames: ["agent-1"],
        ips: ["127.0.0.1"],
        timeoutMs: 30_000,
      });
      const sc = new X509Certificate(serving.cert);
      assert.match(sc.subjectAltName ?? "", /DNS:agent-1/);
      assert.match(sc.subjectAltName ?? "", /IP Address:127.0.0.1/);
      // but not another node's client certificate: that request stays pending
      await assert.rejects(requestNodeCertificate(nodeClient, "agent-2", { timeoutMs: 3000 }), /timed out/);
      // its kube-proxy may run with the node identity (system:node-proxier)
      await nodeClient.raw("GET", "/apis/discovery.k8s.io/v1/endpointslices");
      // NodeRestriction: another node's object is not its to write
      await assert.rejects(
        nodeClient.raw("POST", "/api/v1/nodes", {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: "agent-2" },
        }),
        (e: any) => e.code === 403,
      );
    } finally {
      nodeClient.close();
    }
  });

  test("kubectl certificate approve: a user's client certificate is signed by the cluster CA", async () => {
    const x = await x509();
    const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
    const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
    const req = await x.Pkcs10CertificateRequestGenerator.create({
      name: "O=dev, CN=jane",
      keys,
      signingAlgorithm: alg,
    });
    const csr = (name: string) =>
      JSON.stringify({
        apiVersion: "certificates.k8s.io/v1",
        kind: "CertificateSigningRequest",
        metadata: { name },
        spec: {
          request: Buffer.from(req.toString("pem") + "\n").toString("base64"),
          signerName: "kubernetes.io/kube-apiserver-client",
          expirationSeconds: 86400,
          usages: ["client auth"],
        },
      });
    ok(await s.kubectl(["apply", "-f", "-"], { input: csr("jane") }));
    ok(await s.kubectl(["apply", "-f", "-"], { input: csr("mallory") }));
    const listed = ok(await k("get", "csr", "jane"));
    assert.match(
      listed,
      /^jane\s+\S+\s+kubernetes.io\/kube-apiserver-client\s+system:admin\s+24h\s+Pending$/m,
    );
    assert.equal(
      ok(await k("certificate", "approve", "jane")).trim(),
      "certificatesigningrequest.certificates.k8s.io/jane approved",
    );
    assert.equal(
      ok(await k("certificate", "deny", "mallory")).trim(),
      "certificatesigningrequest.certificates.k8s.io/mallory denied",
    );
    const issued = await eventually(async () => {
      const o = JSON.parse(ok(await k("get", "csr", "jane", "-o", "json")));
      return o.status.certificate && o;
    });
    assert.deepEqual(
      issued.status.conditions.map((c: any) => [c.type, c.status, c.reason]),
      [["Approved", "True", "KubectlApprove"]],
    );
    const cert = new X509Certificate(Buffer.from(issued.status.certificate, "base64"));
    assert.match(cert.subject, /CN=jane/);
    assert.ok(Date.parse(cert.validTo) - Date.now() <= 86400_000);
    // the denied one is never issued; a status write cannot approve it
    const denied = JSON.parse(ok(await k("get", "csr", "mallory", "-o", "json")));
    assert.equal(denied.status.certificate, undefined);
    assert.match(ok(await k("get", "csr", "mallory")), /Denied$/m);
    // the certificate works: kubectl as jane
    const key = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
    const certFile = join(s.dataDir, "jane.crt");
    const keyFile = join(s.dataDir, "jane.key");
    await writeFile(certFile, Buffer.from(issued.status.certificate, "base64"));
    await writeFile(keyFile, `-----BEGIN PRIVATE KEY-----\n${key}\n-----END PRIVATE KEY-----\n`);
    const who = ok(
      await s.kubectl([
        "--kubeconfig",
        tokenConfig,
        "--client-certificate",
        certFile,
        "--client-key",
        keyFile,
        "auth",
        "whoami",
      ]),
    );
    assert.match(who, /Username\s+jane/);
    assert.match(who, /Groups\s+\[dev system:authenticated\]/);
  });

  test("each control-plane component has its own identity and the controllers their ServiceAccounts", async () => {
    for (const [file, cn] of [
      ["client-scheduler.crt", "system:kube-scheduler"],
      ["client-controller.crt", "system:kube-controller-manager"],
    ]) {
      const cert = new X509Certificate(await readFile(join(s.dataDir, "server/tls", file)));
      assert.equal(cert.subject, `CN=${cn}`);
    }
    const sas = ok(await k("get", "serviceaccounts", "-n", "kube-system", "-o", "name"));
    for (const sa of [
      "deployment-controller",
      "replicaset-controller",
      "namespace-controller",
      "certificate-controller",
    ])
      assert.match(sas, new RegExp(`^serviceaccount/${sa}$`, "m"));
    // the scheduler may not read Secrets; the controller manager's own identity only lists and watches
    const no = await k("auth", "can-i", "get", "secrets", "-n", "team", "--as=system:kube-scheduler");
    assert.equal(no.stdout.trim(), "no");
    const cm = await k(
      "auth",
      "can-i",
      "delete",
      "pods",
      "-n",
      "team",
      "--as=system:kube-controller-manager",
    );
    assert.equal(cm.stdout.trim(), "no");
    const rs = await k(
      "auth",
      "can-i",
      "create",
      "pods",
      "-n",
      "team",
      "--as=system:serviceaccount:kube-system:replicaset-controller",
    );
    assert.equal(rs.stdout.trim(), "yes");
    // and the controllers still work: a Deployment gets its ReplicaSet and pods
    ok(await k("create", "deployment", "web", "-n", "team", "--image=busybox", "--replicas=2"));
    await eventually(async () => {
      const pods = ok(await k("get", "pods", "-n", "team", "-l", "app=web", "-o", "name"));
      return pods.trim().split("\n").filter(Boolean).length === 2;
    });
  });

  test("the add-on components' users hold their roles' rights and no more", async () => {
    const cases: [string, string, string, string, "yes" | "no"][] = [
      ["system:k8ts:cluster-dns", "watch", "endpointslices.discovery.k8s.io", "-A", "yes"],
      ["system:k8ts:cluster-dns", "list", "secrets", "-A", "no"],
      [
        "system:k8ts:ingress-controller",
        "patch",
        "ingresses.networking.k8s.io",
        "-A --subresource=status",
        "yes",
      ],
      ["system:k8ts:ingress-controller", "delete", "pods", "-A", "no"],
      ["system:cloud-controller-manager", "patch", "services", "-A --subresource=status", "yes"],
      ["system:cloud-controller-manager", "get", "secrets", "-A", "no"],
      ["system:k8ts:simulated-nodes", "update", "leases.coordination.k8s.io", "-nkube-node-lease", "yes"],
      ["system:k8ts:simulated-nodes", "update", "leases.coordination.k8s.io", "-nkube-system", "no"],
      ["system:k8ts:simulated-nodes", "list", "secrets", "-A", "no"],
    ];
    for (const [user, verb, resource, scope, want] of cases) {
      const r = await k("auth", "can-i", verb, resource, ...scope.split(" "), `--as=${user}`);
      assert.equal(r.stdout.trim(), want, `${user} ${verb} ${resource} ${scope}: ${r.stdout}${r.stderr}`);
    }
  });

  test("new namespaces get kube-root-ca.crt and pods the kube-api-access volume", async () => {
    ok(await k("create", "namespace", "fresh"));
    const ca = await readFile(join(s.dataDir, "server/tls/server-ca.crt"), "utf8");
    const cm = await eventually(async () => {
      const r = await k("get", "configmap", "kube-root-ca.crt", "-n", "fresh", "-o", "json");
      return r.code === 0 && JSON.parse(r.stdout);
    });
    assert.equal(cm.data["ca.crt"], ca);
    assert.match(cm.metadata.annotations["kubernetes.io/description"], /^Contains a CA bundle/);
    ok(await k("run", "p", "-n", "fresh", "--image=busybox"));
    const pod = JSON.parse(ok(await k("get", "pod", "p", "-n", "fresh", "-o", "json")));
    const vol = pod.spec.volumes.find((v: any) => v.name.startsWith("kube-api-access-"));
    assert.match(vol.name, /^kube-api-access-[a-z0-9]{5}$/);
    assert.deepEqual(vol.projected, {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
          },
        },
      ],
      defaultMode: 420,
    });
    // deleted or edited, it comes back
    ok(await k("delete", "configmap", "kube-root-ca.crt", "-n", "fresh"));
    await eventually(async () => (await k("get", "configmap", "kube-root-ca.crt", "-n", "fresh")).code === 0);
  });

  test("the resource quota controller keeps status.used", async () => {
    ok(await k("create", "namespace", "quota"));
    ok(
      await k(
        "create",
        "quota",
        "q",
        "-n",
        "quota",
        "--hard=pods=3,configmaps=5,count/deployments.apps=2,requests.cpu=1",
      ),
    );
    ok(await k("create", "configmap", "c1", "-n", "quota", "--from-literal=a=b"));
    const pod = (name: string) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name },
        spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu: "250m" } } }] },
      });
    ok(await s.kubectl(["apply", "-n", "quota", "-f", "-"], { input: pod("a") }));
    ok(await s.kubectl(["apply", "-n", "quota", "-f", "-"], { input: pod("b") }));
    const used = () =>
      k("get", "quota", "q", "-n", "quota", "-o", "jsonpath={.status.used}").then((r) =>
        r.code === 0 ? JSON.parse(r.stdout || "{}") : {},
      );
    await eventually(async () => {
      const u = await used();
      // kube-root-ca.crt counts too, as upstream
      return (
        u.pods === "2" &&
        u["requests.cpu"] === "500m" &&
        u.configmaps === "2" &&
        u["count/deployments.apps"] === "0"
      );
    });
    const hard = JSON.parse(ok(await k("get", "quota", "q", "-n", "quota", "-o", "jsonpath={.status.hard}")));
    assert.deepEqual(hard, {
      configmaps: "5",
      "count/deployments.apps": "2",
      pods: "3",
      "requests.cpu": "1",
    });
    ok(await k("delete", "pod", "a", "-n", "quota", "--grace-period=0", "--force"));
    await eventually(async () => (await used()).pods === "1");
    const table = ok(await k("get", "quota", "-n", "quota"));
    assert.match(
      table,
      /^q\s+\S+\s+configmaps: 2\/5, count\/deployments.apps: 0\/2, pods: 1\/3, requests.cpu: 250m\/1\s*$/m,
    );
  });
});

describe("the audit log records allowed and denied requests", () => {
  let s: RunningServer;
  let log = "";
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "k8ts-audit-"));
    const policy = join(dir, "policy.yaml");
    log = join(dir, "audit.log");
    await writeFile(
      policy,
      "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: RequestResponse\n  resources: [{group: '', resources: [configmaps]}]\n- level: Metadata\n",
    );
    s = await startServer({ extraArgs: ["--audit-policy-file", policy, "--audit-log-path", log] });
  });
  after(async () => {
    await s?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("kubectl requests appear as audit.k8s.io/v1 Events", async () => {
    ok(await s.kubectl(["create", "configmap", "audited", "--from-literal=k=v"]));
    const denied = await s.kubectl(["get", "secrets", "--as=eve"]);
    assert.equal(denied.code, 1);
    const events = await eventually(async () => {
      const lines = (await readFile(log, "utf8"))
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const create = lines.find(
        (e) =>
          e.verb === "create" && e.objectRef?.resource === "configmaps" && e.user.username === "system:admin",
      );
      const forbid = lines.find(
        (e) => e.impersonatedUser?.username === "eve" && e.objectRef?.resource === "secrets",
      );
      return create && forbid && { create, forbid, lines };
    });
    const { create, forbid, lines } = events;
    // RequestReceived is omitted by the policy; watches also log ResponseStarted
    assert.ok(
      lines.every(
        (e: any) =>
          e.kind === "Event" &&
          e.apiVersion === "audit.k8s.io/v1" &&
          (e.stage === "ResponseComplete" || (e.stage === "ResponseStarted" && e.verb === "watch")),
      ),
    );
    assert.equal(create.stage, "ResponseComplete");
    assert.equal(create.level, "RequestResponse");
    assert.equal(create.user.username, "system:admin");
    assert.equal(create.responseStatus.code, 201);
    assert.deepEqual(create.requestObject.data, { k: "v" });
    assert.equal(create.responseObject.metadata.name, "audited");
    assert.match(create.userAgent, /^kubectl/);
    assert.deepEqual(create.sourceIPs, ["127.0.0.1"]);
    assert.equal(forbid.level, "Metadata");
    assert.equal(forbid.verb, "list");
    assert.equal(forbid.responseStatus.code, 403);
    assert.equal(forbid.annotations["authorization.k8s.io/decision"], "forbid");
    assert.equal(forbid.requestObject, undefined);
  });
});

for (const backend of backends())
  describe(`Secrets are encrypted at rest (${backend})`, () => {
    let dir = "";
    const key1 = randomBytes(32).toString("base64");
    const key2 = randomBytes(32).toString("base64");
    const config = (keys: [string, string, string][]) =>
      [
        "apiVersion: apiserver.config.k8s.io/v1",
        "kind: EncryptionConfiguration",
        "resources:",
        "  - resources: [secrets]",
        "    providers:",
        ...keys.map(
          ([p, name, secret]) => `      - ${p}:\n          keys: [{name: ${name}, secret: "${secret}"}]`,
        ),
        "      - identity: {}",
        "",
      ].join("\n");
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "k8ts-enc-e2e-"));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    /** Every byte the store holds: the SQLite files, or every etcd value under /registry/. */
    async function stored(s: RunningServer, dataDir: string): Promise<string> {
      if (backend === "sqlite") {
        const db = join(dataDir, "server", "db");
        const files = await readdir(db);
        return (await Promise.all(files.map((f) => readFile(join(db, f), "latin1")))).join("\n");
      }
      const endpoint = s.proc.spawnargs[s.proc.spawnargs.indexOf("--datastore-endpoint") + 1];
      const { EtcdStore } = await import("../../src/storage/etcd/etcd-store.js");
      const raw = new EtcdStore({ endpoints: [endpoint] });
      try {
        return (await raw.list("/registry/")).items.map((kv) => `${kv.key}=${kv.value}`).join("\n");
      } finally {
        await raw.close();
      }
    }

    test("a Secret is not in the store in plain text; kubectl reads it; rotation rewrites it with the new key", async () => {
      const dataDir = join(dir, "data");
      const cfg = join(dir, "enc.yaml");
      await writeFile(cfg, config([["aescbc", "key1", key1]]));
      const kubeconfig = join(dataDir, "kubeconfig.yaml");
      const s = await startServer({
        backend,
        extraArgs: ["--data-dir", dataDir, "--encryption-provider-config", cfg],
      });
      const k = (...a: string[]) => s.kubectl(["--kubeconfig", kubeconfig, ...a]);
      try {
        ok(await k("create", "secret", "generic", "vault", "--from-literal=password=TOPSECRETVALUE42"));
        ok(await k("create", "configmap", "plain", "--from-literal=note=VISIBLENOTE42"));
        const got = JSON.parse(ok(await k("get", "secret", "vault", "-o", "json")));
        assert.equal(Buffer.from(got.data.password, "base64").toString(), "TOPSECRETVALUE42");
        const bytes = await stored(s, dataDir);
        assert.ok(
          !bytes.includes("TOPSECRETVALUE42") &&
            !bytes.includes(Buffer.from("TOPSECRETVALUE42").toString("base64")),
        );
        assert.ok(bytes.includes("k8s:enc:aescbc:v1:key1:"));
        assert.ok(bytes.includes("VISIBLENOTE42"), "resources not configured stay as they are");
        if (backend === "etcd") return; // a restart needs the same etcd: rotation is covered on SQLite
      } finally {
        if (backend === "sqlite") await stopKeepingData(s);
        else await s.stop();
      }
      // key2 first: old values still read with key1, and `kubectl replace` rewrites them with key2
      await writeFile(
        cfg,
        config([
          ["aesgcm", "key2", key2],
          ["aescbc", "key1", key1],
        ]),
      );
      const s2 = await startServer({
        backend,
        extraArgs: ["--data-dir", dataDir, "--encryption-provider-config", cfg],
      });
      const k2 = (...a: string[]) => s2.kubectl(["--kubeconfig", kubeconfig, ...a]);
      try {
        const all = ok(await k2("get", "secrets", "-A", "-o", "json"));
        ok(await s2.kubectl(["--kubeconfig", kubeconfig, "replace", "-f", "-"], { input: all }));
        const got = JSON.parse(ok(await k2("get", "secret", "vault", "-o", "json")));
        assert.equal(Buffer.from(got.data.password, "base64").toString(), "TOPSECRETVALUE42");
        await stopKeepingData(s2);
        const bytes = await stored(s2, dataDir);
        assert.ok(!bytes.includes("TOPSECRETVALUE42"));
        assert.match(bytes, /k8s:enc:aesgcm:v1:key2:/);
      } finally {
        await stopKeepingData(s2);
      }
    });
  });

/** Stops the server without removing the data dir given with --data-dir (the harness removes only its own). */
async function stopKeepingData(s: RunningServer): Promise<void> {
  if (s.proc.exitCode !== null) return;
  await s.stop();
}
