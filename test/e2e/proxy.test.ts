// pods/proxy and services/proxy with the real kubectl: `kubectl get --raw` through an in-process API server
// whose stand-in pod listens on loopback, and upstream's refusal of a loopback pod IP by `k8ts server`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer as createHttpsServer } from "node:https";
import { startHarness, adminToken } from "../../src/apiserver/testing/harness.js";
import { generateCa } from "../../src/apiserver/pki/pki.js";
import { ok, runKubectl, startServer } from "./harness.js";

const pod = (port: number) => ({
  metadata: { name: "web" },
  spec: { containers: [{ name: "c", image: "busybox", ports: [{ name: "http", containerPort: port }] }] },
});

test("kubectl get --raw .../pods/NAME:PORT/proxy/ reaches the pod, path and query kept", async () => {
  const backend = createServer((req, res) => res.end(`hello from ${req.url}`));
  backend.listen(0, "127.0.0.1");
  await once(backend, "listening");
  const port = (backend.address() as { port: number }).port;
  const h = await startHarness({ podProxyAddressAllowed: () => true });
  // kubectl sends its token only over TLS: the same API server, mounted on https too
  const ca = await generateCa("apiserver");
  const tls = createHttpsServer({ cert: ca.cert, key: ca.key }, h.api.handler);
  tls.listen(0, "127.0.0.1");
  await once(tls, "listening");
  const server = `https://127.0.0.1:${(tls.address() as { port: number }).port}`;
  const dir = await mkdtemp(join(tmpdir(), "k8ts-proxy-kubectl-"));
  try {
    assert.equal((await h.req("POST", "/api/v1/namespaces/default/pods", { body: pod(port) })).status, 201);
    const status = await h.req("PATCH", "/api/v1/namespaces/default/pods/web/status", {
      contentType: "application/merge-patch+json",
      body: { status: { podIP: "127.0.0.1", podIPs: [{ ip: "127.0.0.1" }] } },
    });
    assert.equal(status.status, 200, status.text);
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "h", cluster: { server, "insecure-skip-tls-verify": true } }],
        users: [{ name: "admin", user: { token: adminToken } }],
        contexts: [{ name: "h", context: { cluster: "h", user: "admin" } }],
        "current-context": "h",
      }),
    );
    const cache = join(dir, "home", ".kube", "cache");
    const k = (...args: string[]) => runKubectl(kubeconfig, cache, args);
    assert.equal(
      ok(await k("get", "--raw", `/api/v1/namespaces/default/pods/web:${port}/proxy/`)),
      "hello from /",
    );
    assert.equal(
      ok(await k("get", "--raw", "/api/v1/namespaces/default/pods/web:http/proxy/metrics?x=1")),
      "hello from /metrics?x=1",
    );
  } finally {
    tls.closeAllConnections();
    tls.close();
    await h.stop();
    backend.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("k8ts server refuses a loopback pod IP with upstream's words, and a service without endpoints", async () => {
  const s = await startServer();
  try {
    const file = join(s.dataDir, "pod.json");
    await writeFile(file, JSON.stringify({ apiVersion: "v1", kind: "Pod", ...pod(8080) }));
    ok(await s.kubectl(["create", "-f", file]));
    ok(
      await s.kubectl([
        "patch",
        "pod",
        "web",
        "--subresource=status",
        "--type=merge",
        "-p",
        JSON.stringify({ status: { podIP: "127.0.0.1", podIPs: [{ ip: "127.0.0.1" }] } }),
      ]),
    );
    const r = await s.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/web:8080/proxy/"]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(BadRequest\): address not allowed/);
    ok(await s.kubectl(["create", "service", "clusterip", "lonely", "--tcp=80:8080"]));
    const svc = await s.kubectl(["get", "--raw", "/api/v1/namespaces/default/services/lonely:80/proxy/"]);
    assert.notEqual(svc.code, 0);
    assert.match(
      svc.stderr,
      /Error from server \(ServiceUnavailable\): no endpoints available for service "lonely"/,
    );
  } finally {
    await s.stop();
  }
});
