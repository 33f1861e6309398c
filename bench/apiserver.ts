// API server benchmarks over HTTPS against a real `k8ts server` process (issue 2's speed and memory targets):
// cold start to /readyz, idle RSS, pod creates/s with concurrent clients (SQLite and etcd), gets/s,
// listing 10,000 pods, and one change delivered to 100 watchers.
import { request } from "node:https";
import {
  clientFromKubeconfig,
  load,
  percentile,
  rssMb,
  startBenchServer,
  type Row,
  type Client,
} from "./common.js";

const startServer = (extra: string[] = []) => startBenchServer(extra);

const pod = (name: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, labels: { app: "bench" } },
  spec: {
    containers: [
      { name: "c", image: "busybox:1.35", resources: { requests: { cpu: "10m", memory: "16Mi" } } },
    ],
  },
});

async function createPods(c: Client, ns: string, n: number, concurrency: number, prefix: string) {
  return load(n, concurrency, async (i) => {
    const r = await c.req("POST", `/api/v1/namespaces/${ns}/pods`, pod(`${prefix}-${i}`));
    if (r.status !== 201) throw new Error(`create: ${r.status} ${r.body.slice(0, 300)}`);
  });
}

/** One watch stream; resolves each time a line arrives via the callback. */
function openWatch(c: Client, path: string, onLine: (l: string) => void): Promise<() => void> {
  return new Promise((ok, fail) => {
    const r = request(
      { host: c.base.host, port: c.base.port, path, agent: c.agent, method: "GET" },
      (res) => {
        let buf = "";
        res.on("data", (d: Buffer) => {
          buf += d.toString();
          let i;
          while ((i = buf.indexOf("\n")) >= 0) {
            onLine(buf.slice(0, i));
            buf = buf.slice(i + 1);
          }
        });
        ok(() => r.destroy());
      },
    );
    r.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : fail(e)));
    r.end();
  });
}

export async function benchApiServer(): Promise<Row[]> {
  const rows: Row[] = [];
  // Cold start: median of 5 fresh data dirs (certificates generated each time) and of 5 warm restarts.
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await startServer();
    cold.push(s.readyMs);
    await s.stop();
  }
  cold.sort((a, b) => a - b);
  rows.push({
    name: "cold start to ready (fresh data dir, spawn included)",
    value: Math.round(percentile(cold, 50)),
    unit: "ms",
    target: "< 1000 ms",
  });

  // The API server alone (no controller manager, no scheduler): what the API server itself costs. Each pod
  // created in the full server also costs a scheduling attempt, a status write and an event.
  const alone = await startServer([
    "--disable-controller-manager",
    "--disable-scheduler",
    "--disable-cloud-controller",
  ]);
  try {
    await new Promise((r) => setTimeout(r, 2000));
    rows.push({
      name: "idle RSS, API server alone (no controllers, no scheduler)",
      value: Math.round(await rssMb(alone.pid)),
      unit: "MB",
      target: "< 100 MB",
    });
    const c = await clientFromKubeconfig(alone.kubeconfig, 64);
    for (const conc of [8, 32]) {
      const r = await createPods(c, "default", 4000, conc, `a${conc}`);
      rows.push({
        name: `pod creates/s, ${conc} clients, SQLite, API server alone`,
        value: Math.round(r.rate),
        unit: "/s",
        target: ">= 2000/s",
        note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p99 < 50 ms)`,
      });
    }
    c.agent.destroy();
  } finally {
    await alone.stop();
  }

  const s = await startServer();
  try {
    await new Promise((r) => setTimeout(r, 2000));
    rows.push({
      name: "idle RSS of the server (with controllers + scheduler)",
      value: Math.round(await rssMb(s.pid)),
      unit: "MB",
      target: "< 100 MB",
    });
    const c = await clientFromKubeconfig(s.kubeconfig, 64);
    for (const conc of [8, 32]) {
      const r = await createPods(c, "default", 4000, conc, `p${conc}`);
      rows.push({
        name: `pod creates/s, ${conc} clients, SQLite, with controllers + scheduler`,
        value: Math.round(r.rate),
        unit: "/s",
        target: ">= 2000/s",
        note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (target p99 < 50 ms)`,
      });
    }
    const g = await load(20000, 16, async (i) => {
      const r = await c.req("GET", `/api/v1/namespaces/default/pods/p8-${i % 4000}`);
      if (r.status !== 200) throw new Error(`get ${r.status}`);
    });
    rows.push({
      name: "pod gets/s, 16 clients",
      value: Math.round(g.rate),
      unit: "/s",
      target: ">= 10000/s",
      note: `p99 ${g.p99.toFixed(1)} ms`,
    });
    // Top up to 10,000 pods, then time full lists.
    await createPods(c, "default", 2000, 16, "fill");
    const lists: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await c.req("GET", "/api/v1/pods");
      lists.push(performance.now() - t);
      const n = (JSON.parse(r.body) as { items: unknown[] }).items.length;
      if (n < 10000) throw new Error(`list returned ${n}`);
    }
    lists.sort((a, b) => a - b);
    rows.push({
      name: "list 10,000 pods (JSON over HTTPS)",
      value: Math.round(percentile(lists, 50)),
      unit: "ms",
      target: "< 300 ms",
    });
    // Watch fan-out: 100 watchers on pods; measure create → event delivery at each watcher.
    const watchers = 100;
    const arrivals = new Map<string, number[]>();
    const closers: (() => void)[] = [];
    const wc = await clientFromKubeconfig(s.kubeconfig, watchers + 8);
    for (let w = 0; w < watchers; w++) {
      closers.push(
        await openWatch(
          wc,
          "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" +
            JSON.parse((await c.req("GET", "/api/v1/namespaces/default/configmaps?limit=1")).body).metadata
              .resourceVersion,
          (line) => {
            const name = (JSON.parse(line) as { object: { metadata: { name: string } } }).object.metadata
              .name;
            (arrivals.get(name) ?? arrivals.set(name, []).get(name)!).push(performance.now());
          },
        ),
      );
    }
    const delays: number[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `fan-${i}`;
      const t = performance.now();
      await c.req("POST", "/api/v1/namespaces/default/configmaps", {
        metadata: { name },
        data: { i: String(i) },
      });
      const deadline = Date.now() + 5000;
      while ((arrivals.get(name)?.length ?? 0) < watchers && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 1));
      for (const a of arrivals.get(name) ?? []) delays.push(a - t);
    }
    closers.forEach((f) => f());
    delays.sort((a, b) => a - b);
    rows.push({
      name: "one change to 100 watchers: delivery p99",
      value: Number(percentile(delays, 99).toFixed(1)),
      unit: "ms",
      target: "< 50 ms",
      note: `${delays.length}/${20 * watchers} deliveries, p50 ${percentile(delays, 50).toFixed(1)} ms`,
    });
    c.agent.destroy();
    wc.agent.destroy();
  } finally {
    await s.stop();
  }

  // The same write load on the etcd backend, and etcd alone as the reference.
  const { startEtcd } = await import("../src/storage/etcd/testing.js");
  const etcd = await startEtcd();
  try {
    const es = await startServer(["--datastore-endpoint", etcd.endpoint]);
    try {
      const c = await clientFromKubeconfig(es.kubeconfig, 64);
      const r = await createPods(c, "default", 3000, 32, "e");
      rows.push({
        name: "pod creates/s, 32 clients, etcd backend",
        value: Math.round(r.rate),
        unit: "/s",
        note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
      });
      c.agent.destroy();
    } finally {
      await es.stop();
    }
    const { Etcd3 } = await import("etcd3");
    const raw = new Etcd3({ hosts: etcd.endpoint });
    const value = JSON.stringify(pod("x"));
    const r = await load(5000, 32, async (i) => {
      await raw.put(`/bench/raw/${i}`).value(value);
    });
    rows.push({
      name: "etcd alone: puts/s, 32 concurrent (etcd3 client, reference)",
      value: Math.round(r.rate),
      unit: "/s",
      note: `p99 ${r.p99.toFixed(1)} ms`,
    });
    raw.close();
  } finally {
    await etcd.stop();
  }
  return rows;
}
