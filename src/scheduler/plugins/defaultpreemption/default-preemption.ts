// DefaultPreemption (PostFilter): when a pod fits nowhere, find nodes where evicting lower-priority pods would
// make room, pick one, nominate the pod to it (status.nominatedNodeName) and evict the victims — with a
// DisruptionTarget condition and a Preempted event each. The API calls run asynchronously, as upstream's async
// preemption; meanwhile PreEnqueue holds the preemptor back.
import type {
  EnqueueExtensions,
  Handle,
  NominatingInfo,
  PostFilterPlugin,
  PreEnqueuePlugin,
} from "../../framework/interface.js";
import type { ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { Pod } from "../../framework/types.js";
import { Diagnosis, FitError, type NodeToStatus } from "../../framework/fit-error.js";
import { isNotFound } from "../../../client/rest/errors.js";
import { pickOneNodeForPreemption, selectVictimsOnNode, type Candidate } from "./victims.js";
import { names } from "../names.js";

/** DefaultPreemptionArgs: dry-run at least this share / number of the potential nodes. */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

const podsPath = (ns: string, name: string, sub?: string) =>
  `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}${sub ? "/" + sub : ""}`;

export class DefaultPreemption implements PostFilterPlugin, PreEnqueuePlugin, EnqueueExtensions {
  readonly name = names.DefaultPreemption;
  private readonly minPct: number;
  private readonly minAbs: number;
  /** Preemptors whose victims are still being evicted. */
  private readonly preempting = new Set<string>();

  constructor(
    private readonly handle: Handle,
    args: DefaultPreemptionArgs = {},
  ) {
    this.minPct = args.minCandidateNodesPercentage ?? 10;
    this.minAbs = args.minCandidateNodesAbsolute ?? 100;
  }

  preEnqueue(pod: Pod): Result {
    if (pod.metadata.uid && this.preempting.has(pod.metadata.uid))
      return Status.of(
        Code.UnschedulableAndUnresolvable,
        "waiting for the preemption for this pod to be finished",
      );
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [];
  }

  postFilter(
    state: CycleState,
    pod: PodInfo,
    m: NodeToStatus,
  ): { nominatingInfo?: NominatingInfo; status: Result } {
    const r = this.preempt(state, pod, m);
    const msg = r.status?.message() ?? "";
    if (msg)
      return { nominatingInfo: r.nominatingInfo, status: new Status(r.status!.code, [`preemption: ${msg}`]) };
    return r;
  }

  /** Upstream's Evaluator.Preempt. */
  private preempt(
    state: CycleState,
    podIn: PodInfo,
    m: NodeToStatus,
  ): { nominatingInfo?: NominatingInfo; status: Result } {
    const h = this.handle;
    // The latest version of the pod, from the informer.
    const latest = h.listers.pods?.get(podIn.namespace, podIn.name);
    const pod = latest ? h.podInfoFor(latest) : podIn;
    const notEligible = this.podEligibleToPreemptOthers(pod, m);
    if (notEligible) return { status: Status.of(Code.Unschedulable, notEligible) };

    const lister = h.snapshotSharedLister();
    const allNodes = lister.list();
    const names = allNodes.map((n) => n.name);
    const potential = m.nodesForCode(names, Code.Unschedulable);
    const diag = new Diagnosis();
    let candidates: Candidate[] = [];
    if (potential.length > 0) {
      const pdbs = h.listers.podDisruptionBudgets?.list() ?? [];
      const n = potential.length;
      const offset = Math.floor(h.random() * n);
      const numCandidates = Math.min(n, Math.max(Math.trunc((n * this.minPct) / 100), this.minAbs));
      const nonViolating: Candidate[] = [];
      const violating: Candidate[] = [];
      for (let i = 0; i < n; i++) {
        const ni = lister.get(potential[(offset + i) % n]);
        if (!ni) continue;
        const r = selectVictimsOnNode(h, state.clone(), pod, ni.clone(), pdbs);
        if (!r.status && r.victims && r.victims.pods.length > 0) {
          (r.victims.numPDBViolations === 0 ? nonViolating : violating).push({
            name: ni.name,
            victims: r.victims,
          });
          if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
          continue;
        }
        const st =
          r.status ?? Status.error(new Error(`expected at least one victim pod on node "${ni.name}"`));
        diag.nodeToStatus.set(ni.name, st);
      }
      candidates = [...nonViolating, ...violating];
    }
    if (candidates.length === 0) {
      diag.nodeToStatus.absentNodesStatus = Status.of(
        Code.UnschedulableAndUnresolvable,
        "Preemption is not helpful for scheduling",
      );
      const fe = new FitError(pod.pod, allNodes.length, diag);
      return {
        nominatingInfo: { nominatedNodeName: "", mode: "override" },
        status: Status.of(Code.Unschedulable, fe.message()),
      };
    }
    const best = pickOneNodeForPreemption(candidates, h.now());
    if (!best) return { status: Status.of(Code.Unschedulable, "no candidate node for preemption") };
    this.prepareCandidateAsync(best, pod);
    return { nominatingInfo: { nominatedNodeName: best.name, mode: "override" }, status: null };
  }

  /** Why the pod may not preempt now, or "" (PodEligibleToPreemptOthers). */
  private podEligibleToPreemptOthers(pod: PodInfo, m: NodeToStatus): string {
    if (pod.preemptionPolicy === "Never") return "not eligible due to preemptionPolicy=Never.";
    const nnn = pod.pod.status?.nominatedNodeName;
    if (nnn) {
      // The nominated node no longer fits at all: look for another.
      if (m.get(nnn).code === Code.UnschedulableAndUnresolvable) return "";
      const ni = this.handle.snapshotSharedLister().get(nnn);
      if (ni)
        for (const p of ni.pods)
          if (p.priority < pod.priority && terminatingByPreemption(p.pod))
            return "not eligible due to a terminating pod on the nominated node.";
    }
    return "";
  }

  /** Evicts the victims and clears lower-priority nominations on the node, in the background. */
  private prepareCandidateAsync(c: Candidate, preemptor: PodInfo): void {
    const h = this.handle;
    const victims = c.victims.pods.filter((v) => !v.pod.metadata.deletionTimestamp);
    const lower = h.nominator.nominatedPodsForNode(c.name).filter((p) => p.priority < preemptor.priority);
    if (victims.length === 0 && lower.length === 0) return;
    const uid = preemptor.pod.metadata.uid ?? preemptor.key;
    this.preempting.add(uid);
    const run = async () => {
      for (const p of lower) await this.clearNominatedNodeName(p.pod);
      await Promise.all(victims.map((v) => this.preemptPod(c.name, preemptor, v)));
    };
    run()
      .catch((e: unknown) =>
        h.log.error({ err: String(e), pod: `${preemptor.namespace}/${preemptor.name}` }, "preemption failed"),
      )
      .finally(() => {
        this.preempting.delete(uid);
        h.activate([preemptor.pod]);
      });
  }

  private async clearNominatedNodeName(pod: Pod): Promise<void> {
    const client = this.handle.client;
    if (!client || !pod.status?.nominatedNodeName) return;
    await client.raw(
      "PATCH",
      podsPath(pod.metadata.namespace ?? "", pod.metadata.name ?? "", "status"),
      { status: { nominatedNodeName: null } },
      "application/strategic-merge-patch+json",
    );
  }

  /** Marks the victim DisruptionTarget, deletes it and records a Preempted event (upstream's PreemptPod). */
  private async preemptPod(node: string, preemptor: PodInfo, victim: PodInfo): Promise<void> {
    const h = this.handle;
    const client = h.client;
    if (!client) return;
    const ns = victim.namespace;
    const name = victim.name;
    const schedulerName = preemptor.pod.spec?.schedulerName || "default-scheduler";
    try {
      await client.raw(
        "PATCH",
        podsPath(ns, name, "status"),
        {
          status: {
            conditions: [
              {
                type: "DisruptionTarget",
                status: "True",
                reason: "PreemptionByScheduler",
                message: `${schedulerName}: preempting to accommodate a higher priority pod`,
                lastTransitionTime: new Date(h.now()).toISOString().replace(/\.\d{3}Z$/, "Z"),
              },
            ],
          },
        },
        "application/strategic-merge-patch+json",
      );
      await client.raw("DELETE", podsPath(ns, name), {});
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    h.log.info(
      { preemptor: `${preemptor.namespace}/${preemptor.name}`, victim: `${ns}/${name}`, node },
      "preemptor pod preempted victim pod",
    );
    h.recorder.eventf(
      victim.pod,
      "Normal",
      "Preempted",
      "Preempted by pod %v on node %v",
      preemptor.pod.metadata.uid,
      node,
    );
  }
}

/** Terminating because the scheduler preempted it (DisruptionTarget=True, reason PreemptionByScheduler). */
function terminatingByPreemption(p: Pod): boolean {
  if (!p.metadata.deletionTimestamp) return false;
  const c = p.status?.conditions?.find((x) => x.type === "DisruptionTarget");
  return !!c && c.status === "True" && c.reason === "PreemptionByScheduler";
}
