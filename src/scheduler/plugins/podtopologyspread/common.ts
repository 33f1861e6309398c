// Spread constraints as PodTopologySpread evaluates them: the pod's own constraints, or — when it has none —
// the cluster defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with a selector built from the
// Services, ReplicaSets, StatefulSets and ReplicationControllers that select the pod.
import type { Handle } from "../../framework/interface.js";
import type { Node, Pod } from "../../framework/types.js";
import { labelHostname, labelTopologyZone } from "../../framework/types.js";
import type { NodeInfo } from "../../framework/node-info.js";
import type { PodInfo } from "../../framework/pod-info.js";
import {
  everything,
  fromLabelSelector,
  fromSet,
  withRequirements,
  isEmpty,
  matches,
  type Requirement,
  type Selector,
} from "../../util/labels.js";
import type { RequiredNodeAffinity } from "../../util/nodeaffinity.js";
import { doNotScheduleTaint, findMatchingUntoleratedTaint } from "../../util/taints.js";

type Labels = Readonly<Record<string, string>> | undefined;
type ApiConstraint = NonNullable<NonNullable<Pod["spec"]>["topologySpreadConstraints"]>[number];

export type NodeInclusionPolicy = "Honor" | "Ignore";

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: NodeInclusionPolicy;
  nodeTaintsPolicy: NodeInclusionPolicy;
}

/** A cluster default constraint (PodTopologySpreadArgs.defaultConstraints). */
export interface DefaultConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
}

/** Upstream's systemDefaultConstraints. */
export const systemDefaultConstraints: DefaultConstraint[] = [
  { topologyKey: labelHostname, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: labelTopologyZone, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** The constraints with the given whenUnsatisfiable, selectors compiled (matchLabelKeys merged in). */
export function filterConstraints(
  constraints: readonly ApiConstraint[],
  podLabels: Labels,
  action: string,
): Constraint[] | string {
  const out: Constraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = fromLabelSelector(c.labelSelector);
    if (typeof selector === "string") return selector;
    const extra: Requirement[] = [];
    for (const k of c.matchLabelKeys ?? []) {
      const v = podLabels?.[k];
      if (v !== undefined) extra.push({ key: k, operator: "in", values: [v] });
    }
    if (extra.length) selector = withRequirements(selector, extra);
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: (c.nodeAffinityPolicy as NodeInclusionPolicy) ?? "Honor",
      nodeTaintsPolicy: (c.nodeTaintsPolicy as NodeInclusionPolicy) ?? "Ignore",
    });
  }
  return out;
}

interface ControllerRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  controller?: boolean;
}

/**
 * helper.DefaultSelector: the union of the pod's Services' selectors, plus the selector of its controlling
 * ReplicaSet, StatefulSet or ReplicationController.
 */
export function defaultSelector(pod: Pod, handle: Handle): Selector {
  const ns = pod.metadata.namespace ?? "";
  const set: Record<string, string> = {};
  for (const svc of handle.listers.services?.list(ns) ?? []) {
    const sel = (svc as any).spec?.selector as Record<string, string> | undefined;
    if (!sel) continue;
    const s = fromSet(sel);
    if (isEmpty(s) || !matches(s, pod.metadata.labels)) continue;
    Object.assign(set, sel);
  }
  let selector: Selector = fromSet(set);
  const owner = (pod.metadata.ownerReferences as readonly ControllerRef[] | undefined)?.find(
    (o) => o.controller,
  );
  if (!owner?.name) return selector;
  const lookup = (kind: string, apiVersion: string) => owner.kind === kind && owner.apiVersion === apiVersion;
  if (lookup("ReplicationController", "v1")) {
    const rc = handle.listers.replicationControllers?.get(ns, owner.name) as any;
    if (rc?.spec?.selector) selector = fromSet({ ...set, ...rc.spec.selector });
  } else if (lookup("ReplicaSet", "apps/v1") || lookup("StatefulSet", "apps/v1")) {
    const lister = owner.kind === "ReplicaSet" ? handle.listers.replicaSets : handle.listers.statefulSets;
    const obj = lister?.get(ns, owner.name) as any;
    if (obj) {
      const other = fromLabelSelector(obj.spec?.selector);
      if (typeof other !== "string" && other !== null)
        selector = withRequirements(selector ?? everything, other.requirements);
    }
  }
  return selector;
}

/** Cluster default constraints for a pod without its own; none when no Service or controller selects it. */
export function buildDefaultConstraints(
  pod: Pod,
  defaults: readonly DefaultConstraint[],
  action: string,
  handle: Handle,
): Constraint[] {
  const filtered = filterConstraints(defaults, pod.metadata.labels, action);
  if (typeof filtered === "string" || filtered.length === 0) return [];
  const selector = defaultSelector(pod, handle);
  if (selector === null || isEmpty(selector)) return [];
  return filtered.map((c) => ({ ...c, selector }));
}

/** The node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(
  labels: Labels,
  constraints: readonly Constraint[],
): boolean {
  if (!labels) return constraints.length === 0;
  for (const c of constraints) if (!(c.topologyKey in labels)) return false;
  return true;
}

/** Whether a node counts for a constraint under its node inclusion policies. */
export function matchNodeInclusionPolicies(
  c: Constraint,
  pod: Pod,
  node: Node,
  required: RequiredNodeAffinity,
): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !required.match(node)) return false;
  if (
    c.nodeTaintsPolicy === "Honor" &&
    findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint)
  )
    return false;
  return true;
}

/** Pods in the namespace matching the selector, not terminating; an empty selector counts none. */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector === null || isEmpty(selector)) return 0;
  let n = 0;
  for (const p of pods) {
    const m = p.pod.metadata;
    if (m.deletionTimestamp || m.namespace !== ns) continue;
    if (matches(selector, m.labels)) n++;
  }
  return n;
}

export type { NodeInfo };
