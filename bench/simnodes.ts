// KWOK's benchmark shape against a real `k8ts server` (its scheduler and controller manager running):
// 5,000 simulated nodes Ready, then 10,000 pods bound to them (spec.nodeName) Running — timed through the API,
// as a watcher sees them — and the server's memory afterwards, per object. The simulated kubelet and node
// IPAM (pods need a podCIDR for their addresses) run in this process, as a second host would run them.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { rssMb, startBenchServer, type BenchServer, type Row } from "./common.js";
import { RestClient } from "../src/client/rest/client.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { EventRecorder } from "../src/client/record/recorder.js";
import { silentLogger } from "../src/client/log.js";
import { clientFor } from "../src/client/index.js";
import { nodes as nodeResource, type Node } from "../src/api/core/v1/node.js";
import { pods as podResource, type Pod } from "../src/api/core/v1/pod.js";
import { events as eventResource } from "../src/api/core/v1/event.js";
import { createSimulatedNodes } from "../src/kubelet/simulated/index.js";
import { newNodeIPAMController } from "../src/controllers/nodeipam/index.js";
import type { ControllerContext } from "../src/controllers/controller.js";

export interface SimNodesBenchOptions {
  nodes?: number;
  pods?: number;
  /** Concurrent pod creates from the load generator. */
  createConcurrency?: number;
  /** Run the server's scheduler and controller manager too (default); false: the API server alone. */
  controlPlane?: boolean;
}

function startServer(controlPlane: boolean): Promise<BenchServer> {
  // The whole control plane runs (scheduler, controller manager), except node IPAM: this benchmark runs its
  // own with a cluster CIDR wide enough for 5,000 nodes (the server's default /16 has 256 /24s).
  return startBenchServer(
    controlPlane ? ["--controllers", "*,-nodeipam"] : ["--disable-controller-manager", "--disable-scheduler"],
  );
}

/** Resolves when pred holds (checked every 20 ms). */
function until(pred: () => boolean): Promise<void> {
  return new Promise((ok) => {
    const t = setInterval(() => {
      if (pred()) {
        clearInterval(t);
        ok();
      }
    }, 20);
  });
}

export async function benchSimNodes(o: SimNodesBenchOptions = {}): Promise<Row[]> {
  const nodeCount = o.nodes ?? 5000;
  const podCount = o.pods ?? 10_000;
  const rows: Row[] = [];
  const controlPlane = o.controlPlane ?? true;
  const what = controlPlane ? "" : ", API server alone";
  const server = await startServer(controlPlane);
  const ac = new AbortController();
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idle = await rssMb(server.pid);
    const cfg = await loadKubeconfig(server.kubeconfig);
    const client = new RestClient({ ...cfg, qps: 0, burst: 0, userAgent: "k8ts-sim" });
    const loadClient = new RestClient({ ...cfg, qps: 0, burst: 0, userAgent: "bench" });
    const informers = new SharedInformerFactory(client);
    const ctx: ControllerContext = {
      client,
      informers,
      log: silentLogger,
      options: { clusterCIDR: "10.128.0.0/9", nodeCIDRMaskSize: 24 },
      recorder: (component) => new EventRecorder({ events: clientFor(client, eventResource), component }),
    };
    // Watch what a user would: nodes Ready, pods Running.
    const nodeInf = informers.informerFor<Node & { metadata: { name: string } }>(nodeResource);
    const podInf = informers.informerFor<Pod & { metadata: { name: string } }>(podResource);
    const readyNodes = new Set<string>();
    const cidrNodes = new Set<string>();
    const onNode = (n: Node) => {
      const name = n.metadata?.name ?? "";
      if (n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True") readyNodes.add(name);
      if (n.spec?.podCIDR) cidrNodes.add(name);
    };
    nodeInf.addEventHandler({ onAdd: (n) => onNode(n as Node), onUpdate: (_, n) => onNode(n as Node) });
    const runningPods = new Set<string>();
    const onPod = (p: Pod) => {
      if (p.status?.phase === "Running") runningPods.add(p.metadata?.name ?? "");
    };
    podInf.addEventHandler({ onAdd: (p) => onPod(p as Pod), onUpdate: (_, p) => onPod(p as Pod) });

    const sim = createSimulatedNodes(ctx, {
      count: nodeCount,
      capacity: { cpu: "32", memory: "256Gi", pods: "110" },
    });
    const ipam = newNodeIPAMController(ctx);
    informers.start(ac.signal);
    await informers.waitForCacheSync();
    const t0 = performance.now();
    const running = [sim.run(ac.signal), ipam.run(ac.signal)];
    await until(() => readyNodes.size >= nodeCount);
    const nodesReady = (performance.now() - t0) / 1000;
    rows.push({
      name: `${nodeCount} simulated nodes Ready (as a watcher sees them${what})`,
      value: Number(nodesReady.toFixed(2)),
      unit: "s",
      target: "< 10 s",
    });
    await until(() => cidrNodes.size >= nodeCount);
    rows.push({
      name: `... and all ${nodeCount} podCIDRs assigned (node IPAM)`,
      value: Number(((performance.now() - t0) / 1000).toFixed(2)),
      unit: "s",
    });

    // 10,000 pods bound round-robin to the nodes, created by concurrent clients.
    const pods = clientFor<Pod>(loadClient, podResource);
    const conc = o.createConcurrency ?? 64;
    const t1 = performance.now();
    let next = 0;
    let createdAt = 0;
    const creators = Array.from({ length: conc }, async () => {
      for (;;) {
        const i = next++;
        if (i >= podCount) return;
        await pods.create("default", {
          metadata: { name: `p-${i}`, labels: { app: "bench" } },
          spec: {
            nodeName: `sim-${i % nodeCount}`,
            containers: [
              { name: "c", image: "busybox:1.36", resources: { requests: { cpu: "10m", memory: "16Mi" } } },
            ],
          },
        });
      }
    });
    void Promise.all(creators).then(() => (createdAt = performance.now()));
    await until(() => runningPods.size >= podCount);
    const podsRunning = (performance.now() - t1) / 1000;
    await Promise.all(creators);
    rows.push({
      name: `${podCount} pods (bound via spec.nodeName) Running, from first create${what}`,
      value: Number(podsRunning.toFixed(2)),
      unit: "s",
      target: "< 15 s",
      note: `creates alone: ${((createdAt - t1) / 1000).toFixed(2)} s (${Math.round((podCount / (createdAt - t1)) * 1000)}/s, ${conc} clients)`,
    });
    await new Promise((r) => setTimeout(r, 2000));
    const rss = await rssMb(server.pid);
    const objects = nodeCount * 2 + podCount; // nodes, their leases, pods
    rows.push({
      name: `server RSS with ${nodeCount} nodes, ${nodeCount} leases, ${podCount} pods${what}`,
      value: Math.round(rss),
      unit: "MB",
      note: `idle ${Math.round(idle)} MB`,
    });
    rows.push({
      name: "simulator + node IPAM process RSS (their informer caches included)",
      value: Math.round(process.memoryUsage().rss / 2 ** 20),
      unit: "MB",
    });
    rows.push({
      name: "server RSS per object (above idle)",
      value: Number((((rss - idle) * 1024) / objects).toFixed(1)),
      unit: "KB",
    });
    ac.abort();
    await Promise.allSettled(running);
    client.close();
    loadClient.close();
  } finally {
    ac.abort();
    await server.stop();
  }
  return rows;
}

// `node dist/bench/simnodes.js [nodes] [pods] [apiserver-only]` runs this benchmark alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [nodes, pods, controlPlane] = process.argv.slice(2);
  benchSimNodes({
    nodes: Number(nodes) || undefined,
    pods: Number(pods) || undefined,
    controlPlane: controlPlane !== "apiserver-only",
  })
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
