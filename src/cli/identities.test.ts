// The identities of the components `k8ts server` runs beside the control plane, against a real server with its
// bootstrap RBAC policy: each component works with its own certificate (the simulated nodes and the cloud
// controller manager as the server runs them; cluster DNS and the ingress controller in this process, since
// the server runs them only with an agent), and each is refused (403) what its role does not name.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { createSocket } from "node:dgram";
import { readFile } from "node:fs/promises";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import * as dnsPacket from "dns-packet";
import { startServer, eventually, type RunningServer } from "../../test/e2e/harness.js";
import { loadKubeconfig, type RestConfig } from "../client/rest/config.js";
import { RestClient } from "../client/rest/client.js";
import { ApiError } from "../client/rest/errors.js";
import { silentLogger } from "../client/log.js";
import { ensurePki } from "../apiserver/pki/pki.js";
import { createClusterDNS } from "../dns/index.js";
import { createIngressController, defaultIngressClass } from "../ingress/index.js";
import { clusterDNSCertificate, ingressControllerCertificate, restConfigWith } from "./identities.js";
import { componentContext } from "./components.js";

let server: RunningServer;
let base: RestConfig;
let admin: RestClient;
const clients: RestClient[] = [];

before(async () => {
  // the server's own simulated nodes and cloud controller manager run with their certificates
  server = await startServer({ extraArgs: ["--simulated-nodes", "2"] });
  base = await loadKubeconfig(server.kubeconfig);
  admin = new RestClient({ ...base, qps: 0, burst: 1000 });
});
after(async () => {
  admin?.close();
  for (const c of clients) c.close();
  await server?.stop();
});

/** A client with the certificate the server keeps in <data-dir>/server/tls/<file>.{crt,key}. */
async function clientWithFile(file: string): Promise<RestClient> {
  const dir = join(server.dataDir, "server", "tls");
  const c = new RestClient({
    ...base,
    cert: await readFile(join(dir, `${file}.crt`), "utf8"),
    key: await readFile(join(dir, `${file}.key`), "utf8"),
  });
  clients.push(c);
  return c;
}

/** The HTTP status of a request (200..299 as 200), 403 and 404 as values. */
async function status(c: RestClient, method: string, path: string, body?: unknown): Promise<number> {
  try {
    await c.raw(method, path, body);
    return 200;
  } catch (e) {
    if (e instanceof ApiError) return e.code;
    throw e;
  }
}

async function forbidden(c: RestClient, user: string, method: string, path: string, body?: unknown) {
  await assert.rejects(
    c.raw(method, path, body),
    (e: unknown) => e instanceof ApiError && e.code === 403 && e.message.includes(`User "${user}" cannot`),
    `${user} ${method} ${path} must be Forbidden`,
  );
}

const subjectOf = async (file: string) =>
  new X509Certificate(await readFile(join(server.dataDir, "server", "tls", `${file}.crt`))).subject;

test("simulated nodes register, renew their Leases and run pods as system:k8ts:simulated-nodes, and no more", async () => {
  const ready = await eventually(async () => {
    const nodes = await admin.raw<any>("GET", "/api/v1/nodes");
    const names = nodes.items
      .filter((n: any) => n.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True"))
      .map((n: any) => n.metadata.name as string);
    return names.length === 2 && names;
  }, 60_000);
  // the Leases are the simulated kubelets' first heartbeat after registration
  for (const name of ready)
    await eventually(async () => {
      const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`;
      return (await admin.raw<any>("GET", path)).spec.holderIdentity === name;
    });
  // a pod is scheduled onto a simulated node, reported Running by it, and removed by it once deleted
  await eventually(() => admin.raw("GET", "/api/v1/namespaces/default/serviceaccounts/default"), 60_000);
  await admin.raw("POST", "/api/v1/namespaces/default/pods", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "sim-pod" },
    spec: { containers: [{ name: "c", image: "busybox" }] },
  });
  await eventually(async () => {
    const p = await admin.raw<any>("GET", "/api/v1/namespaces/default/pods/sim-pod");
    return p.status?.phase === "Running" && ready.includes(p.spec.nodeName);
  }, 60_000);
  await admin.raw("DELETE", "/api/v1/namespaces/default/pods/sim-pod");
  await eventually(
    async () => (await status(admin, "GET", "/api/v1/namespaces/default/pods/sim-pod")) === 404,
    60_000,
  );

  // (written once the server is ready, before the component starts)
  assert.equal(await subjectOf("client-simulated-nodes"), "CN=system:k8ts:simulated-nodes");
  const sim = await clientWithFile("client-simulated-nodes");
  const user = "system:k8ts:simulated-nodes";
  assert.equal(await status(sim, "GET", "/api/v1/pods"), 200);
  await forbidden(sim, user, "GET", "/api/v1/secrets");
  await forbidden(sim, user, "GET", "/api/v1/namespaces/kube-system/configmaps");
  await forbidden(sim, user, "POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "sim-made" },
  });
  // Leases only in kube-node-lease: not the control plane's leader-election locks
  await forbidden(
    sim,
    user,
    "GET",
    "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler",
  );
  await forbidden(sim, user, "DELETE", `/api/v1/nodes/${ready[0]}`);
});

test("the cloud controller manager serves LoadBalancer Services as system:cloud-controller-manager, and no more", async () => {
  await admin.raw("POST", "/api/v1/namespaces/default/services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "lb" },
    spec: { type: "LoadBalancer", selector: { app: "lb" }, ports: [{ port: 80 }] },
  });
  const svc = await eventually(async () => {
    const s = await admin.raw<any>("GET", "/api/v1/namespaces/default/services/lb");
    return (s.status?.loadBalancer?.ingress?.length ?? 0) > 0 && s;
  }, 60_000);
  assert.ok(svc.metadata.finalizers.includes("service.kubernetes.io/load-balancer-cleanup"));
  const lease = await admin.raw<any>(
    "GET",
    "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/cloud-controller-manager",
  );
  assert.ok(lease.spec.holderIdentity);
  // its events are written with its identity too
  await eventually(async () => {
    const evs = await admin.raw<any>(
      "GET",
      "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=lb",
    );
    return evs.items.some((e: any) => e.reason === "EnsuredLoadBalancer");
  });

  assert.equal(await subjectOf("client-cloud-controller"), "CN=system:cloud-controller-manager");
  const ccm = await clientWithFile("client-cloud-controller");
  const user = "system:cloud-controller-manager";
  assert.equal(await status(ccm, "GET", "/api/v1/nodes"), 200);
  await forbidden(ccm, user, "GET", "/api/v1/namespaces/kube-system/secrets");
  await forbidden(ccm, user, "DELETE", "/api/v1/namespaces/default/pods/any");
  await forbidden(
    ccm,
    user,
    "GET",
    "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler",
  );
});

function udpQuery(port: number, name: string): Promise<dnsPacket.DecodedPacket & { rcode: string }> {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error(`no answer for ${name}`));
    }, 3000);
    sock.on("message", (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(dnsPacket.decode(msg) as dnsPacket.DecodedPacket & { rcode: string });
    });
    sock.send(
      dnsPacket.encode({ type: "query", id: 1, questions: [{ type: "A", name }] }),
      port,
      "127.0.0.1",
    );
  });
}

test("cluster DNS answers as system:k8ts:cluster-dns with CoreDNS's rights, and no more", async () => {
  const pki = await ensurePki(server.dataDir);
  const rest = restConfigWith(base, await clusterDNSCertificate(pki));
  assert.equal(await subjectOf("client-cluster-dns"), "CN=system:k8ts:cluster-dns");
  const ctx = componentContext(
    { rest, log: silentLogger, disabledControllers: [], controllerOptions: {} },
    "cluster-dns",
  );
  clients.push(ctx.client);
  const ac = new AbortController();
  const dns = createClusterDNS(ctx, { listen: "127.0.0.1:0", domain: "cluster.local", upstreams: [] });
  ctx.informers.start(ac.signal);
  const running = dns.run(ac.signal);
  try {
    const { port } = await dns.address();
    const kubernetes = await admin.raw<any>("GET", "/api/v1/namespaces/default/services/kubernetes");
    const answer = await eventually(async () => {
      const r = await udpQuery(port, "kubernetes.default.svc.cluster.local");
      return r.answers?.length ? r : undefined;
    });
    assert.deepEqual(
      answer.answers?.map((a: any) => a.data),
      [kubernetes.spec.clusterIP],
    );
    const user = "system:k8ts:cluster-dns";
    assert.equal(await status(ctx.client, "GET", "/apis/discovery.k8s.io/v1/endpointslices"), 200);
    await forbidden(ctx.client, user, "GET", "/api/v1/secrets");
    // system:coredns lists and watches; it neither gets one object nor writes
    await forbidden(ctx.client, user, "GET", "/api/v1/namespaces/default/services/kubernetes");
    await forbidden(ctx.client, user, "DELETE", "/api/v1/namespaces/default/services/lb");
  } finally {
    ac.abort();
    await running;
    await ctx.informers.stopped();
  }
});

function get(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: "127.0.0.1", port, path: "/", headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    r.on("error", reject);
    r.end();
  });
}

test("the ingress controller routes and reports status as system:k8ts:ingress-controller, and no more", async () => {
  const pki = await ensurePki(server.dataDir);
  const rest = restConfigWith(base, await ingressControllerCertificate(pki));
  assert.equal(await subjectOf("client-ingress-controller"), "CN=system:k8ts:ingress-controller");
  const user = "system:k8ts:ingress-controller";
  const ctx = componentContext(
    { rest, log: silentLogger, disabledControllers: [], controllerOptions: {} },
    "ingress-controller",
  );
  clients.push(ctx.client);
  // the class is installed with the server's identity, as runIngressController does
  await forbidden(
    ctx.client,
    user,
    "POST",
    "/apis/networking.k8s.io/v1/ingressclasses",
    defaultIngressClass(),
  );
  await admin.raw("POST", "/apis/networking.k8s.io/v1/ingressclasses", defaultIngressClass());
  await admin.raw("POST", "/api/v1/namespaces/default/services", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80 }] },
  });
  await admin.raw("POST", "/apis/networking.k8s.io/v1/namespaces/default/ingresses", {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web" },
    spec: {
      ingressClassName: "k8ts",
      rules: [
        {
          host: "web.example",
          http: {
            paths: [
              { path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } },
              {
                path: "/gone",
                pathType: "Prefix",
                backend: { service: { name: "gone", port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  });
  const ac = new AbortController();
  const c = createIngressController(ctx, {
    httpAddress: "127.0.0.1",
    httpPort: 0,
    httpsPort: 0,
    addresses: ["192.0.2.7"],
    ensureClass: false,
  });
  const running = c.run(ac.signal);
  ctx.informers.start(ac.signal);
  try {
    const { http } = await c.ports();
    // 503 (the Service has no ready endpoint), not the default backend's 404: the routing table was built,
    // which waits for the Ingress, IngressClass, Service, EndpointSlice and Secret caches to sync
    await eventually(async () => (await get(http, "web.example")) === 503);
    assert.equal(await get(http, "other.example"), 404);
    await eventually(async () => {
      const ing = await admin.raw<any>("GET", "/apis/networking.k8s.io/v1/namespaces/default/ingresses/web");
      return ing.status?.loadBalancer?.ingress?.[0]?.ip === "192.0.2.7";
    });
    const reasons = async () =>
      ((await admin.raw<any>("GET", "/api/v1/namespaces/default/events")).items as any[])
        .filter((e) => e.involvedObject?.kind === "Ingress" && e.involvedObject?.name === "web")
        .map((e) => e.reason as string);
    await eventually(async () => (await reasons()).includes("ServiceNotFound")).catch(async (e: unknown) => {
      throw new Error(`${String(e)}: events ${JSON.stringify(await reasons())}`);
    });
    await forbidden(ctx.client, user, "DELETE", "/api/v1/namespaces/default/pods/any");
    await forbidden(
      ctx.client,
      user,
      "PUT",
      "/apis/networking.k8s.io/v1/namespaces/default/ingresses/web",
      {},
    );
    await forbidden(ctx.client, user, "GET", "/api/v1/namespaces/default/configmaps");
  } finally {
    ac.abort();
    await running;
    await ctx.informers.stopped();
  }
});

test("the server's components met no Forbidden while they worked", () => {
  const denied = server
    .stderr()
    .split("\n")
    .filter((l) => /forbidden/i.test(l) && /simulated|cloud|kubelet|controller/i.test(l));
  assert.deepEqual(denied, []);
});
