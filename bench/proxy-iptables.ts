// kube-proxy iptables resync cost, 1,000 Services × 10 endpoints, applied in a network namespace of its
// own (never the host's tables): what the full restore costs with the nf_tables backend and what in the
// rule text makes it cost (comments, the statistic match, replacing existing chains, one table vs two),
// then the network-programming latency of one endpoint change (compute + partial restore).
// Run: node dist/bench/proxy-iptables.js [full full-plain no-comments no-statistic latency]  (root; seconds each)
import { spawnSync } from "node:child_process";
import { buildServicePorts, type RService, type RSlice } from "../src/proxy/serviceports.js";
import { buildRules, withFullChainCache, ServicePortRuleCache } from "../src/proxy/iptables/rules.js";
import { restoreText } from "../src/proxy/proxier.js";
import { commandRunner, type Runner } from "../src/proxy/iptables/exec.js";
import type { Row } from "./common.js";
import { startServer } from "../test/e2e/harness.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { RestClient } from "../src/client/rest/client.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { clientFor } from "../src/client/index.js";
import { silentLogger } from "../src/client/log.js";
import { services } from "../src/api/core/v1/service.js";
import { namespaces } from "../src/api/core/v1/namespace.js";
import { endpointSlices } from "../src/api/discovery/v1/endpointslice.js";
import type { EndpointSlice } from "../src/api/discovery/v1/types.js";
import type { KubeObject } from "../src/api/meta/v1/types.js";
import { IptablesProxier } from "../src/proxy/proxier.js";

export function cluster(nServices: number, nEndpoints: number): { svcs: RService[]; slices: RSlice[] } {
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function timed(run: Runner, args: string[], text: string): Promise<number> {
  const t0 = performance.now();
  const r = await run("iptables-restore", args, text, { discardStdout: true });
  if (r.code !== 0) throw new Error(r.stderr.slice(0, 500));
  return performance.now() - t0;
}

function withNetns<T>(f: (run: Runner, ns: string) => Promise<T>): Promise<T> {
  const ns = `k8ts-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  if (spawnSync("ip", ["netns", "add", ns]).status !== 0)
    throw new Error("cannot create a network namespace");
  return f(commandRunner(ns), ns).finally(() => spawnSync("ip", ["netns", "del", ns]));
}

const stripComments = (t: string) => t.replace(/ -m comment --comment ("[^"]*"|\S+)/g, "");
const stripStatistic = (t: string) => t.replace(/ -m statistic --mode random --probability \S+/g, "");

/**
 * Network programming latency end to end: an EndpointSlice update through the API server, the proxier's
 * informer and a partial iptables-restore, until the sync that carries it has finished (min-sync-period 0:
 * upstream's 1 s bound would add up to a second). 1,000 Services × 10 endpoints, namespace of its own.
 */
export async function benchProgrammingLatency(samples = 30): Promise<Row[]> {
  const server = await startServer({ extraArgs: ["--disable-controller-manager", "--disable-scheduler"] });
  const rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 0, burst: 5000 });
  const abort = new AbortController();
  try {
    const { svcs, slices } = cluster(1000, 10);
    const svcClient = clientFor(rest, services);
    const sliceClient = clientFor<EndpointSlice & KubeObject>(rest, endpointSlices);
    await clientFor(rest, namespaces).create("", { metadata: { name: "bench" } });
    for (let i = 0; i < svcs.length; i += 50) {
      await Promise.all(
        svcs.slice(i, i + 50).map((sv, j) => {
          const { clusterIP: _ip, ...spec } = sv.spec as Record<string, unknown>;
          return Promise.all([
            svcClient.create("bench", { metadata: { name: sv.metadata?.name }, spec }),
            sliceClient.create("bench", structuredClone(slices[i + j]) as EndpointSlice & KubeObject),
          ]);
        }),
      );
    }
    return await withNetns(async (_run, ns) => {
      const informers = new SharedInformerFactory(rest);
      const proxier = new IptablesProxier(
        { informers, log: silentLogger },
        {
          nodeName: "node-a",
          netns: ns,
          clusterCIDR: "10.42.0.0/16",
          minSyncPeriodMs: 0,
          cleanupOnExit: true,
        },
      );
      const sliceInf = informers.informerFor<EndpointSlice & KubeObject>(endpointSlices);
      let seen: ((v: void) => void) | undefined;
      let want = "";
      // Registered after the proxier's handler: synced() is asked for before the sync the event starts.
      sliceInf.addEventHandler({
        onUpdate: (_, sl) => {
          if (seen && sl.endpoints?.[0]?.addresses?.[0] === want) {
            const s = seen;
            seen = undefined;
            void proxier.synced().then(() => s());
          }
        },
      });
      informers.start(abort.signal);
      const running = proxier.run(abort.signal);
      const t0 = performance.now();
      while (proxier.syncs === 0) await new Promise((r) => setTimeout(r, 20));
      const firstSync = performance.now() - t0;
      const lat: number[] = [];
      for (let i = 0; i < samples; i++) {
        const name = `svc-${(i * 37) % 1000}-x`;
        const cur = await sliceClient.get("bench", name);
        want = `10.99.${i}.1`;
        const done = new Promise<void>((r) => (seen = r));
        const t = performance.now();
        await sliceClient.update("bench", name, {
          ...cur,
          endpoints: [{ ...cur.endpoints[0], addresses: [want] }, ...cur.endpoints.slice(1)],
        });
        await done;
        lat.push(performance.now() - t);
      }
      abort.abort();
      await running;
      return [
        {
          name: "first full sync after start, 1,000 × 10 (informers synced → rules in)",
          value: Math.round(firstSync),
          unit: "ms",
        },
        {
          name: "EndpointSlice update → rules in the kernel, 1,000 × 10, via API server (p50)",
          value: Math.round(pct(lat, 50)),
          unit: "ms",
          note: `${samples} updates; min-sync-period 0`,
        },
        {
          name: "EndpointSlice update → rules in the kernel, via API server (p99)",
          value: Math.round(pct(lat, 99)),
          unit: "ms",
        },
      ];
    });
  } finally {
    abort.abort();
    rest.close();
    await server.stop();
  }
}

/** The rows for BENCHMARKS.md (npm run bench -- proxy, once bench/run.ts lists this suite). */
export async function benchProxyIptables(
  variants: string[] = ["full", "full-plain", "latency"],
): Promise<Row[]> {
  const rows: Row[] = [];
  const { svcs, slices } = cluster(1000, 10);
  const o = { clusterCIDR: "10.42.0.0/16" };
  const computed: number[] = [];
  let full = buildRules(buildServicePorts(svcs, slices, "node-a"), o);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    full = buildRules(buildServicePorts(svcs, slices, "node-a"), o);
    computed.push(performance.now() - t0);
  }
  rows.push({
    name: "iptables rules computed, 1,000 Services × 10 endpoints, no cache (p50)",
    value: Math.round(median(computed)),
    unit: "ms",
    note: `${full.text.split("\n").length} lines`,
  });
  if (process.getuid?.() !== 0) {
    rows.push({ name: "iptables-restore full resync", value: NaN, unit: "ms", note: "skipped: needs root" });
    return rows;
  }
  const want = (v: string) => variants.includes(v);
  const rounds = 3;
  const variant = async (name: string, label: string, text: string, note: string, target?: string) => {
    if (!want(name)) return;
    await withNetns(async (run) => {
      const first = await timed(run, ["-w", "--noflush"], text);
      const again: number[] = [];
      for (let i = 0; i < rounds; i++) again.push(await timed(run, ["-w", "--noflush"], text));
      rows.push(
        { name: `${label}: into empty tables`, value: Math.round(first), unit: "ms", target, note },
        {
          name: `${label}: replacing the same rules (p50 of ${rounds})`,
          value: Math.round(median(again)),
          unit: "ms",
          target,
        },
      );
    });
  };
  // What the proxier applies with iptables-nft: a chainless `-S` first, so the restore fetches the whole
  // chain cache instead of gathering 11,000 chain names one sorted insertion at a time.
  await variant(
    "full",
    "full resync, 1,000 Services × 10 endpoints",
    withFullChainCache(full.text),
    "iptables-nft, --noflush, with the full chain cache",
    "< 1000 ms",
  );
  await variant(
    "full-plain",
    "full resync without the chain-cache request (before)",
    full.text,
    "iptables-nft, --noflush: O(chains²) in iptables-restore",
  );
  await variant("no-comments", "full resync, comments stripped (experiment)", stripComments(full.text), "");
  await variant(
    "no-statistic",
    "full resync, -m statistic stripped (experiment)",
    stripStatistic(full.text),
    "",
  );
  if (want("latency-e2e")) rows.push(...(await benchProgrammingLatency()));
  if (want("latency")) {
    await withNetns(async (run) => {
      const cache = new ServicePortRuleCache();
      let last = buildRules(buildServicePorts(svcs, slices, "node-a"), o, [], undefined, cache);
      await timed(run, ["-w", "--noflush"], restoreText(last, true));
      const lat: number[] = [];
      for (let i = 0; i < 20; i++) {
        const sl = slices[(i * 37) % slices.length] as unknown as { endpoints: { addresses: string[] }[] };
        sl.endpoints[0] = { ...sl.endpoints[0], addresses: [`10.99.${i}.1`] };
        const t = performance.now();
        const next = buildRules(
          buildServicePorts(svcs, slices, "node-a"),
          o,
          last.natChains,
          last.chainRules,
          cache,
        );
        await timed(run, ["-w", "--noflush"], restoreText(next, true));
        lat.push(performance.now() - t);
        last = next;
      }
      rows.push(
        {
          name: "endpoint change → rules in the kernel, 1,000 × 10 (p50)",
          value: Math.round(pct(lat, 50)),
          unit: "ms",
          note: "compute + partial iptables-restore; no API/informer hop, no min-sync-period",
        },
        {
          name: "endpoint change → rules in the kernel, 1,000 × 10 (p99)",
          value: Math.round(pct(lat, 99)),
          unit: "ms",
        },
      );
    });
  }
  return rows;
}

if (process.argv[1]?.endsWith("proxy-iptables.js")) {
  const args = process.argv.slice(2);
  for (const r of await benchProxyIptables(args.length ? args : undefined))
    console.log(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ""}`);
}
