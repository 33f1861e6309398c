// Cluster DNS queries per second with p99 latency over UDP on loopback (the iptables figures are in
// proxy-iptables.ts, the ingress ones in proxy-ingress.ts).
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
import { createClusterDNS } from "../src/dns/server.js";

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
