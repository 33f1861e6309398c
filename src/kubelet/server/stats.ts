// /stats/summary in upstream's Summary shape (k8s.io/kubelet/pkg/apis/stats/v1alpha1), best effort from
// the runtime's container stats: per pod and container cpu (usageCoreNanoSeconds, and usageNanoCores
// from the previous sample) and memory (workingSetBytes, usageBytes).
import type { ContainerStats, RuntimeService } from "../../runtime/cri.js";
import { CONTAINER_NAME_LABEL, POD_NAMESPACE_LABEL, POD_NAME_LABEL, podUid } from "./containers.js";

type Json = Record<string, unknown>;

export class SummaryProvider {
  private readonly last = new Map<string, { ts: number; cpu: number }>();

  constructor(
    private readonly runtime: RuntimeService,
    private readonly node: () => Promise<unknown>,
  ) {}

  private cpu(s: ContainerStats): Json {
    const prev = this.last.get(s.id);
    this.last.set(s.id, { ts: s.timestamp, cpu: s.cpuUsageCoreNanoSeconds });
    const out: Json = {
      time: new Date(s.timestamp).toISOString(),
      usageCoreNanoSeconds: s.cpuUsageCoreNanoSeconds,
    };
    if (prev && s.timestamp > prev.ts)
      out.usageNanoCores = Math.max(
        0,
        Math.round(((s.cpuUsageCoreNanoSeconds - prev.cpu) * 1000) / (s.timestamp - prev.ts)),
      );
    return out;
  }

  async summary(): Promise<Json> {
    const [sandboxes, containers, stats] = await Promise.all([
      this.runtime.listPodSandbox({ state: "SANDBOX_READY" }),
      this.runtime.listContainers({ state: "CONTAINER_RUNNING" }),
      this.runtime.listContainerStats(),
    ]);
    const byId = new Map(stats.map((s) => [s.id, s]));
    const pods = sandboxes.map((sb) => {
      const cs = containers
        .filter((c) => c.podSandboxId === sb.id)
        .map((c) => {
          const s = byId.get(c.id);
          return {
            name: c.labels[CONTAINER_NAME_LABEL] ?? c.metadata.name,
            startTime: new Date(c.createdAt).toISOString(),
            ...(s
              ? {
                  cpu: this.cpu(s),
                  memory: {
                    time: new Date(s.timestamp).toISOString(),
                    workingSetBytes: s.memoryWorkingSetBytes,
                    usageBytes: s.memoryUsageBytes,
                  },
                }
              : {}),
          };
        });
      const sum = (f: (c: (typeof cs)[number]) => number | undefined) =>
        cs.reduce((n, c) => n + (f(c) ?? 0), 0);
      return {
        podRef: {
          name: sb.labels[POD_NAME_LABEL] ?? sb.metadata.name,
          namespace: sb.labels[POD_NAMESPACE_LABEL] ?? sb.metadata.namespace,
          uid: podUid(sb),
        },
        startTime: new Date(sb.createdAt).toISOString(),
        containers: cs,
        cpu: {
          time: new Date().toISOString(),
          usageCoreNanoSeconds: sum((c) => c.cpu?.usageCoreNanoSeconds as number | undefined),
          usageNanoCores: sum((c) => c.cpu?.usageNanoCores as number | undefined),
        },
        memory: {
          time: new Date().toISOString(),
          workingSetBytes: sum((c) => c.memory?.workingSetBytes),
          usageBytes: sum((c) => c.memory?.usageBytes),
        },
      };
    });
    const live = new Set(stats.map((s) => s.id));
    for (const id of this.last.keys()) if (!live.has(id)) this.last.delete(id);
    return { node: (await this.node()) ?? {}, pods };
  }
}
