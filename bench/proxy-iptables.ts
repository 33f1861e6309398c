// kube-proxy iptables resync cost, 1,000 Services × 10 endpoints, applied in a network namespace of its
// own (never the host's tables): what the full restore costs with the nf_tables backend and what in the
// rule text makes it cost (comments, the statistic match, replacing existing chains, one table vs two),
// then the network-programming latency of one endpoint change (compute + partial restore).
// Run: node dist/bench/proxy-iptables.js [variants...]   (root; a few seconds per variant)
import { spawnSync } from "node:child_process";
import { buildServicePorts, type RService, type RSlice } from "../src/proxy/serviceports.js";
import { buildRules, withFullChainCache, ServicePortRuleCache } from "../src/proxy/iptables/rules.js";
import { restoreText } from "../src/proxy/proxier.js";
import { commandRunner, type Runner } from "../src/proxy/iptables/exec.js";

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

export async function main(variants: string[]): Promise<void> {
  const { svcs, slices } = cluster(1000, 10);
  const o = { clusterCIDR: "10.42.0.0/16" };
  const t0 = performance.now();
  const full = buildRules(buildServicePorts(svcs, slices, "node-a"), o);
  console.log(`computed ${full.text.split("\n").length} lines in ${Math.round(performance.now() - t0)} ms`);
  const want = (v: string) => variants.length === 0 || variants.includes(v);
  const rounds = 3;
  const report = (name: string, first: number, again: number[]) =>
    console.log(`${name}: first apply ${Math.round(first)} ms, re-apply p50 ${Math.round(median(again))} ms`);
  const variant = async (name: string, text: string, args = ["-w", "--noflush"]) => {
    if (!want(name)) return;
    await withNetns(async (run) => {
      const first = await timed(run, args, text);
      const again: number[] = [];
      for (let i = 0; i < rounds; i++) again.push(await timed(run, args, text));
      report(name, first, again);
    });
  };
  // What the proxier applies with iptables-nft: a chainless `-S` first, so the restore fetches the whole
  // chain cache instead of gathering 11,000 chain names one sorted insertion at a time.
  await variant("full", withFullChainCache(full.text));
  await variant("full-plain", full.text);
  await variant("no-comments", stripComments(full.text));
  await variant("no-statistic", stripStatistic(full.text));
  await variant("no-comments-no-statistic", stripStatistic(stripComments(full.text)));
  await variant("flush-table", full.text, ["-w"]);
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
        );
        await timed(run, ["-w", "--noflush"], restoreText(next, true));
        lat.push(performance.now() - t);
        last = next;
      }
      console.log(
        `endpoint change → kernel: p50 ${Math.round(pct(lat, 50))} ms, p99 ${Math.round(pct(lat, 99))} ms`,
      );
    });
  }
}

if (process.argv[1]?.endsWith("proxy-iptables.js")) await main(process.argv.slice(2));
