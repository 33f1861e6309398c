// Scheduler throughput (issue 3's speed target), in the shapes of upstream's scheduler_perf: SchedulingBasic
// (5,000 nodes, 10,000 pods of 100m/500Mi), TopologySpreading (zone spread, maxSkew 5) and
// SchedulingPodAntiAffinity (required anti-affinity per hostname). Each shape runs against a fresh real
// `k8ts server`: Node objects are created through the API (allocatable set via the status subresource), the
// scheduler runs in this process, and a pod counts as scheduled when the informer shows it bound.
//  - "queued": all pods exist before the scheduler starts; pods/s from its start to the last bind.
//  - "end to end": pods are created (64 concurrent clients) while the scheduler runs; pods/s from the first
//    create to the last bind.
import { startServer, type RunningServer } from "../test/e2e/harness.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { RestClient } from "../src/client/rest/client.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { EventRecorder } from "../src/client/record/recorder.js";
import { silentLogger } from "../src/client/log.js";
import { clientFor } from "../src/client/index.js";
import { pods as podsRT } from "../src/api/core/v1/pod.js";
import { nodes as nodesRT } from "../src/api/core/v1/node.js";
import { events as eventsRT } from "../src/api/core/v1/event.js";
import { namespaces as namespacesRT } from "../src/api/core/v1/namespace.js";
import { createScheduler } from "../src/scheduler/scheduler.js";
import { load, type Row } from "./common.js";
import { readFile } from "node:fs/promises";
import { setMaxListeners } from "node:events";

/** CPU seconds (user + system) a process has used, from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const f = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Shape {
  name: string;
  nodes: number;
  pods: number;
  node: (i: number) => object;
  pod: (i: number) => object;
  namespace: string;
}

const zones = ["moon-1", "moon-2", "moon-3"];

/** scheduler_perf's node-default.yaml (4 CPU, 32Gi, 110 pods), with a hostname and a zone label. */
const nodeTemplate = (i: number) => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: {
    name: `scheduler-perf-${i}`,
    labels: { "kubernetes.io/hostname": `scheduler-perf-${i}`, "topology.kubernetes.io/zone": zones[i % 3] },
  },
  spec: {},
  status: {
    capacity: { pods: "110", cpu: "4", memory: "32Gi" },
    allocatable: { pods: "110", cpu: "4", memory: "32Gi" },
    conditions: [{ type: "Ready", status: "True" }],
    phase: "Running",
  },
});

const container = { name: "pause", image: "registry.k8s.io/pause:3.10", ports: [{ containerPort: 80 }] };

/** pod-default.yaml: 100m CPU, 500Mi. */
const basicPod = (i: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `pod-${i}` },
  spec: {
    containers: [
      {
        ...container,
        resources: { requests: { cpu: "100m", memory: "500Mi" }, limits: { cpu: "100m", memory: "500Mi" } },
      },
    ],
  },
});

/** pod-with-topology-spreading.yaml: zone spread, maxSkew 5, DoNotSchedule. */
const spreadPod = (i: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `spreading-pod-${i}`, labels: { color: "blue" } },
  spec: {
    topologySpreadConstraints: [
      {
        maxSkew: 5,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "DoNotSchedule",
        labelSelector: { matchLabels: { color: "blue" } },
      },
    ],
    containers: [{ ...container, resources: { requests: { cpu: "100m", memory: "500Mi" } } }],
  },
});

/** pod-with-pod-anti-affinity.yaml: one per host among pods labelled color=green. */
const antiAffinityPod = (i: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `anti-affinity-pod-${i}`, labels: { color: "green", name: "test" } },
  spec: {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          {
            labelSelector: { matchLabels: { color: "green" } },
            topologyKey: "kubernetes.io/hostname",
            namespaces: ["sched-0", "sched-1"],
          },
        ],
      },
    },
    containers: [{ ...container, resources: { requests: { cpu: "100m", memory: "500Mi" } } }],
  },
});

const envInt = (name: string, def: number) => Number(process.env[name] ?? def);

function shapes(): Shape[] {
  return [
    {
      name: "SchedulingBasic",
      nodes: envInt("SCHED_BENCH_NODES", 5000),
      pods: envInt("SCHED_BENCH_PODS", 10000),
      node: nodeTemplate,
      pod: basicPod,
      namespace: "sched-0",
    },
    {
      name: "TopologySpreading",
      nodes: envInt("SCHED_BENCH_SPREAD_NODES", 5000),
      pods: envInt("SCHED_BENCH_SPREAD_PODS", 5000),
      node: nodeTemplate,
      pod: spreadPod,
      namespace: "sched-0",
    },
    {
      name: "SchedulingPodAntiAffinity",
      nodes: envInt("SCHED_BENCH_ANTI_NODES", 5000),
      pods: envInt("SCHED_BENCH_ANTI_PODS", 2000),
      node: nodeTemplate,
      pod: antiAffinityPod,
      namespace: "sched-0",
    },
  ];
}

interface Env {
  server: RunningServer;
  rest: RestClient;
}

async function setUp(shape: Shape): Promise<Env> {
  const server = await startServer({
    extraArgs: ["--log-level", "warn", "--disable-scheduler", "--disable-controller-manager"],
  });
  const rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 1e6, burst: 1e6 });
  try {
    await rest.raw("POST", "/api/v1/namespaces/default/pods/probe/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "probe" },
      target: { kind: "Node", name: "none" },
    });
  } catch (e) {
    if ((e as { code?: number }).code === 405) {
      rest.close();
      await server.stop();
      throw new Error(`the API server does not serve pods/binding yet: ${(e as Error).message}`);
    }
  }
  const nodes = clientFor(rest, nodesRT);
  await clientFor(rest, namespacesRT).create("", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: shape.namespace },
  });
  await load(shape.nodes, 64, async (i) => {
    const n = shape.node(i) as { metadata: { name: string }; status: unknown };
    const created = await nodes.create("", { ...n, status: undefined });
    await nodes.updateStatus("", n.metadata.name, { ...created, status: n.status });
  });
  return { server, rest };
}

async function tearDown(env: Env): Promise<void> {
  env.rest.close();
  await env.server.stop();
}

/** Runs the scheduler until `pods` pods are bound; returns ms from `t0()` to the last bind. */
async function schedule(
  env: Env,
  shape: Shape,
  createWhileRunning: boolean,
): Promise<{ ms: number; bound: number; serverCpu: number; ownCpu: number; eventsLagMs: number }> {
  const { rest } = env;
  const podsC = clientFor(rest, podsRT);
  const create = () =>
    load(shape.pods, 64, (i) => podsC.create(shape.namespace, shape.pod(i)).then(() => undefined));
  if (!createWhileRunning) await create();
  const informers = new SharedInformerFactory(rest);
  const eventsC = clientFor(rest, eventsRT);
  const recorders: EventRecorder[] = [];
  const sched = createScheduler({
    client: rest,
    informers,
    recorder: (component) => {
      const r = new EventRecorder({ events: eventsC, component });
      recorders.push(r);
      return r;
    },
    log: silentLogger,
  });
  let bound = 0;
  let last = 0;
  let done!: () => void;
  const allBound = new Promise<void>((r) => (done = r));
  const podInformer = informers.informerFor(podsRT);
  const count = (p: any) => {
    if (p.spec?.nodeName && p.metadata.namespace === shape.namespace) {
      bound++;
      last = performance.now();
      if (bound === shape.pods) done();
    }
  };
  podInformer.addEventHandler({
    onAdd: count,
    onUpdate: (o: any, n: any) => {
      if (!o.spec?.nodeName) count(n);
    },
  });
  const stop = new AbortController();
  // Nine informers and the scheduler listen on one signal.
  setMaxListeners(50, stop.signal);
  informers.start(stop.signal);
  await informers.waitForCacheSync();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const server0 = await cpuSeconds(env.server.proc.pid!);
  const running = sched.run(stop.signal);
  if (createWhileRunning) await create();
  const timeout = setTimeout(done, 600_000);
  await allBound;
  clearTimeout(timeout);
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = (await cpuSeconds(env.server.proc.pid!)) - server0;
  stop.abort();
  await running;
  // The recorder writes events one at a time, behind the bindings: wait for it before the server goes.
  await Promise.all(recorders.map((r) => r.flush()));
  const eventsLagMs = performance.now() - last;
  return { ms: last - t0, bound, serverCpu, ownCpu: (cpu.user + cpu.system) / 1e6, eventsLagMs };
}

export async function benchScheduler(): Promise<Row[]> {
  const rows: Row[] = [];
  const only = process.env.SCHED_BENCH_SHAPES?.split(",");
  for (const shape of shapes()) {
    if (only && !only.includes(shape.name)) continue;
    const modes: [string, boolean][] =
      shape.name === "SchedulingBasic"
        ? [
            ["queued", false],
            ["end to end", true],
          ]
        : [["queued", false]];
    for (const [mode, whileRunning] of modes) {
      const t = performance.now();
      const env = await setUp(shape);
      const setupS = (performance.now() - t) / 1000;
      try {
        const r = await schedule(env, shape, whileRunning);
        const rate = Math.round((r.bound / r.ms) * 1000);
        rows.push({
          name: `scheduler ${shape.name} ${shape.nodes} nodes, ${shape.pods} pods (${mode})`,
          value: rate,
          unit: "pods/s",
          target: shape.name === "SchedulingBasic" ? "≥ 1500" : undefined,
          note:
            `${r.bound} bound in ${(r.ms / 1000).toFixed(1)} s; CPU: scheduler process ${r.ownCpu.toFixed(1)} s, ` +
            `server ${r.serverCpu.toFixed(1)} s; Scheduled events written ${(r.eventsLagMs / 1000).toFixed(1)} s after the last bind; ` +
            `${shape.nodes} nodes created in ${setupS.toFixed(1)} s`,
        });
      } finally {
        await tearDown(env);
      }
    }
  }
  return rows;
}

// `node dist/bench/scheduler.js` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchScheduler().then(
    (rows) => {
      for (const r of rows)
        console.log(`${r.name.padEnd(72)} ${String(r.value).padStart(7)} ${r.unit}  ${r.note ?? ""}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
