// The real node: `k8ts server` with its agent (kubelet, runc, CNI) on this host. Pod startup latency (create to
// Running as a watcher sees it, image present) for 1, 30 and 100 pods at once and, as upstream's SLO is measured,
// for pods created at 5/s on a node already holding 30 or 100 (ClusterLoader2's density test), beside the floor — the same
// containers started by the runc runtime alone and by plain `runc run -d` — the quick start (spawn to a first
// pod Running on a fresh data dir) and the agent's CPU and memory with 0 and 100 pods. Needs root, runc, CNI
// plugins and busybox-static; rows say why when they are skipped.
// K8TS_BENCH_CPU_PROF=<dir>: the server of the latency rounds runs under `node --cpu-prof` into that folder.
// K8TS_BENCH_NODE_FLAGS="--flag ...": more flags for that server's node (V8's --trace-deopt, ...).
// K8TS_BENCH_TRACE=1: each round's start and end on CLOCK_MONOTONIC go to stderr, to cut a system-wide
// `perf record -a -k CLOCK_MONOTONIC` down to one round.
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { percentile, rssMb, startBenchServer, type BenchServer, type Row } from "./common.js";
import { RestClient } from "../src/client/rest/client.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { clientFor } from "../src/client/index.js";
import { nodes as nodeResource, type Node } from "../src/api/core/v1/node.js";
import { pods as podResource, type Pod } from "../src/api/core/v1/pod.js";
import { deployments } from "../src/api/apps/v1/deployment.js";
import type { Deployment } from "../src/api/apps/v1/types.js";
import { busyboxTag, busyboxVersion } from "../src/runtime/images/index.js";
import { defaultStateDir, RuncRuntime } from "../src/runtime/runc/runc-runtime.js";
import { ForkedSpawner, useSpawner } from "../src/runtime/spawner/spawner.js";
import { BusyboxRootfsProvider, buildBusyboxRootfs } from "../src/runtime/runc/busybox-rootfs.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const NODE = "bench-node";

export function whyNoNode(): string | false {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return "needs root on Linux";
  for (const bin of ["runc", "iptables-restore", "/bin/busybox", "/usr/lib/cni/bridge"])
    if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) return `${bin} is missing`;
  return false;
}

/** A 10.N.0.0/16 no route of this host uses yet (as the e2e harness picks one). */
function freePodNetwork(): number {
  const routes = spawnSync("ip", ["-4", "route", "show", "table", "all"], { encoding: "utf8" }).stdout ?? "";
  for (let n = 200; n > 100; n--) if (!routes.includes(`10.${n}.`)) return n;
  throw new Error("no free 10.N.0.0/16 for the pod network");
}

/** `k8ts server` with its agent on its own pod network (as startBenchServer spawns it, plus node flags), under
 * `node --cpu-prof` when cpuProf names a folder. */
async function startNodeServer(o: { agent?: boolean; cpuProf?: string } = {}): Promise<BenchServer> {
  if (o.agent === false) return startBenchServer([]);
  const n = freePodNetwork();
  const dataDir = mkdtempSync(join(process.env.K8TS_BENCH_DIR ?? tmpdir(), "k8ts-bench-"));
  const t0 = performance.now();
  const p = spawn(
    process.execPath,
    [
      ...(o.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${o.cpuProf}`] : []),
      ...(process.env.K8TS_BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
      join(repo, "bin/k8ts.js"),
      "server",
      ...["--data-dir", dataDir, "--https-listen-port", "0", "--log-level", "warn"],
      ...["--bind-address", "0.0.0.0", "--advertise-address", `10.${n}.0.1`, "--node-ip", "127.0.0.1"],
      ...["--cluster-cidr", `10.${n}.0.0/16`, "--cni-bridge", `k8ts-b-${n}`, "--kubelet-port", "0"],
      ...["--node-name", NODE, "--ingress-http-port", "0", "--ingress-https-port", "0"],
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((ok, fail) => {
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("is ready")) ok();
    });
    p.on("exit", (c) => fail(new Error(`server exited ${c}`)));
  });
  const readyMs = performance.now() - t0;
  return {
    pid: p.pid!,
    dataDir,
    kubeconfig: join(dataDir, "kubeconfig.yaml"),
    readyMs,
    async stop() {
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      await exited;
      spawnSync(process.execPath, [join(repo, "bin/k8ts.js"), "killall", "--data-dir", dataDir], {
        stdio: "ignore",
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stops the server; its stop() runs `k8ts killall` for the containers the agent left. */
async function stopNodeServer(s: BenchServer): Promise<void> {
  await s.stop();
}

const until = (pred: () => boolean, timeoutMs = 120_000): Promise<void> =>
  new Promise((ok, fail) => {
    const deadline = Date.now() + timeoutMs;
    const t = setInterval(() => {
      if (pred()) {
        clearInterval(t);
        ok();
      } else if (Date.now() > deadline) {
        clearInterval(t);
        fail(new Error("timed out"));
      }
    }, 2);
  });

/** CPU seconds all cores have been busy since boot (/proc/stat: everything but idle and iowait). */
/** Clock ticks per second, the unit of /proc's CPU times. */
const HZ = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function machineBusySeconds(): number {
  const f = readFileSync("/proc/stat", "utf8");
  const cpu = f.slice(0, f.indexOf("\n")).split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - cpu[3] - cpu[4]) / HZ;
}

/** Waits (at most 10 s) until the machine is idle: less than 20 ms of CPU (all cores) in 100 ms. */
async function machineQuiet(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const b = machineBusySeconds();
    await new Promise((r) => setTimeout(r, 100));
    if (machineBusySeconds() - b < 0.02) return;
  }
}

/** The time the kubelet's API client needs to refill its burst of 100 at 50 QPS (src/cli/agent.ts). */
const KUBELET_BUCKET_REFILL_MS = 2000;

/** The busybox image the agent builds from this host's busybox-static (busybox:<major.minor>). */
let image = "busybox:1.36";

const busyboxPod = (name: string): Pod => ({
  metadata: { name, labels: { app: "kubelet-bench" } },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [{ name: "c", image, command: ["sleep", "3600"] }],
  },
});

/** Watches pods and nodes of one server; records when each pod was first seen Running. */
class Observer {
  readonly running = new Map<string, number>();
  /** When each pod was first seen bound to a node. */
  readonly bound = new Map<string, number>();
  /** When the node was first seen Ready. */
  nodeReadyAt = 0;
  readonly present = new Set<string>();
  nodeReady = false;
  /** CPU seconds the whole machine (all cores, all processes, the kernel) was busy during the last round. */
  lastRoundBusy = 0;
  /** When the last teardown finished (performance.now()). */
  private tornDownAt = 0;
  /** The agent's runc state directory, when known. */
  runtimeRoot?: string;
  private readonly ac = new AbortController();
  readonly client: RestClient;
  private constructor(client: RestClient) {
    this.client = client;
  }
  static async open(kubeconfig: string): Promise<Observer> {
    const cfg = await loadKubeconfig(kubeconfig);
    const o = new Observer(new RestClient({ ...cfg, qps: 0, burst: 0, userAgent: "bench" }));
    const informers = new SharedInformerFactory(o.client);
    const onPod = (p: Pod) => {
      const name = p.metadata?.name ?? "";
      o.present.add(name);
      if (p.spec?.nodeName && !o.bound.has(name)) o.bound.set(name, performance.now());
      if (p.status?.phase === "Running" && !o.running.has(name)) o.running.set(name, performance.now());
    };
    const podInf = informers.informerFor<Pod & { metadata: { name: string } }>(podResource);
    podInf.addEventHandler({
      onAdd: (p) => onPod(p as Pod),
      onUpdate: (_, p) => onPod(p as Pod),
      onDelete: (p) => {
        const name = (p as Pod).metadata?.name ?? "";
        o.present.delete(name);
        o.running.delete(name);
        o.bound.delete(name);
      },
    });
    const nodeInf = informers.informerFor<Node & { metadata: { name: string } }>(nodeResource);
    const onNode = (n: Node) => {
      if (n.metadata?.name !== NODE) return;
      o.nodeReady = n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
      if (o.nodeReady && !o.nodeReadyAt) o.nodeReadyAt = performance.now();
    };
    nodeInf.addEventHandler({ onAdd: (n) => onNode(n as Node), onUpdate: (_, n) => onNode(n as Node) });
    informers.start(o.ac.signal);
    await informers.waitForCacheSync();
    return o;
  }

  /** Waits until the machine is idle and the kubelet's API bucket has refilled since the last teardown. */
  async quiet(): Promise<void> {
    await machineQuiet();
    await new Promise((r) =>
      setTimeout(r, Math.max(0, this.tornDownAt + KUBELET_BUCKET_REFILL_MS - performance.now())),
    );
  }

  /** Creates count pods at once; returns create-to-Running latencies (ms), sorted. */
  async round(prefix: string, count: number): Promise<number[]> {
    const pods = clientFor<Pod>(this.client, podResource);
    const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    const created = new Map<string, number>();
    // The previous round's teardown is not this round's: neither the kernel's namespace and cgroup cleanup,
    // nor the kubelet's API requests for it (its client's bucket, 50 QPS with a burst of 100 as upstream's
    // kubeAPIQPS and kubeAPIBurst, takes 2 s to fill again).
    await this.quiet();
    const busy0 = machineBusySeconds();
    const t0m = process.hrtime.bigint();
    await Promise.all(
      names.map(async (name) => {
        created.set(name, performance.now());
        await pods.create("default", busyboxPod(name));
      }),
    );
    await until(() => names.every((n) => this.running.has(n)));
    this.lastRoundBusy = machineBusySeconds() - busy0;
    // CLOCK_MONOTONIC, as `perf record -k CLOCK_MONOTONIC` stamps its samples: `perf report --time a,b`
    if (process.env.K8TS_BENCH_TRACE)
      console.error(`round ${prefix}: ${Number(t0m) / 1e9},${Number(process.hrtime.bigint()) / 1e9}`);
    const lat = names.map((n) => this.running.get(n)! - created.get(n)!).sort((a, b) => a - b);
    return lat;
  }

  /** Deletes the pods (grace 0) and waits until the API has none left. */
  async deleteAll(names: string[]): Promise<void> {
    const pods = clientFor<Pod>(this.client, podResource);
    await Promise.all(
      names.map((n) => pods.delete("default", n, { gracePeriodSeconds: 0 }).catch(() => undefined)),
    );
    const gone = new Set(names);
    await this.tornDown((n) => gone.has(n));
  }

  /** Waits until the API has none of the pods `which` picks left, then until the node has torn them down. */
  async tornDown(which: (name: string) => boolean): Promise<void> {
    await until(() => ![...this.present].some(which));
    // The kubelet removes sandboxes, containers, volumes and pod directories after the API object is gone:
    // wait for all of them, so the next round does not share the node with this one's teardown.
    if (this.runtimeRoot) {
      const state = defaultStateDir(this.runtimeRoot);
      const dirs = [
        join(state, "sandboxes"),
        join(state, "containers"),
        join(this.runtimeRoot, "containers"),
        join(this.runtimeRoot, "../../kubelet/pods"),
      ];
      const empty = (d: string) => !existsSync(d) || readdirSync(d).length === 0;
      await until(() => dirs.every(empty), 120_000);
    }
    this.tornDownAt = performance.now();
  }

  close(): void {
    this.ac.abort();
    this.client.close();
  }
}

const ms = (v: number) => Math.round(v);
const sec = (v: number) => Number((v / 1000).toFixed(3));

/** CPU seconds (utime+stime, all threads) a process spent over a window, as a share of one core. */
async function cpuShare(pid: number, windowMs: number): Promise<number> {
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
    // fields 14 and 15 (utime, stime); rest starts at field 3
    return Number(rest[11]) + Number(rest[12]);
  };
  const a = ticks();
  await new Promise((r) => setTimeout(r, windowMs));
  return (ticks() - a) / HZ / (windowMs / 1000);
}

/** Pod startup latency for 1, 30 and 100 pods, and the agent's CPU and RSS at 0 and 100 pods. */
async function latencyAndOverhead(rows: Row[]): Promise<void> {
  const cpuProf = process.env.K8TS_BENCH_CPU_PROF;
  const server = await startNodeServer({ cpuProf });
  const obs = await Observer.open(server.kubeconfig);
  obs.runtimeRoot = join(server.dataDir, "agent", "runtime", "runc");
  try {
    await until(() => obs.nodeReady);
    // Warm-up: the default service account, the pod network and the image's first use.
    await obs.round("warm", 1);
    await obs.deleteAll(["warm-0"]);
    await new Promise((r) => setTimeout(r, 2000));
    const sizes0 = process.env.K8TS_BENCH_KUBELET_PODS ?? "1,30,100";
    const cpu0 = sizes0.includes("100") ? await cpuShare(server.pid, 10_000) : NaN;
    const rss0 = await rssMb(server.pid);
    const sizes = (process.env.K8TS_BENCH_KUBELET_PODS ?? "1,30,100").split(",").map(Number);
    // K8TS_BENCH_KUBELET_ROUNDS rounds of 1 and 30 pods (default 5); one of 100
    const roundsOf = (n: number) => (n <= 30 ? Number(process.env.K8TS_BENCH_KUBELET_ROUNDS ?? 5) : 1);
    for (const n of sizes) {
      // Several rounds of the same size: the first after start also times V8 compiling the code paths (the
      // server is a fresh process); the later ones are the steady state a long-running node is in.
      const rounds: { lat: number[]; busy: number }[] = [];
      for (let r = 0; r < roundsOf(n); r++) {
        const prefix = `p${n}-r${r}`;
        rounds.push({ lat: await obs.round(prefix, n), busy: obs.lastRoundBusy });
        if (r + 1 < roundsOf(n)) await obs.deleteAll(Array.from({ length: n }, (_, i) => `${prefix}-${i}`));
      }
      const pooled = (rs: typeof rounds) => rs.flatMap((r) => r.lat).sort((a, b) => a - b);
      const each = rounds.map((r) => `${ms(percentile(r.lat, 99))} ms (${r.busy.toFixed(2)} core-s)`);
      const first = rounds[0];
      rows.push({
        name: `pod startup, ${n} at once, first round: create to Running (watch) p50`,
        value: ms(percentile(first.lat, 50)),
        unit: "ms",
      });
      rows.push({
        name: `pod startup, ${n} at once, first round: p99`,
        value: ms(percentile(first.lat, 99)),
        unit: "ms",
        note: `all cores busy ${first.busy.toFixed(2)} core-s meanwhile`,
      });
      if (rounds.length > 1) {
        const warm = pooled(rounds.slice(1));
        rows.push({
          name: `pod startup, ${n} at once, rounds 2–${rounds.length} pooled: p50`,
          value: ms(percentile(warm, 50)),
          unit: "ms",
        });
        rows.push({
          name: `pod startup, ${n} at once, rounds 2–${rounds.length} pooled: p99`,
          value: ms(percentile(warm, 99)),
          unit: "ms",
          target: n === 30 ? "< 500 ms" : "",
          note: `each round's p99 (all cores' busy time): ${each.join(", ")}`,
        });
      }
      if (n === 100) {
        await new Promise((r) => setTimeout(r, 3000));
        const cpu100 = await cpuShare(server.pid, 10_000);
        const rss100 = await rssMb(server.pid);
        rows.push({
          name: "server with agent, CPU over 10 s: 0 pods",
          value: Number((cpu0 * 100).toFixed(1)),
          unit: "%",
          note: "of one core, utime+stime from /proc/<pid>/stat",
        });
        rows.push({
          name: "server with agent, CPU over 10 s: 100 running pods",
          value: Number((cpu100 * 100).toFixed(1)),
          unit: "%",
        });
        rows.push({ name: "server with agent, RSS: 0 pods", value: Math.round(rss0), unit: "MB" });
        rows.push({
          name: "server with agent, RSS: 100 running pods",
          value: Math.round(rss100),
          unit: "MB",
        });
      }
      const last = `p${n}-r${rounds.length - 1}`;
      await obs.deleteAll(Array.from({ length: n }, (_, i) => `${last}-${i}`));
    }
  } finally {
    obs.close();
    await stopNodeServer(server);
  }
  const plain = await startBenchServer([]);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    rows.push({
      name: "server --disable-agent, CPU over 10 s (idle)",
      value: Number(((await cpuShare(plain.pid, 10_000)) * 100).toFixed(1)),
      unit: "%",
      note: "the control plane's share; the agent's is the difference",
    });
    rows.push({
      name: "server --disable-agent, RSS (idle)",
      value: Math.round(await rssMb(plain.pid)),
      unit: "MB",
    });
  } finally {
    await plain.stop();
  }
}

/** Pod startup latency measured as upstream measures its SLO (create to Running observed via watch, p99 ≤ 5 s):
 * ClusterLoader2's density test first fills every node with saturation pods (PODS_PER_NODE, default 30, made by
 * a Deployment), then creates latency pods one at a time at 5 per second (its Uniform5qps tuning set) and times
 * those. Here the one node holds n saturation pods; `latency` latency pods follow, leaving the node within its
 * 110 pods. Unlike the rounds of n pods at once, each pod here starts on a node already running n others. */
async function densityLatency(rows: Row[]): Promise<void> {
  const server = await startNodeServer();
  const obs = await Observer.open(server.kubeconfig);
  obs.runtimeRoot = join(server.dataDir, "agent", "runtime", "runc");
  const pods = clientFor<Pod>(obs.client, podResource);
  const deploys = clientFor<Deployment>(obs.client, deployments);
  try {
    await until(() => obs.nodeReady);
    await obs.round("warm", 1);
    await obs.deleteAll(["warm-0"]);
    for (const [n, latency] of [
      [30, 20],
      [100, 10],
    ]) {
      const sat = `density-${n}-saturation`;
      const template = busyboxPod("");
      await obs.quiet();
      const t0 = performance.now();
      await deploys.create("default", {
        metadata: { name: sat },
        spec: {
          replicas: n,
          selector: { matchLabels: { group: sat } },
          template: { metadata: { labels: { group: sat } }, spec: template.spec },
        },
      });
      const isSat = (name: string) => name.startsWith(`${sat}-`);
      await until(() => [...obs.running.keys()].filter(isSat).length === n, 300_000);
      rows.push({
        name: `pod startup at density: ${n} saturation pods (a Deployment of ${n}), create to all Running`,
        value: sec(performance.now() - t0),
        unit: "s",
        note: "the ReplicaSet controller creates them in slow-start batches (1, 2, 4, ...), as upstream's",
      });
      // The node holds them in a steady state before the latency pods come, as in ClusterLoader2 (which gathers
      // its saturation measurements in between): the kubelet's API bucket refilled (n pods cost about 3n
      // requests at 50 QPS) and its events (3 per pod, their own client at 50 QPS) posted.
      await new Promise((r) => setTimeout(r, KUBELET_BUCKET_REFILL_MS + (3 * n * 1000) / 50));
      await machineQuiet();
      const names = Array.from({ length: latency }, (_, i) => `density-${n}-latency-${i}`);
      const created = new Map<string, number>();
      const start = performance.now();
      // 5 per second on a fixed schedule, whether or not the earlier creates have returned (a qps load)
      await Promise.all(
        names.map(async (name, i) => {
          await new Promise((r) => setTimeout(r, Math.max(0, start + i * 200 - performance.now())));
          created.set(name, performance.now());
          await pods.create("default", busyboxPod(name));
        }),
      );
      await until(() => names.every((nm) => obs.running.has(nm)));
      const lat = names.map((nm) => obs.running.get(nm)! - created.get(nm)!).sort((a, b) => a - b);
      const label = `pod startup at density: with ${n} pods on the node, ${latency} more at 5/s`;
      rows.push({ name: `${label}: p50`, value: ms(percentile(lat, 50)), unit: "ms" });
      rows.push({
        name: `${label}: p99`,
        value: ms(percentile(lat, 99)),
        unit: "ms",
        target: n === 30 ? "< 500 ms" : "",
        note: "ClusterLoader2's density method, which upstream's 5 s SLO is measured with",
      });
      await deploys.delete("default", sat, { propagationPolicy: "Background" });
      await Promise.all(
        names.map((nm) => pods.delete("default", nm, { gracePeriodSeconds: 0 }).catch(() => undefined)),
      );
      await obs.tornDown((nm) => isSat(nm) || names.includes(nm));
    }
  } finally {
    obs.close();
    await stopNodeServer(server);
  }
}

/** Spawn `k8ts server` on a fresh data dir, create a pod as soon as it reports ready, time to Running. */
async function quickStart(rows: Row[]): Promise<void> {
  const t0 = performance.now();
  const server = await startNodeServer();
  const ready = performance.now() - t0;
  const obs = await Observer.open(server.kubeconfig);
  try {
    const pods = clientFor<Pod>(obs.client, podResource);
    let created = 0;
    // Right after readiness: the default service account may not exist yet, so retry the create as kubectl's
    // user would.
    for (;;) {
      try {
        await pods.create("default", busyboxPod("first"));
        created = performance.now();
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await until(() => obs.running.has("first"));
    rows.push({
      name: "quick start: spawn `k8ts server` (fresh data dir) to a first pod Running",
      value: sec(obs.running.get("first")! - t0),
      unit: "s",
      target: "< 2 s",
      note:
        `readiness line ${sec(ready)} s, pod accepted ${sec(created - t0)} s, node Ready ${sec(obs.nodeReadyAt - t0)} s, ` +
        `pod bound ${sec(obs.bound.get("first")! - t0)} s (busybox image build included)`,
    });
    await obs.deleteAll(["first"]);
  } finally {
    obs.close();
    await stopNodeServer(server);
  }
}

/** The floor: the same containers started by RuncRuntime (sandbox + container, no kubelet, no API, loopback
 * only) and by plain `runc run -d` of a prepared bundle (one container, no sandbox). */
async function floor(rows: Row[]): Promise<void> {
  const base = mkdtempSync(join(process.env.K8TS_BENCH_DIR ?? tmpdir(), "k8ts-bench-runc-"));
  const image = "busybox:bench";
  try {
    // as the agent runs it: helper processes started by the forked spawner
    const hostSpawner = useSpawner(new ForkedSpawner());
    const rt = await RuncRuntime.open({
      root: join(base, "state"),
      rootfs: new BusyboxRootfsProvider(join(base, "image"), image, { cmd: ["sh"] }),
    });
    const startPod = async (name: string): Promise<{ ms: number; id: string }> => {
      const t = performance.now();
      const config = {
        metadata: { name, uid: `uid-${name}`, namespace: "default", attempt: 0 },
        logDirectory: join(base, "logs", name),
      };
      const sb = await rt.runPodSandbox(config);
      if (!sb.ok) throw new Error(sb.error.message);
      const c = await rt.createContainer(
        sb.value,
        {
          metadata: { name: "c", attempt: 0 },
          image: { image },
          command: ["sleep", "3600"],
          logPath: "c/0.log",
        },
        config,
      );
      if (!c.ok) throw new Error(c.error.message);
      const s = await rt.startContainer(c.value);
      if (!s.ok) throw new Error(s.error.message);
      return { ms: performance.now() - t, id: sb.value };
    };
    for (const n of [1, 30]) {
      const t = performance.now();
      const res = await Promise.all(Array.from({ length: n }, (_, i) => startPod(`f${n}-${i}`)));
      const wall = performance.now() - t;
      const lat = res.map((r) => r.ms).sort((a, b) => a - b);
      rows.push({
        name: `floor: RuncRuntime sandbox + container, ${n} at once p50`,
        value: ms(percentile(lat, 50)),
        unit: "ms",
      });
      rows.push({
        name: `floor: RuncRuntime sandbox + container, ${n} at once p99`,
        value: ms(percentile(lat, 99)),
        unit: "ms",
        note: `wall ${ms(wall)} ms; no kubelet, no API, no CNI (loopback only)`,
      });
      await Promise.all(res.map((r) => rt.removePodSandbox(r.id)));
    }
    await rt.close();
    useSpawner(hostSpawner).close();

    // Plain runc: one bundle per container over the read-only busybox rootfs, `runc run -d`.
    const rootfs = buildBusyboxRootfs(join(base, "plain-rootfs"));
    const runcRoot = join(base, "plain-runc");
    const spec = JSON.parse(
      spawnSync("sh", ["-c", `cd ${base} && runc spec --rootless=false >/dev/null && cat config.json`], {
        encoding: "utf8",
      }).stdout,
    ) as { process: { args: string[]; terminal: boolean }; root: { path: string; readonly: boolean } };
    spec.process.args = ["sleep", "3600"];
    spec.process.terminal = false;
    spec.root = { path: rootfs, readonly: true };
    const runOne = (id: string): Promise<number> => {
      const bundle = join(base, "bundles", id);
      mkdirSync(bundle, { recursive: true });
      writeFileSync(join(bundle, "config.json"), JSON.stringify(spec));
      const t = performance.now();
      return new Promise((ok, fail) => {
        const p = spawn("runc", ["--root", runcRoot, "run", "-d", "--bundle", bundle, id], {
          stdio: "ignore",
        });
        p.once("exit", (code) =>
          code === 0 ? ok(performance.now() - t) : fail(new Error(`runc run ${code}`)),
        );
      });
    };
    for (const n of [1, 30]) {
      const ids = Array.from({ length: n }, (_, i) => `plain-${n}-${i}`);
      const t = performance.now();
      const lat = (await Promise.all(ids.map(runOne))).sort((a, b) => a - b);
      const wall = performance.now() - t;
      rows.push({
        name: `floor: plain \`runc run -d\`, ${n} at once p50`,
        value: ms(percentile(lat, 50)),
        unit: "ms",
      });
      rows.push({
        name: `floor: plain \`runc run -d\`, ${n} at once p99`,
        value: ms(percentile(lat, 99)),
        unit: "ms",
        note: `wall ${ms(wall)} ms; host network, no sandbox`,
      });
      for (const id of ids)
        spawnSync("runc", ["--root", runcRoot, "delete", "--force", id], { stdio: "ignore" });
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export async function benchKubelet(): Promise<Row[]> {
  const why = whyNoNode();
  if (why) return [{ name: "kubelet benchmarks skipped", value: 0, unit: "", note: why }];
  const rows: Row[] = [];
  image = busyboxTag((await busyboxVersion()) ?? "1.36");
  const only = process.env.K8TS_BENCH_KUBELET?.split(",");
  const want = (s: string) => !only || only.includes(s);
  if (want("latency")) await latencyAndOverhead(rows);
  if (want("density")) await densityLatency(rows);
  if (want("floor")) await floor(rows);
  if (want("quickstart")) await quickStart(rows);
  return rows;
}

// `node dist/bench/kubelet.js` runs this benchmark alone (K8TS_BENCH_KUBELET=latency,density,floor,quickstart picks parts).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  benchKubelet()
    .then((rows) => {
      for (const r of rows)
        console.log(
          `${r.name.padEnd(72)} ${String(r.value).padStart(8)} ${r.unit.padEnd(3)} ${r.target ?? ""} ${r.note ?? ""}`,
        );
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
