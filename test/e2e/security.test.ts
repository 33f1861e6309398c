// The security issue's walkthrough with the real kubectl: a ServiceAccount with a namespaced Role, a token
// from `kubectl create token`, RBAC allowing and refusing with upstream's words, `auth can-i`, `auth whoami`.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startServer, ok, type RunningServer } from "./harness.js";

describe("RBAC and ServiceAccount tokens with kubectl", { concurrency: false }, () => {
  let s: RunningServer;
  let token = "";
  const k = (...args: string[]) => s.kubectl(args);
  // kubectl sends the kubeconfig's client certificate along with --token, and the server authenticates the
  // certificate first (as upstream; kubernetes/kubectl#1657): token users get a kubeconfig without one.
  let tokenConfig = "";
  const t = (...args: string[]) => s.kubectl(["--kubeconfig", tokenConfig, "--token", token, ...args]);

  before(async () => {
    s = await startServer({ extraArgs: ["--enable-admission-plugins", "ServiceAccount"] });
    tokenConfig = join(s.dataDir, "token-kubeconfig.yaml");
    await writeFile(
      tokenConfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: k8ts\n  cluster:\n    server: ${s.url}\n    certificate-authority: ${join(s.dataDir, "server/tls/server-ca.crt")}`,
        "users:\n- name: sa\n  user: {}",
        "contexts:\n- name: sa\n  context:\n    cluster: k8ts\n    user: sa",
        "current-context: sa",
        "",
      ].join("\n"),
    );
  });
  after(async () => {
    await s?.stop();
  });

  test("an administrator sets up a ServiceAccount with a Role and gets a token for it", async () => {
    ok(await k("create", "namespace", "dev"));
    ok(await k("create", "serviceaccount", "reader", "-n", "dev"));
    ok(await k("create", "role", "pod-reader", "-n", "dev", "--verb=get,list,watch", "--resource=pods"));
    ok(
      await k(
        "create",
        "rolebinding",
        "reader",
        "-n",
        "dev",
        "--role=pod-reader",
        "--serviceaccount=dev:reader",
      ),
    );
    token = ok(await k("create", "token", "reader", "-n", "dev"));
    assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test("the token may list pods and is refused secrets with upstream's message", async () => {
    const pods = await t("-n", "dev", "get", "pods");
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stderr, /No resources found in dev namespace/);
    const secrets = await t("-n", "dev", "get", "secrets");
    assert.equal(secrets.code, 1);
    assert.equal(
      secrets.stderr.trim(),
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:dev:reader" cannot list resource "secrets" in API group "" in the namespace "dev"',
    );
  });

  test("auth can-i answers for an impersonated ServiceAccount", async () => {
    const no = await k(
      "auth",
      "can-i",
      "list",
      "secrets",
      "-n",
      "dev",
      "--as=system:serviceaccount:dev:reader",
    );
    assert.equal(no.code, 1);
    assert.equal(no.stdout.trim(), "no");
    const yes = await k(
      "auth",
      "can-i",
      "watch",
      "pods",
      "-n",
      "dev",
      "--as=system:serviceaccount:dev:reader",
    );
    assert.equal(yes.code, 0, yes.stderr);
    assert.equal(yes.stdout.trim(), "yes");
    const list = ok(await t("auth", "can-i", "--list", "-n", "dev"));
    assert.match(list, /^pods\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    assert.match(list, /selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]/);
  });

  test("auth whoami shows the ServiceAccount identity", async () => {
    const who = ok(await t("auth", "whoami"));
    assert.match(who, /Username\s+system:serviceaccount:dev:reader/);
    assert.match(who, /Groups\s+\[system:serviceaccounts system:serviceaccounts:dev system:authenticated\]/);
  });

  test("impersonation needs the impersonate verb", async () => {
    const r = await t("-n", "dev", "get", "pods", "--as=bob");
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): users "bob" is forbidden: User "system:serviceaccount:dev:reader" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  test("PodSecurity restricted refuses a privileged pod with upstream's message", async () => {
    ok(await k("create", "namespace", "locked"));
    ok(await k("label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted"));
    const r = await s.kubectl(["apply", "-n", "locked", "-f", "-"], {
      input: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "root" },
        spec: { containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }] },
      }),
    });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): error when creating "STDIN": pods "root" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
  });

  test("a ResourceQuota blocks the pod that would exceed it", async () => {
    ok(await k("create", "quota", "two-pods", "-n", "dev", "--hard=pods=1"));
    ok(await k("run", "one", "-n", "dev", "--image=busybox"));
    const r = await k("run", "two", "-n", "dev", "--image=busybox");
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): pods "two" is forbidden: exceeded quota: two-pods, requested: pods=1, used: pods=1, limited: pods=1',
    );
  });

  test("the ServiceAccount admission plugin mounts the token volume", async () => {
    const pod = JSON.parse(ok(await k("get", "pod", "one", "-n", "dev", "-o", "json"))) as {
      spec: { serviceAccountName: string; containers: { volumeMounts: { mountPath: string }[] }[] };
    };
    assert.equal(pod.spec.serviceAccountName, "default");
    assert.deepEqual(
      pod.spec.containers[0].volumeMounts.map((m) => m.mountPath),
      ["/var/run/secrets/kubernetes.io/serviceaccount"],
    );
  });

  test("a token stops working once its ServiceAccount is deleted", async () => {
    ok(await k("delete", "serviceaccount", "reader", "-n", "dev"));
    let r = await t("-n", "dev", "get", "pods");
    for (let i = 0; i < 20 && r.code === 0; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      r = await t("-n", "dev", "get", "pods");
    }
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: You must be logged in to the server \(Unauthorized\)/);
  });
});
