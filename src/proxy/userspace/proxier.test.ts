// The userspace proxier against a real k8ts server, with backends on 127.0.0.x listeners this test starts:
// TCP connections are spread over ready endpoints, UDP datagrams are relayed, a not-ready endpoint stops
// receiving connections (pod IPs are mapped to the 127.0.0.x backends, as for the process runtime), no endpoints resets connections, a deleted Service closes its listener.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect, type Server } from "node:net";
import { createSocket, type Socket } from "node:dgram";
import { once } from "node:events";
import { startServer, type RunningServer } from "../../../test/e2e/harness.js";
import { loadKubeconfig } from "../../client/rest/config.js";
import { RestClient } from "../../client/rest/client.js";
import { SharedInformerFactory } from "../../client/informer/factory.js";
import { clientFor } from "../../client/index.js";
import { silentLogger } from "../../client/log.js";
import { services } from "../../api/core/v1/service.js";
import { endpointSlices } from "../../api/discovery/v1/endpointslice.js";
import { UserspaceProxier } from "./proxier.js";

let server: RunningServer;
let rest: RestClient;
let proxier: UserspaceProxier;
let running: Promise<void>;
const abort = new AbortController();
const backends: Server[] = [];
let udpBackend: Socket;
let port = 0;

async function tcpBackend(host: string, p: number): Promise<number> {
  const s = createServer((c) => c.end(host));
  s.listen(p, host);
  await once(s, "listening");
  backends.push(s);
  return (s.address() as { port: number }).port;
}

function ask(addr: { host: string; port: number }): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(addr.port, addr.host);
    let d = "";
    s.on("data", (x: Buffer) => (d += x.toString()));
    s.on("end", () => resolve(d));
    s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
  });
}

async function until<T>(f: () => Promise<T> | T, ok: (v: T) => boolean): Promise<T> {
  let v = await f();
  for (let i = 0; i < 200 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 25));
    v = await f();
  }
  return v;
}

before(async () => {
  port = await tcpBackend("127.0.0.2", 0);
  await tcpBackend("127.0.0.3", port);
  udpBackend = createSocket("udp4");
  udpBackend.on("message", (m, from) =>
    udpBackend.send(`127.0.0.2:${m.toString()}`, from.port, from.address),
  );
  udpBackend.bind(port, "127.0.0.2");
  await once(udpBackend, "listening");

  // this test writes the LoadBalancer status itself, as a cloud controller manager would
  server = await startServer({ extraArgs: ["--disable-controller-manager", "--disable-cloud-controller"] });
  rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 500, burst: 1000 });
  const informers = new SharedInformerFactory(rest);
  // Cluster IPs are not local here: each Service port is served on a free loopback port instead.
  proxier = new UserspaceProxier(
    { informers, log: silentLogger },
    {
      nodeName: "node-a",
      listenFor: () => ({ host: "127.0.0.1", port: 0 }),
      // Load balancer IPs (192.0.2.x here) are not local either: served on a free loopback port.
      listenForLoadBalancer: () => ({ host: "127.0.0.1", port: 0 }),
      // Pod IPs 10.42.0.x are reached on 127.0.0.x, as the process runtime's pods listen there.
      endpointAddress: (ip, p) => ({ ip: ip.replace(/^10\.42\.0\./, "127.0.0."), port: p }),
    },
  );
  informers.start(abort.signal);
  running = proxier.run(abort.signal);
});

after(async () => {
  abort.abort();
  await running;
  for (const b of backends) b.close();
  udpBackend?.close();
  rest?.close();
  await server?.stop();
});

test("TCP and UDP through the Service follow its ready endpoints", async () => {
  await clientFor(rest, services).create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: {
      selector: { app: "web" },
      ports: [
        { name: "http", port: 80, protocol: "TCP" },
        { name: "dns", port: 53, protocol: "UDP" },
      ],
    },
  });
  const slices = clientFor(rest, endpointSlices);
  const slice = await slices.create("default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "web-1", labels: { "kubernetes.io/service-name": "web" } },
    addressType: "IPv4",
    endpoints: [
      { addresses: ["10.42.0.2"], conditions: { ready: true } },
      { addresses: ["10.42.0.3"], conditions: { ready: true } },
    ],
    ports: [
      { name: "http", protocol: "TCP", port },
      { name: "dns", protocol: "UDP", port },
    ],
  });

  const http = await until(
    () => proxier.addressOf("default/web:http"),
    (a) => a !== undefined,
  );
  assert.ok(http, "the TCP port is served");
  const replies = new Set<string>();
  for (let i = 0; i < 4; i++)
    replies.add(
      await until(
        () => ask(http),
        (r) => r.startsWith("127."),
      ),
    );
  assert.deepEqual([...replies].sort(), ["127.0.0.2", "127.0.0.3"]);

  const dns = proxier.addressOf("default/web:dns", "UDP");
  assert.ok(dns, "the UDP port is served");
  const client = createSocket("udp4");
  client.bind(0, "127.0.0.1");
  await once(client, "listening");
  const reply = once(client, "message");
  client.send("ping", dns.port, dns.host);
  const [msg] = (await reply) as [Buffer];
  assert.match(msg.toString(), /^127\.0\.0\.[23]:ping$/);
  client.close();

  // 127.0.0.3 turns not ready: every new connection goes to 127.0.0.2.
  const updated = await slices.update("default", "web-1", {
    ...slice,
    endpoints: [
      { addresses: ["10.42.0.2"], conditions: { ready: true } },
      { addresses: ["10.42.0.3"], conditions: { ready: false } },
    ],
  });
  const four = async () => (await Promise.all([ask(http), ask(http), ask(http), ask(http)])).join(",");
  assert.equal(
    await until(four, (r) => r === "127.0.0.2,127.0.0.2,127.0.0.2,127.0.0.2"),
    "127.0.0.2,127.0.0.2,127.0.0.2,127.0.0.2",
  );

  // No endpoints: the connection is reset at once.
  await slices.update("default", "web-1", { ...updated, endpoints: [] });
  assert.equal(
    await until(
      () => ask(http),
      (r) => r === "ECONNRESET",
    ),
    "ECONNRESET",
  );

  // The Service goes: its listener closes.
  await clientFor(rest, services).delete("default", "web");
  assert.equal(
    await until(
      () => ask(http),
      (r) => r === "ECONNREFUSED",
    ),
    "ECONNREFUSED",
  );
  assert.equal(proxier.addressOf("default/web:http"), undefined);
});

test("a LoadBalancer Service is also served for its status.loadBalancer.ingress IP, limited by source ranges", async () => {
  const svcs = clientFor(rest, services);
  await svcs.create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "lb" },
    spec: { type: "LoadBalancer", ports: [{ name: "http", port: 80, protocol: "TCP" }] },
  });
  await clientFor(rest, endpointSlices).create("default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "lb-1", labels: { "kubernetes.io/service-name": "lb" } },
    addressType: "IPv4",
    endpoints: [{ addresses: ["10.42.0.3"], conditions: { ready: true } }],
    ports: [{ name: "http", protocol: "TCP", port }],
  });
  assert.equal(proxier.addressOfLoadBalancer("default/lb:http", "192.0.2.10"), undefined);
  await svcs.patch(
    "default",
    "lb",
    "merge",
    { status: { loadBalancer: { ingress: [{ ip: "192.0.2.10", ipMode: "VIP" }] } } },
    { subresource: "status" },
  );
  const at = await until(
    () => proxier.addressOfLoadBalancer("default/lb:http", "192.0.2.10"),
    (a) => a !== undefined,
  );
  assert.ok(at);
  assert.notDeepEqual(at, proxier.addressOf("default/lb:http"), "a listener of its own");
  assert.equal(
    await until(
      () => ask(at),
      (r) => r === "127.0.0.3",
    ),
    "127.0.0.3",
  );

  // Source ranges that exclude this client (127.0.0.1) reset its connections; one that covers it lets it in.
  const cur = await svcs.get("default", "lb");
  await svcs.update("default", "lb", {
    ...cur,
    spec: { ...cur.spec, loadBalancerSourceRanges: ["192.0.2.0/24"] },
  });
  assert.equal(
    await until(
      () => ask(at),
      (r) => r === "ECONNRESET",
    ),
    "ECONNRESET",
  );
  const cur2 = await svcs.get("default", "lb");
  await svcs.update("default", "lb", {
    ...cur2,
    spec: { ...cur2.spec, loadBalancerSourceRanges: ["127.0.0.0/8"] },
  });
  assert.equal(
    await until(
      () => ask(at),
      (r) => r === "127.0.0.3",
    ),
    "127.0.0.3",
  );

  // The status loses the IP: its listener closes.
  await svcs.patch(
    "default",
    "lb",
    "merge",
    { status: { loadBalancer: { ingress: null } } },
    { subresource: "status" },
  );
  assert.equal(
    await until(
      () => proxier.addressOfLoadBalancer("default/lb:http", "192.0.2.10"),
      (a) => a === undefined,
    ),
    undefined,
  );
});
