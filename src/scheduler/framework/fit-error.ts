// Why a pod fits nowhere (upstream's Diagnosis and FitError), and the message users read in the
// FailedScheduling event and the PodScheduled condition:
//   "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {k: v}. preemption: ..."
import { Code, Status, isRejected } from "./status.js";
import type { Pod } from "./types.js";

/** Each rejected node's status, and one status for nodes not listed (all of them when PreFilter failed). */
export class NodeToStatus {
  private readonly m = new Map<string, Status>();
  absentNodesStatus: Status = Status.of(Code.UnschedulableAndUnresolvable);

  get(node: string): Status {
    return this.m.get(node) ?? this.absentNodesStatus;
  }
  set(node: string, s: Status): void {
    this.m.set(node, s);
  }
  get size(): number {
    return this.m.size;
  }
  entries(): IterableIterator<[string, Status]> {
    return this.m.entries();
  }
  /** Names of listed nodes with this code; all nodes when the absent status has it (NodesForStatusCode). */
  nodesForCode(all: readonly string[], code: Code): string[] {
    if (this.absentNodesStatus.code === code)
      return all.filter((n) => (this.m.get(n)?.code ?? code) === code);
    const out: string[] = [];
    for (const [n, s] of this.m) if (s.code === code) out.push(n);
    return out;
  }
}

export class Diagnosis {
  nodeToStatus = new NodeToStatus();
  /** Plugins that returned Unschedulable(AndUnresolvable): the events they register can move the pod. */
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  preFilterMsg = "";
  postFilterMsg = "";

  addPluginStatus(s: Status): void {
    if (!s.plugin) return;
    if (isRejected(s)) this.unschedulablePlugins.add(s.plugin);
    if (s.code === Code.Pending) this.pendingPlugins.add(s.plugin);
  }
}

export class FitError {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  /** Upstream's FitError.Error(): "0/N nodes are available: <PreFilterMsg>. <sorted reason histogram>. <PostFilterMsg>" */
  message(): string {
    let msg = `0/${this.numAllNodes} nodes are available:`;
    const d = this.diagnosis;
    if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
    else {
      const counts = new Map<string, number>();
      for (const [, s] of d.nodeToStatus.entries())
        for (const r of s.allReasons()) counts.set(r, (counts.get(r) ?? 0) + 1);
      const absent = this.numAllNodes - d.nodeToStatus.size;
      if (absent > 0)
        for (const r of d.nodeToStatus.absentNodesStatus.allReasons())
          counts.set(r, (counts.get(r) ?? 0) + absent);
      // Go's sort.Strings orders bytes; for these ASCII strings that is JS's default order.
      const hist = [...counts].map(([r, n]) => `${n} ${r}`).sort();
      if (hist.length) msg += ` ${hist.join(", ")}.`;
    }
    if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
    return msg;
  }
}

/** Upstream's ErrNoNodesAvailable. */
export const errNoNodesAvailable = "no nodes available to schedule pods";
