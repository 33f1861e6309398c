// Choosing preemption victims on one node (SelectVictimsOnNode) and choosing among candidate nodes
// (pickOneNodeForPreemption), as upstream: remove every lower-priority pod, check the preemptor fits, then
// reprieve as many as possible — PDB-violating ones first, most important first — and prefer the node with the
// fewest PDB violations, the lowest highest victim priority, the lowest priority sum, the fewest victims, and
// the latest start of its highest-priority victims.
import type { Handle } from "../../framework/interface.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { NodeInfo } from "../../framework/node-info.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { Code, Status, isSuccess, type Result } from "../../framework/status.js";
import type { KubeObject } from "../../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../../client/informer/cache.js";

type PDB = DeepReadonly<KubeObject>;
import { fromLabelSelector, isEmpty, matches } from "../../util/labels.js";

export interface Victims {
  pods: PodInfo[];
  numPDBViolations: number;
}

export interface Candidate {
  name: string;
  victims: Victims;
}

/** When the pod started; pods not yet started count as starting now (GetPodStartTime). */
export function podStartTime(p: PodInfo, now: number): number {
  const t = p.pod.status?.startTime;
  return t ? Date.parse(t) : now;
}

/** Higher priority first, then the pod that started earlier (util.MoreImportantPod). */
export function moreImportantPod(a: PodInfo, b: PodInfo, now: number): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** Splits pods (order kept) into those whose eviction would exceed a PDB's disruptionsAllowed and the rest. */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PDB[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => ((p as any).status?.disruptionsAllowed as number | undefined) ?? 0);
  const selectors = pdbs.map((p) => fromLabelSelector((p as any).spec?.selector));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    let violated = false;
    const labels = pi.pod.metadata.labels;
    if (labels && Object.keys(labels).length > 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i] as any;
        if (pdb.metadata.namespace !== pi.namespace) continue;
        const sel = selectors[i];
        // Invalid, nil or empty selectors match nothing.
        if (typeof sel === "string" || sel === null || isEmpty(sel) || !matches(sel, labels)) continue;
        // Already being disrupted: processed by the API server, not a violation.
        if (pdb.status?.disruptedPods && pi.name in pdb.status.disruptedPods) continue;
        allowed[i]--;
        if (allowed[i] < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return { violating, nonViolating };
}

/**
 * The fewest pods to evict from this node (a copy) so that the preemptor fits; `state` is a copy too.
 * Returns the victims (most important first) and how many of them violate a PDB.
 */
export function selectVictimsOnNode(
  h: Handle,
  state: CycleState,
  pod: PodInfo,
  nodeInfo: NodeInfo,
  pdbs: readonly PDB[],
): { victims?: Victims; status: Result } {
  const now = h.now();
  const remove = (pi: PodInfo): Result => {
    nodeInfo.removePod(pi.pod);
    return h.runPreFilterExtensionRemovePod(state, pod, pi, nodeInfo);
  };
  const add = (pi: PodInfo): Result => {
    nodeInfo.addPodInfo(pi);
    return h.runPreFilterExtensionAddPod(state, pod, pi, nodeInfo);
  };
  const potential = nodeInfo.pods.filter((p) => p.priority < pod.priority);
  for (const p of potential) {
    const s = remove(p);
    if (!isSuccess(s)) return { status: s };
  }
  if (potential.length === 0)
    return {
      status: Status.of(Code.UnschedulableAndUnresolvable, "No preemption victims found for incoming pod"),
    };
  const fits = h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
  if (!isSuccess(fits)) return { status: fits };
  potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numViolating = 0;
  const reprieve = (p: PodInfo): { fits: boolean; status: Result } => {
    const s = add(p);
    if (!isSuccess(s)) return { fits: false, status: s };
    const ok = isSuccess(h.runFilterPluginsWithNominatedPods(state, pod, nodeInfo));
    if (!ok) {
      const r = remove(p);
      if (!isSuccess(r)) return { fits: false, status: r };
      victims.push(p);
    }
    return { fits: ok, status: null };
  };
  for (const p of violating) {
    const r = reprieve(p);
    if (r.status) return { status: r.status };
    if (!r.fits) numViolating++;
  }
  for (const p of nonViolating) {
    const r = reprieve(p);
    if (r.status) return { status: r.status };
  }
  if (violating.length && nonViolating.length)
    victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  return { victims: { pods: victims, numPDBViolations: numViolating }, status: null };
}

/** The earliest start among the victims of the highest priority (GetEarliestPodStartTime). */
function earliestStartOfHighestPriority(v: Victims, now: number): number {
  let maxPriority = v.pods[0].priority;
  let earliest = podStartTime(v.pods[0], now);
  for (const p of v.pods) {
    if (p.priority === maxPriority) earliest = Math.min(earliest, podStartTime(p, now));
    else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = podStartTime(p, now);
    }
  }
  return earliest;
}

/** pickOneNodeForPreemption: each criterion in turn narrows the ties; the first remaining node wins. */
export function pickOneNodeForPreemption(
  candidates: readonly Candidate[],
  now: number,
): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const scoreFuncs: ((c: Candidate) => number)[] = [
    (c) => -c.victims.numPDBViolations,
    (c) => -c.victims.pods[0].priority,
    // + 2^31 so that negative priorities do not favour nodes with more victims.
    (c) => -c.victims.pods.reduce((s, p) => s + p.priority + 2147483648, 0),
    (c) => -c.victims.pods.length,
    (c) => earliestStartOfHighestPriority(c.victims, now),
  ];
  let all = candidates.slice();
  for (const f of scoreFuncs) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of all) {
      const s = f(c);
      if (s > best) {
        best = s;
        selected = [c];
      } else if (s === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    all = selected;
  }
  return all[0];
}
