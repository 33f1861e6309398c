// Test builders for pods and nodes (upstream's pkg/scheduler/testing wrappers): real API objects, built
// fluently, for table-driven plugin tests.
import type { Node, Pod } from "../framework/types.js";

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type P = Mutable<Pod>;
type N = Mutable<Node>;
type Term = { labelSelector?: any; topologyKey: string; namespaces?: string[]; namespaceSelector?: any };

let uidCounter = 0;

export class PodWrapper {
  readonly p: P;
  constructor(name: string, namespace = "default") {
    this.p = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace, uid: `uid-${name}-${++uidCounter}`, labels: {} },
      spec: { containers: [{ name: "c", image: "pause" }], schedulerName: "default-scheduler" },
      status: { phase: "Pending" },
    };
  }
  uid(u: string): this {
    this.p.metadata.uid = u;
    return this;
  }
  label(k: string, v: string): this {
    this.p.metadata.labels![k] = v;
    return this;
  }
  /** One more container with these requests (the first call fills the default container). */
  req(requests: Record<string, string>): this {
    const cs = this.p.spec!.containers;
    const c = cs[cs.length - 1];
    if (c.resources) cs.push({ name: `c${cs.length}`, image: "pause", resources: { requests } });
    else c.resources = { requests };
    return this;
  }
  initReq(requests: Record<string, string>, sidecar = false): this {
    const ics = (this.p.spec!.initContainers ??= []);
    ics.push({
      name: `i${ics.length}`,
      image: "pause",
      resources: { requests },
      ...(sidecar ? { restartPolicy: "Always" } : {}),
    });
    return this;
  }
  overhead(o: Record<string, string>): this {
    this.p.spec!.overhead = o;
    return this;
  }
  image(image: string): this {
    this.p.spec!.containers[0].image = image;
    return this;
  }
  hostPort(port: number, protocol = "TCP", hostIP = ""): this {
    const c = this.p.spec!.containers[0];
    (c.ports ??= []).push({ containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) });
    return this;
  }
  node(name: string): this {
    this.p.spec!.nodeName = name;
    this.p.status!.phase = "Running";
    return this;
  }
  priority(n: number): this {
    this.p.spec!.priority = n;
    return this;
  }
  preemptionPolicy(p: string): this {
    this.p.spec!.preemptionPolicy = p;
    return this;
  }
  schedulerName(n: string): this {
    this.p.spec!.schedulerName = n;
    return this;
  }
  startTime(t: string): this {
    this.p.status!.startTime = t;
    return this;
  }
  nominatedNode(n: string): this {
    this.p.status!.nominatedNodeName = n;
    return this;
  }
  toleration(
    key: string,
    value: string | undefined,
    effect: string,
    operator = value === undefined ? "Exists" : "Equal",
  ): this {
    (this.p.spec!.tolerations ??= []).push({
      key,
      operator,
      ...(value !== undefined ? { value } : {}),
      ...(effect ? { effect } : {}),
    });
    return this;
  }
  nodeSelector(sel: Record<string, string>): this {
    this.p.spec!.nodeSelector = sel;
    return this;
  }
  private nodeAffinity() {
    const a = (this.p.spec!.affinity ??= {});
    return (a.nodeAffinity ??= {});
  }
  /** A required node affinity term: key In values (one term per call, ORed). */
  nodeAffinityIn(key: string, values: string[], operator = "In"): this {
    const req = (this.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution ??= {
      nodeSelectorTerms: [],
    });
    req.nodeSelectorTerms.push({ matchExpressions: [{ key, operator, values }] });
    return this;
  }
  nodeAffinityFieldName(names: string[]): this {
    const req = (this.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution ??= {
      nodeSelectorTerms: [],
    });
    req.nodeSelectorTerms.push({ matchFields: [{ key: "metadata.name", operator: "In", values: names }] });
    return this;
  }
  preferredNodeAffinity(weight: number, key: string, values: string[]): this {
    (this.nodeAffinity().preferredDuringSchedulingIgnoredDuringExecution ??= []).push({
      weight,
      preference: { matchExpressions: [{ key, operator: "In", values }] },
    });
    return this;
  }
  private podAff(kind: "podAffinity" | "podAntiAffinity") {
    const a = (this.p.spec!.affinity ??= {});
    return (a[kind] ??= {});
  }
  podAffinity(term: Term): this {
    (this.podAff("podAffinity").requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    return this;
  }
  podAntiAffinity(term: Term): this {
    (this.podAff("podAntiAffinity").requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    return this;
  }
  preferredPodAffinity(weight: number, term: Term): this {
    (this.podAff("podAffinity").preferredDuringSchedulingIgnoredDuringExecution ??= []).push({
      weight,
      podAffinityTerm: term,
    });
    return this;
  }
  preferredPodAntiAffinity(weight: number, term: Term): this {
    (this.podAff("podAntiAffinity").preferredDuringSchedulingIgnoredDuringExecution ??= []).push({
      weight,
      podAffinityTerm: term,
    });
    return this;
  }
  spread(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: string,
    matchLabels: Record<string, string>,
    extra: object = {},
  ): this {
    (this.p.spec!.topologySpreadConstraints ??= []).push({
      maxSkew,
      topologyKey,
      whenUnsatisfiable,
      labelSelector: { matchLabels },
      ...extra,
    });
    return this;
  }
  schedulingGates(...names: string[]): this {
    this.p.spec!.schedulingGates = names.map((name) => ({ name }));
    return this;
  }
  terminating(): this {
    this.p.metadata.deletionTimestamp = "2024-01-01T00:00:00Z";
    return this;
  }
  condition(type: string, status: string, reason: string): this {
    (this.p.status!.conditions ??= []).push({ type, status, reason });
    return this;
  }
  owner(kind: string, name: string, apiVersion = "apps/v1"): this {
    this.p.metadata.ownerReferences = [{ apiVersion, kind, name, uid: `uid-${name}`, controller: true }];
    return this;
  }
  obj(): Pod {
    return this.p;
  }
}

export class NodeWrapper {
  readonly n: N;
  constructor(name: string) {
    this.n = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, uid: `uid-node-${name}`, labels: { "kubernetes.io/hostname": name } },
      spec: {},
      status: {
        allocatable: { cpu: "4", memory: "32Gi", pods: "110" },
        capacity: { cpu: "4", memory: "32Gi", pods: "110" },
      },
    };
  }
  label(k: string, v: string): this {
    this.n.metadata.labels![k] = v;
    return this;
  }
  /** Sets allocatable (and capacity) resources. */
  capacity(r: Record<string, string>): this {
    this.n.status!.allocatable = { ...r };
    this.n.status!.capacity = { ...r };
    return this;
  }
  taint(key: string, value: string, effect: string): this {
    (this.n.spec!.taints ??= []).push({ key, ...(value ? { value } : {}), effect });
    return this;
  }
  unschedulable(): this {
    this.n.spec!.unschedulable = true;
    return this;
  }
  images(...images: { names: string[]; sizeBytes: number }[]): this {
    this.n.status!.images = images;
    return this;
  }
  obj(): Node {
    return this.n;
  }
}

export const makePod = (name: string, namespace?: string) => new PodWrapper(name, namespace);
export const makeNode = (name: string) => new NodeWrapper(name);
