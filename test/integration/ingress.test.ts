// The ingress controller against a real API server: Ingress, IngressClass, Services, EndpointSlices and a
// TLS Secret created through the API; real HTTP backends listening on addresses of a test bridge
// (registered as EndpointSlice addresses); requests sent to the controller's ports on 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import { once } from "node:events";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { startTestCluster, eventually, type TestCluster } from "../../src/controllers/util/testcluster.js";
import { clientFor } from "../../src/client/index.js";
import { services } from "../../src/api/core/v1/service.js";
import { secrets } from "../../src/api/core/v1/secret.js";
import { events } from "../../src/api/core/v1/event.js";
import { endpointSlices } from "../../src/api/discovery/v1/endpointslice.js";
import { ingresses } from "../../src/api/networking/v1/ingress.js";
import { ingressClasses } from "../../src/api/networking/v1/ingressclass.js";
import { createIngressController } from "../../src/ingress/index.js";
import { createTestBridge, whySkipNet, type TestBridge } from "./netfixture.js";

const run = promisify(execFile);
const skip = await whySkipNet();

let c: TestCluster;
let bridge: TestBridge;
let ports: { http: number; https: number };
let running: Promise<void>;
let cert = "";
const backends: http.Server[] = [];
const ns = "default";

async function backend(host: string, name: string, port = 0): Promise<number> {
  const s = http.createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ backend: name, host, url: req.url, headers: req.headers }));
  });
  s.on("upgrade", (_req, sock: Socket) => {
    sock.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
    sock.on("data", (d: Buffer) => sock.write(`${name}:${d.toString()}`));
  });
  s.listen(port, host);
  await once(s, "listening");
  backends.push(s);
  return (s.address() as AddressInfo).port;
}

const svc = (name: string, port: number, targetPort: number) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { ports: [{ name: "http", port, targetPort }] },
});
const slice = (svcName: string, port: number, ips: string[], ready = true) => ({
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { name: `${svcName}-1`, labels: { "kubernetes.io/service-name": svcName } },
  addressType: "IPv4",
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready } })),
  ports: [{ name: "http", port, protocol: "TCP" }],
});

function request(
  host: string,
  p: string,
  o: { agent?: http.Agent; tls?: boolean; servername?: string } = {},
): Promise<{ status: number; json: any; reused: boolean; peerCN?: string }> {
  return new Promise((resolve, reject) => {
    const mod = o.tls ? https : http;
    const req = mod.request(
      {
        host: "127.0.0.1",
        port: o.tls ? ports.https : ports.http,
        path: p,
        agent: o.agent,
        headers: { host },
        ...(o.tls ? { servername: o.servername ?? host, ca: cert } : {}),
      },
      (res) => {
        let text = "";
        const peer = o.tls ? (res.socket as TLSSocket).getPeerCertificate().subject?.CN : undefined;
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, reused: req.reusedSocket, peerCN: peer as string });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

before(async () => {
  if (skip) return;
  bridge = await createTestBridge(4);
  const [ip1, ip2, ip3, ip4] = bridge.addresses;
  const webPort = await backend(ip1, "web-1");
  await backend(ip2, "web-2", webPort);
  const apiPort = await backend(ip3, "api");
  // ip4 has nothing listening on webPort: connections to it are refused.

  const dir = await mkdtemp(path.join(os.tmpdir(), "k8ts-ingress-"));
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=app.example.test",
    "-addext",
    "subjectAltName=DNS:app.example.test",
    "-keyout",
    path.join(dir, "tls.key"),
    "-out",
    path.join(dir, "tls.crt"),
  ]);
  cert = await readFile(path.join(dir, "tls.crt"), "utf8");
  const key = await readFile(path.join(dir, "tls.key"), "utf8");
  await rm(dir, { recursive: true, force: true });

  c = await startTestCluster();
  const svcs = clientFor(c.ctx.client, services);
  const sl = clientFor(c.ctx.client, endpointSlices);
  await svcs.create(ns, svc("web", 80, webPort));
  await svcs.create(ns, svc("api", 8080, apiPort));
  await svcs.create(ns, svc("empty", 80, 8080));
  await sl.create(ns, slice("web", webPort, [ip1, ip2, ip4]));
  await sl.create(ns, slice("api", apiPort, [ip3]));
  await clientFor(c.ctx.client, secrets).create(ns, {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "app-tls" },
    type: "kubernetes.io/tls",
    data: { "tls.crt": Buffer.from(cert).toString("base64"), "tls.key": Buffer.from(key).toString("base64") },
  });
  const path$ = (p: string, pathType: string, service: string, port: number) => ({
    path: p,
    pathType,
    backend: { service: { name: service, port: { number: port } } },
  });
  await clientFor(c.ctx.client, ingresses).create(ns, {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "app" },
    spec: {
      tls: [{ hosts: ["app.example.test"], secretName: "app-tls" }],
      rules: [
        {
          host: "app.example.test",
          http: { paths: [path$("/api", "Prefix", "api", 8080), path$("/", "Prefix", "web", 80)] },
        },
        { host: "*.wild.test", http: { paths: [path$("/", "Prefix", "api", 8080)] } },
        { host: "empty.example.test", http: { paths: [path$("/", "Prefix", "empty", 80)] } },
      ],
    },
  });

  const ctl = createIngressController(c.ctx, {
    httpAddress: "127.0.0.1",
    httpPort: 0,
    httpsPort: 0,
    addresses: ["127.0.0.1"],
  });
  c.start();
  running = ctl.run(c.signal);
  ports = await ctl.ports();
  // Routed once the controller has seen everything.
  await eventually(async () => (await request("app.example.test", "/api")).status === 200);
});

after(async () => {
  if (skip) return;
  await c?.stop();
  await running;
  for (const s of backends) {
    s.closeAllConnections();
    s.close();
  }
  await bridge?.remove();
});

test(
  "the default IngressClass k8ts is created and the Ingress status gets the node address",
  { skip },
  async () => {
    const cls = await clientFor(c.ctx.client, ingressClasses).get("", "k8ts");
    assert.equal(cls.spec.controller, "k8ts.io/ingress");
    assert.equal(cls.metadata.annotations["ingressclass.kubernetes.io/is-default-class"], "true");
    const ing = await eventually(async () => {
      const i = await clientFor(c.ctx.client, ingresses).get(ns, "app");
      return i.status?.loadBalancer?.ingress?.length ? i : undefined;
    });
    assert.deepEqual(ing.status.loadBalancer.ingress, [{ ip: "127.0.0.1" }]);
  },
);

test(
  "requests are routed by host and path, balanced over ready endpoints, refused ones retried",
  { skip },
  async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await request("app.example.test", "/index.html");
      assert.equal(r.status, 200);
      assert.match(r.json.backend, /^web-/);
      assert.equal(r.json.headers["x-forwarded-host"], "app.example.test");
      assert.equal(r.json.headers["x-forwarded-proto"], "http");
      assert.equal(r.json.headers["x-forwarded-for"], "127.0.0.1");
      seen.add(r.json.backend);
    }
    assert.deepEqual([...seen].sort(), ["web-1", "web-2"]);
    assert.equal((await request("app.example.test", "/api/users")).json.backend, "api");
    assert.match((await request("app.example.test", "/apis")).json.backend, /^web-/);
    assert.equal((await request("x.wild.test", "/")).json.backend, "api");
    assert.equal((await request("a.b.wild.test", "/")).status, 404);
    assert.equal((await request("unknown.test", "/")).status, 404);
    assert.equal((await request("empty.example.test", "/")).status, 503);
  },
);

test("HTTPS with the certificate from the Secret, chosen by SNI", { skip }, async () => {
  const r = await request("app.example.test", "/api/x", { tls: true });
  assert.equal(r.status, 200);
  assert.equal(r.peerCN, "app.example.test");
  assert.equal(r.json.backend, "api");
  assert.equal(r.json.headers["x-forwarded-proto"], "https");
  await assert.rejects(request("other.example.test", "/", { tls: true, servername: "other.example.test" }));
});

test("client connections are kept alive", { skip }, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const reused = [];
  for (let i = 0; i < 4; i++) reused.push((await request("app.example.test", "/", { agent })).reused);
  agent.destroy();
  assert.deepEqual(reused, [false, true, true, true]);
});

test("a WebSocket upgrade is passed through to the backend", { skip }, async () => {
  const req = http.request({
    host: "127.0.0.1",
    port: ports.http,
    path: "/api/ws",
    headers: { host: "app.example.test", connection: "Upgrade", upgrade: "websocket" },
  });
  req.end();
  const [res, sock] = (await once(req, "upgrade")) as [http.IncomingMessage, Socket];
  assert.equal(res.statusCode, 101);
  sock.write("hello");
  const [d] = (await once(sock, "data")) as [Buffer];
  assert.equal(d.toString(), "api:hello");
  sock.destroy();
});

test(
  "an Ingress pointing at a missing Service or Secret gets Warning events; others keep working",
  { skip },
  async () => {
    await clientFor(c.ctx.client, ingresses).create(ns, {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "broken" },
      spec: {
        ingressClassName: "k8ts",
        tls: [{ hosts: ["broken.example.test"], secretName: "no-such-secret" }],
        rules: [
          {
            host: "broken.example.test",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "nope", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    const evs = await eventually(async () => {
      const l = (await clientFor<any>(c.ctx.client, events).list(ns)).items.filter(
        (e: any) => e.involvedObject?.name === "broken" && e.type === "Warning",
      );
      return l.length >= 2 ? l : undefined;
    });
    const reasons = evs.map((e: any) => `${e.reason}: ${e.message}`).sort();
    assert.deepEqual(reasons, [
      'SecretNotFound: secret "default/no-such-secret" not found',
      'ServiceNotFound: service "default/nope" not found',
    ]);
    assert.equal((await request("broken.example.test", "/")).status, 503);
    assert.equal((await request("app.example.test", "/api")).json.backend, "api");
  },
);
