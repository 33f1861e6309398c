// Service networking benchmarks: iptables rule generation and application for 1,000 Services × 10
// endpoints (a full resync), and cluster DNS queries per second with p99 latency over UDP on loopback.
import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { once } from "node:events";
import * as dnsPacket from "dns-packet";
import { percentile, type Row } from "./common.js";
import { startServer } from "../test/e2e/harness.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { RestClient } from "../src/client/rest/client.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { clientFor } from "../src/client/index.js";
import { silentLogger } from "../src/client/log.js";
import { services } from "../src/api/core/v1/service.js";
import { buildServicePorts, type RService, type RSlice } from "../src/proxy/serviceports.js";
import { buildRules } from "../src/proxy/iptables/rules.js";
import { canUseIptables } from "../src/proxy/proxier.js";
import { commandRunner } from "../src/proxy/iptables/exec.js";
import { createClusterDNS } from "../src/dns/server.js";

function cluster(nServices: number, nEndpoints: number): { svcs: RService[]; slices: RSlice[] } {
  const svcs: RService[] = [];
  const slices: RSlice[] = [];
  for (let i = 0; i < nServices; i++) {
    const name = `svc-${i}`;
    svcs.push({
      metadata: { namespace: "bench", name },
      spec: {
        type: "ClusterIP",
        clusterIP: `10.43.${i >> 8}.${i & 255}`,
        ports: [{ name: "http", port: 80, protocol: "TCP" }],
      },
    });
    slices.push({
      metadata: { namespace: "bench", name: `${name}-x`, labels: { "kubernetes.io/service-name": name } },
      addressType: "IPv4",
      endpoints: Array.from({ length: nEndpoints }, (_, j) => ({
        addresses: [`10.42.${((i * nEndpoints + j) >> 8) & 255}.${(i * nEndpoints + j) & 255}`],
        conditions: { ready: true },
      })),
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
  }
  return { svcs, slices };
}

export async function benchProxyRules(): Promise<Row[]> {
  const rows: Row[] = [];
  const { svcs, slices } = cluster(1000, 10);
  const times: number[] = [];
  let text = "";
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    text = buildRules(buildServicePorts(svcs, slices, "node-a"), { clusterCIDR: "10.42.0.0/16" }).text;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  rows.push({
    name: "iptables rules computed, 1,000 Services × 10 endpoints (p50)",
    value: Math.round(percentile(times, 50) * 10) / 10,
    unit: "ms",
    note: `${text.split("\n").length} lines`,
  });
  if (!canUseIptables()) {
    rows.push({ name: "iptables-restore full resync", value: NaN, unit: "ms", note: "skipped: needs root" });
    return rows;
  }
  // Applied inside a network namespace of our own, never the host's tables.
  const ns = `k8ts-bench-${process.pid}`;
  if (spawnSync("ip", ["netns", "add", ns]).status !== 0) {
    rows.push({ name: "iptables-restore full resync", value: NaN, unit: "ms", note: "skipped: no netns" });
    return rows;
  }
  try {
    const run = commandRunner(ns);
    const applied: number[] = [];
    let last = buildRules(buildServicePorts(svcs, slices, "node-a"), { clusterCIDR: "10.42.0.0/16" });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await run("iptables-restore", ["-w", "--noflush"], last.text);
      if (r.code !== 0) throw new Error(r.stderr);
      applied.push(performance.now() - t0);
    }
    applied.sort((a, b) => a - b);
    rows.push({
      name: "iptables-restore full resync, 1,000 Services × 10 endpoints (p50)",
      value: Math.round(percentile(applied, 50)),
      unit: "ms",
      target: "< 1000 ms",
      note: "iptables-nft; whole rule set rewritten",
    });
    // Network programming: one endpoint changes; compute and apply the partial rule set.
    const lat: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sl = slices[(i * 37) % slices.length] as unknown as { endpoints: { addresses: string[] }[] };
      sl.endpoints[0] = { ...sl.endpoints[0], addresses: [`10.99.${i}.1`] };
      const t0 = performance.now();
      const next = buildRules(
        buildServicePorts(svcs, slices, "node-a"),
        { clusterCIDR: "10.42.0.0/16" },
        last.natChains,
        last.chainRules,
      );
      const r = await run("iptables-restore", ["-w", "--noflush"], next.text);
      if (r.code !== 0) throw new Error(r.stderr);
      lat.push(performance.now() - t0);
      last = next;
    }
    lat.sort((a, b) => a - b);
    rows.push(
      {
        name: "endpoint change → rules in the kernel, 1,000 × 10 (p50)",
        value: Math.round(percentile(lat, 50)),
        unit: "ms",
        note: "compute + partial iptables-restore, no API/informer hop",
      },
      {
        name: "endpoint change → rules in the kernel, 1,000 × 10 (p99)",
        value: Math.round(percentile(lat, 99)),
        unit: "ms",
      },
    );
  } finally {
    spawnSync("ip", ["netns", "del", ns]);
  }
  return rows;
}

export async function benchDNS(): Promise<Row[]> {
  const server = await startServer({ extraArgs: ["--disable-controller-manager"] });
  const abort = new AbortController();
  const rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 1000, burst: 2000 });
  try {
    const svcClient = clientFor(rest, services);
    const n = 200;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        svcClient.create("default", {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: `svc-${i}` },
          spec: { ports: [{ name: "http", port: 80 }] },
        }),
      ),
    );
    const informers = new SharedInformerFactory(rest);
    const dns = createClusterDNS({ informers, log: silentLogger }, { listen: "127.0.0.1:0", upstreams: [] });
    informers.start(abort.signal);
    const running = dns.run(abort.signal);
    const { port } = await dns.address();

    const sock = createSocket("udp4");
    sock.bind(0, "127.0.0.1");
    await once(sock, "listening");
    const sent = new Map<number, number>();
    const lat: number[] = [];
    let answered = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const total = 20_000;
    const inflight = 64;
    let next = 0;
    const send = () => {
      if (next >= total) return;
      const id = next++ & 0xffff;
      sent.set(id, performance.now());
      const name = `svc-${next % n}.default.svc.cluster.local`;
      sock.send(
        dnsPacket.encode({ type: "query", id, questions: [{ type: "A", name, class: "IN" }] }),
        port,
        "127.0.0.1",
      );
    };
    sock.on("message", (m: Buffer) => {
      const id = m.readUInt16BE(0);
      const t = sent.get(id);
      if (t !== undefined) lat.push(performance.now() - t);
      sent.delete(id);
      if (++answered >= total) resolveDone();
      else send();
    });
    // Wait until the caches hold every Service, then measure.
    for (;;) {
      const probe = createSocket("udp4");
      const reply = once(probe, "message");
      probe.send(
        dnsPacket.encode({
          type: "query",
          id: 1,
          questions: [{ type: "A", name: `svc-${n - 1}.default.svc.cluster.local` }],
        }),
        port,
        "127.0.0.1",
      );
      const [msg] = (await reply) as [Buffer];
      probe.close();
      if ((dnsPacket.decode(msg).answers?.length ?? 0) > 0) break;
    }
    const t0 = performance.now();
    for (let i = 0; i < inflight; i++) send();
    await done;
    const secs = (performance.now() - t0) / 1000;
    sock.close();
    abort.abort();
    await running;
    lat.sort((a, b) => a - b);
    return [
      {
        name: `cluster DNS queries/s (UDP, ${inflight} in flight, ${n} Services)`,
        value: Math.round(total / secs),
        unit: "q/s",
      },
      { name: "cluster DNS p99 latency", value: Math.round(percentile(lat, 99) * 100) / 100, unit: "ms" },
    ];
  } finally {
    abort.abort();
    rest.close();
    await server.stop();
  }
}
