// Cluster DNS against a real k8ts server: Services and EndpointSlices created through the API, queries sent
// over UDP and TCP to the DNS server on loopback. Only cluster names are asked; forwarding is off ([]).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import * as dnsPacket from "dns-packet";
import { startServer, type RunningServer } from "../../test/e2e/harness.js";
import { loadKubeconfig } from "../client/rest/config.js";
import { RestClient } from "../client/rest/client.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { clientFor } from "../client/index.js";
import { silentLogger } from "../client/log.js";
import { services } from "../api/core/v1/service.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import { createClusterDNS } from "./server.js";

/** dns-packet decodes the rcode, its types leave it out. */
type Reply = dnsPacket.DecodedPacket & { rcode: string };

let server: RunningServer;
let port = 0;
const abort = new AbortController();
let running: Promise<void>;
let rest: RestClient;

function udpQuery(name: string, type: dnsPacket.RecordType, raw?: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = createSocket("udp4");
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error(`no UDP answer for ${name}`));
    }, 5000);
    sock.on("message", (msg) => {
      clearTimeout(timer);
      sock.close();
      resolve(dnsPacket.decode(msg) as Reply);
    });
    const q =
      raw ??
      dnsPacket.encode({
        type: "query",
        id: 4242,
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type, name, class: "IN" }],
      });
    sock.send(q, port, "127.0.0.1");
  });
}

function tcpQuery(name: string, type: dnsPacket.RecordType): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, "127.0.0.1");
    let buf = Buffer.alloc(0);
    sock.on("error", reject);
    sock.on("connect", () =>
      sock.write(dnsPacket.streamEncode({ type: "query", id: 7, questions: [{ type, name, class: "IN" }] })),
    );
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        sock.end();
        resolve(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))) as Reply);
      }
    });
  });
}

/** Asks until the answer has records (the informer cache trails the API by a moment). */
async function eventually(name: string, type: dnsPacket.RecordType): Promise<Reply> {
  for (let i = 0; ; i++) {
    const r = await udpQuery(name, type);
    if ((r.answers?.length ?? 0) > 0 || i > 100) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
}

const data = (p: dnsPacket.DecodedPacket) => (p.answers ?? []).map((a) => (a as { data: unknown }).data);

before(async () => {
  server = await startServer({ extraArgs: ["--disable-controller-manager"] });
  rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 500, burst: 1000 });
  const informers = new SharedInformerFactory(rest);
  const dns = createClusterDNS(
    { informers, log: silentLogger },
    { listen: "127.0.0.1:0", domain: "cluster.local", upstreams: [] },
  );
  informers.start(abort.signal);
  running = dns.run(abort.signal);
  port = (await dns.address()).port;

  const svcs = clientFor(rest, services);
  await svcs.create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
  });
  await svcs.create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "db" },
    spec: { clusterIP: "None", selector: { app: "db" }, ports: [{ name: "pg", port: 5432 }] },
  });
  await svcs.create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "ext" },
    spec: { type: "ExternalName", externalName: "db.example.test" },
  });
  await clientFor(rest, endpointSlices).create("default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "db-1", labels: { "kubernetes.io/service-name": "db" } },
    addressType: "IPv4",
    endpoints: [
      { addresses: ["10.42.0.5"], hostname: "db-0", conditions: { ready: true } },
      { addresses: ["10.42.0.6"], conditions: { ready: true } },
      { addresses: ["10.42.0.7"], conditions: { ready: false } },
    ],
    ports: [{ name: "pg", protocol: "TCP", port: 5432 }],
  });
});

after(async () => {
  abort.abort();
  await running;
  rest?.close();
  await server?.stop();
});

test("A for a ClusterIP Service is its cluster IP, over UDP and TCP", async () => {
  const svc = await clientFor(rest, services).get("default", "web");
  const udp = await eventually("web.default.svc.cluster.local", "A");
  assert.equal(udp.rcode, "NOERROR");
  assert.equal(udp.flag_aa, true);
  assert.equal(udp.id, 4242);
  assert.deepEqual(data(udp), [svc.spec.clusterIP]);
  const tcp = await tcpQuery("web.default.svc.cluster.local", "A");
  assert.deepEqual(data(tcp), [svc.spec.clusterIP]);
  assert.equal((tcp.answers?.[0] as { ttl: number }).ttl, 5);
});

test("the kubernetes Service resolves at the first service address", async () => {
  const r = await eventually("kubernetes.default.svc.cluster.local", "A");
  assert.deepEqual(data(r), ["10.43.0.1"]);
  const ptr = await udpQuery("1.0.43.10.in-addr.arpa", "PTR");
  assert.deepEqual(data(ptr), ["kubernetes.default.svc.cluster.local"]);
});

test("headless Service: ready endpoints, per-endpoint names, SRV", async () => {
  const a = await eventually("db.default.svc.cluster.local", "A");
  assert.deepEqual((data(a) as string[]).sort(), ["10.42.0.5", "10.42.0.6"]);
  assert.deepEqual(data(await udpQuery("db-0.db.default.svc.cluster.local", "A")), ["10.42.0.5"]);
  assert.deepEqual(data(await tcpQuery("10-42-0-6.db.default.svc.cluster.local", "A")), ["10.42.0.6"]);
  assert.equal((await udpQuery("10-42-0-7.db.default.svc.cluster.local", "A")).rcode, "NXDOMAIN");
  const srv = await udpQuery("_pg._tcp.db.default.svc.cluster.local", "SRV");
  assert.deepEqual((data(srv) as dnsPacket.SrvData[]).map((d) => `${d.port} ${d.target}`).sort(), [
    "5432 10-42-0-6.db.default.svc.cluster.local",
    "5432 db-0.db.default.svc.cluster.local",
  ]);
  assert.equal(srv.additionals?.filter((x) => x.type === "A").length, 2);
});

test("SRV over UDP without EDNS: names are compressed, so several endpoints fit in 512 bytes", async () => {
  const svcs = clientFor(rest, services);
  await svcs.create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "a-rather-long-headless-service-name" },
    spec: { clusterIP: "None", selector: { app: "many" }, ports: [{ name: "http", port: 80 }] },
  });
  await clientFor(rest, endpointSlices).create("default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: "many-1",
      labels: { "kubernetes.io/service-name": "a-rather-long-headless-service-name" },
    },
    addressType: "IPv4",
    endpoints: [5, 6, 7].map((i) => ({ addresses: [`10.42.1.${i}`], conditions: { ready: true } })),
    ports: [{ name: "http", protocol: "TCP", port: 80 }],
  });
  const name = "_http._tcp.a-rather-long-headless-service-name.default.svc.cluster.local";
  const srv = await eventually(name, "SRV");
  assert.equal(srv.flag_tc, false);
  assert.equal(srv.answers?.length, 3);
  assert.equal(srv.additionals?.filter((x) => x.type === "A").length, 3);
  assert.equal((await tcpQuery(name, "SRV")).additionals?.filter((x) => x.type === "A").length, 3);
});

test("SRV for a named port of a ClusterIP Service", async () => {
  await eventually("web.default.svc.cluster.local", "A");
  const srv = await udpQuery("_http._tcp.web.default.svc.cluster.local", "SRV");
  assert.deepEqual(data(srv), [
    { priority: 0, weight: 100, port: 80, target: "web.default.svc.cluster.local" },
  ]);
});

test("ExternalName is a CNAME; pod names answer their address", async () => {
  const r = await eventually("ext.default.svc.cluster.local", "A");
  assert.deepEqual(
    (r.answers ?? []).map((x) => [x.type, (x as { data: unknown }).data]),
    [["CNAME", "db.example.test"]],
  );
  assert.deepEqual(data(await udpQuery("10-42-0-9.default.pod.cluster.local", "A")), ["10.42.0.9"]);
});

test("missing names are NXDOMAIN with the SOA; existing names without the type are NODATA", async () => {
  await eventually("web.default.svc.cluster.local", "A");
  const nx = await udpQuery("missing.default.svc.cluster.local", "A");
  assert.equal(nx.rcode, "NXDOMAIN");
  assert.equal(nx.authorities?.[0]?.type, "SOA");
  const nodata = await udpQuery("web.default.svc.cluster.local", "AAAA");
  assert.equal(nodata.rcode, "NOERROR");
  assert.equal(nodata.answers?.length, 0);
  const absurd = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(40)}.svc.cluster.local`;
  assert.equal((await udpQuery(absurd, "A")).rcode, "NXDOMAIN");
});

test("malformed queries get FORMERR and the server keeps answering", async () => {
  const garbage = Buffer.from([
    0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3f, 0x61,
  ]);
  const r = await udpQuery("", "A", garbage);
  assert.equal(r.id, 0x1234);
  assert.equal(r.rcode, "FORMERR");
  assert.equal((await eventually("web.default.svc.cluster.local", "A")).rcode, "NOERROR");
});

test("with forwarding off, names outside the cluster are refused (never sent anywhere)", async () => {
  assert.equal((await udpQuery("example.test", "A")).rcode, "REFUSED");
});

test("an answer too big for UDP is truncated (TC) and complete over TCP", async () => {
  await clientFor(rest, services).create("default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "big" },
    spec: { clusterIP: "None", selector: { app: "big" }, ports: [{ name: "http", port: 80 }] },
  });
  await clientFor(rest, endpointSlices).create("default", {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "big-1", labels: { "kubernetes.io/service-name": "big" } },
    addressType: "IPv4",
    endpoints: Array.from({ length: 60 }, (_, i) => ({
      addresses: [`10.42.1.${i + 1}`],
      conditions: { ready: true },
    })),
    ports: [{ name: "http", protocol: "TCP", port: 80 }],
  });
  let tcp = await tcpQuery("big.default.svc.cluster.local", "A");
  for (let i = 0; i < 100 && (tcp.answers?.length ?? 0) < 60; i++) {
    await new Promise((r) => setTimeout(r, 50));
    tcp = await tcpQuery("big.default.svc.cluster.local", "A");
  }
  assert.equal(tcp.answers?.length, 60);
  const udp = await udpQuery("big.default.svc.cluster.local", "A");
  assert.equal(udp.flag_tc, true);
  assert.equal(udp.answers?.length ?? 0, 0);
});
