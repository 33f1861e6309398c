// A pod with what the scheduler derives from it once (upstream's PodInfo): parsed (anti-)affinity terms,
// resource requests, host ports and priority. Built when a pod enters the queue or the cache, so that
// Filter and Score never re-parse the spec per node.
import type { Pod } from "./types.js";
import { calculatePodResource, type PodResource } from "./resource.js";
import { fromLabelSelector, matches, type Selector } from "../util/labels.js";

type Labels = Readonly<Record<string, string>> | undefined;
type PodAffinityTerm = NonNullable<
  NonNullable<
    NonNullable<NonNullable<Pod["spec"]>["affinity"]>["podAffinity"]
  >["requiredDuringSchedulingIgnoredDuringExecution"]
>[number];
type WeightedPodAffinityTerm = NonNullable<
  NonNullable<
    NonNullable<NonNullable<Pod["spec"]>["affinity"]>["podAffinity"]
  >["preferredDuringSchedulingIgnoredDuringExecution"]
>[number];

/** A processed PodAffinityTerm: the namespaces it names, its selectors and its topology key. */
export interface AffinityTerm {
  namespaces: Set<string>;
  selector: Selector;
  topologyKey: string;
  namespaceSelector: Selector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** AffinityTerm.Matches: the pod is in one of the term's namespaces and its labels match the selector. */
export function termMatches(t: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (t.namespaces.has(pod.metadata.namespace ?? "") || matches(t.namespaceSelector, nsLabels))
    return matches(t.selector, pod.metadata.labels);
  return false;
}

/** True when the pod matches every term (and there is at least one). */
export function podMatchesAllAffinityTerms(
  terms: readonly AffinityTerm[],
  pod: Pod,
  nsLabels?: Labels,
): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false;
  return true;
}

function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm | string {
  const selector = fromLabelSelector(term.labelSelector);
  if (typeof selector === "string") return selector;
  const nsSelector = fromLabelSelector(term.namespaceSelector);
  if (typeof nsSelector === "string") return nsSelector;
  // No namespaces and no namespaceSelector means the pod's own namespace.
  const namespaces = new Set<string>(
    (term.namespaces ?? []).length === 0 && !term.namespaceSelector
      ? [pod.metadata.namespace ?? ""]
      : (term.namespaces ?? []),
  );
  return { namespaces, selector, topologyKey: term.topologyKey, namespaceSelector: nsSelector };
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/** Ports a pod binds on its node (GetHostPorts): containers' and sidecars' ports with a hostPort. */
export function getHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const add = (c: NonNullable<NonNullable<Pod["spec"]>["containers"]>[number]) => {
    for (const p of c.ports ?? [])
      if (p.hostPort && p.hostPort > 0)
        out.push({ hostIP: p.hostIP ?? "", protocol: p.protocol ?? "TCP", hostPort: p.hostPort });
  };
  for (const c of pod.spec?.containers ?? []) add(c);
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === "Always") add(c);
  return out;
}

export class PodInfo {
  readonly key: string;
  readonly requiredAffinityTerms: AffinityTerm[] = [];
  readonly requiredAntiAffinityTerms: AffinityTerm[] = [];
  readonly preferredAffinityTerms: WeightedAffinityTerm[] = [];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[] = [];
  /** The first label selector of an (anti-)affinity term that did not parse. */
  readonly parseError?: string;
  private res?: PodResource;
  private ports?: HostPort[];

  /**
   * `priority`: the pod's resolved priority (spec.priority, else its PriorityClass, else 0);
   * `preemptionPolicy`: likewise (PreemptLowerPriority or Never).
   */
  constructor(
    readonly pod: Pod,
    readonly priority: number = pod.spec?.priority ?? 0,
    readonly preemptionPolicy: string = pod.spec?.preemptionPolicy ?? "PreemptLowerPriority",
  ) {
    this.key = podKey(pod);
    const aff = pod.spec?.affinity;
    let err: string | undefined;
    const req = (terms: readonly PodAffinityTerm[] | undefined, into: AffinityTerm[]) => {
      for (const t of terms ?? []) {
        const a = newAffinityTerm(pod, t);
        if (typeof a === "string") err ??= a;
        else into.push(a);
      }
    };
    const pref = (terms: readonly WeightedPodAffinityTerm[] | undefined, into: WeightedAffinityTerm[]) => {
      for (const t of terms ?? []) {
        const a = newAffinityTerm(pod, t.podAffinityTerm);
        if (typeof a === "string") err ??= a;
        else into.push({ ...a, weight: t.weight });
      }
    };
    if (aff?.podAffinity) {
      req(aff.podAffinity.requiredDuringSchedulingIgnoredDuringExecution, this.requiredAffinityTerms);
      pref(aff.podAffinity.preferredDuringSchedulingIgnoredDuringExecution, this.preferredAffinityTerms);
    }
    if (aff?.podAntiAffinity) {
      req(aff.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, this.requiredAntiAffinityTerms);
      pref(
        aff.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution,
        this.preferredAntiAffinityTerms,
      );
    }
    if (err) this.parseError = err;
  }

  /** The same pod assumed on a node (spec.nodeName set), reusing everything derived from it. */
  assumedOn(nodeName: string): PodInfo {
    const c = Object.create(PodInfo.prototype) as PodInfo;
    Object.assign(c, this);
    (c as { pod: Pod }).pod = { ...this.pod, spec: { ...this.pod.spec, nodeName } } as Pod;
    return c;
  }

  get name(): string {
    return this.pod.metadata.name ?? "";
  }
  get namespace(): string {
    return this.pod.metadata.namespace ?? "";
  }

  /** Requests (with overhead and init containers) and the non-zero CPU/memory used for scoring. */
  get resource(): PodResource {
    return (this.res ??= calculatePodResource(this.pod));
  }

  get hostPorts(): HostPort[] {
    return (this.ports ??= getHostPorts(this.pod));
  }

  /** The pod has pod affinity or anti-affinity of any kind. */
  get hasAffinity(): boolean {
    const a = this.pod.spec?.affinity;
    return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
  }

  get hasRequiredAntiAffinity(): boolean {
    return (
      (this.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ??
        0) > 0
    );
  }
}

/** The cache and queue key of a pod: its UID (namespace/name for objects without one, e.g. in tests). */
export function podKey(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
}
