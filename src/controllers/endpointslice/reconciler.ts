// The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go), pure: from a Service, its
// pods and the slices it already has, which slices to create, update and delete. Endpoints stay in the slice
// they are in while they exist; changed slices are filled up first; new slices hold at most 100 endpoints;
// a Service with no endpoints keeps one empty placeholder slice.
import type { Pod } from "../../api/core/v1/pod.js";
import type { Node } from "../../api/core/v1/node.js";
import type { Service } from "../../api/core/v1/service.js";
import type { EndpointSlice } from "../../api/discovery/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { podIsReady, mutableCopy } from "../util/podconditions.js";
import {
  findPort,
  isIPv6,
  isServiceIPSet,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "../util/servicepods.js";
import { semanticEqual } from "../util/semanticequal.js";

export type Slice = EndpointSlice & { metadata: { name?: string; namespace?: string } };
export type SliceEndpoint = EndpointSlice["endpoints"][number];
export type SlicePort = NonNullable<EndpointSlice["ports"]>[number];
type RPod = DeepReadonly<Pod>;
type RService = DeepReadonly<Service>;
type RSlice = DeepReadonly<Slice>;

export const controllerName = "endpointslice-controller.k8s.io";
export const labelServiceName = "kubernetes.io/service-name";
export const labelManagedBy = "endpointslice.kubernetes.io/managed-by";
export const labelHeadless = "service.kubernetes.io/headless";
export const defaultMaxEndpointsPerSlice = 100;

export interface ReconcileInput {
  service: RService;
  pods: readonly RPod[];
  /** Looks a node up (for the endpoint's zone); undefined when it does not exist. */
  node: (name: string) => DeepReadonly<Node> | undefined;
  existing: readonly RSlice[];
  maxEndpointsPerSlice?: number;
}

export interface ReconcileOutput {
  create: Slice[];
  update: Slice[];
  delete: RSlice[];
  /** Pods skipped because their node is missing (the service is retried later, as upstream). */
  errors: string[];
}

/** getAddressTypesForService */
export function addressTypesFor(svc: RService): Set<string> {
  const out = new Set<string>();
  for (const f of svc.spec?.ipFamilies ?? []) {
    if (f === "IPv4") out.add("IPv4");
    if (f === "IPv6") out.add("IPv6");
  }
  if (out.size) return out;
  if (svc.spec?.clusterIP && svc.spec.clusterIP !== "None")
    return new Set([isIPv6(svc.spec.clusterIP) ? "IPv6" : "IPv4"]);
  return new Set(["IPv4", "IPv6"]);
}

/** getEndpointPorts: the service ports this pod offers, with named target ports resolved on the pod. */
export function endpointPorts(svc: RService, pod: RPod): SlicePort[] {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0 && svc.spec?.clusterIP === "None") return [];
  const out: SlicePort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? "", port, protocol: sp.protocol ?? "TCP" };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** podToEndpoint */
export function podToEndpoint(
  pod: RPod,
  node: DeepReadonly<Node> | undefined,
  svc: RService,
  addressType: string,
): SliceEndpoint {
  const serving = podIsReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = !!svc.spec?.publishNotReadyAddresses || (serving && !terminating);
  const ips = pod.status?.podIPs?.length
    ? pod.status.podIPs.map((p) => p.ip)
    : pod.status?.podIP
      ? [pod.status.podIP]
      : [];
  const ep: SliceEndpoint = {
    addresses: ips.filter((ip) => isIPv6(ip) === (addressType === "IPv6")),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
    },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.["topology.kubernetes.io/zone"];
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec?.hostname;
  return ep;
}

const portMapKey = (ports: readonly DeepReadonly<SlicePort>[] | undefined): string =>
  JSON.stringify(
    [...(ports ?? [])]
      .map((p) => [p.name ?? "", p.port ?? 0, p.protocol ?? "", p.appProtocol ?? ""])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );

/** hashEndpoint: an endpoint's identity — its addresses, hostname and target. */
const endpointKey = (e: DeepReadonly<SliceEndpoint>): string =>
  JSON.stringify([
    [...e.addresses].sort(),
    e.hostname ?? "",
    e.targetRef?.namespace ?? "",
    e.targetRef?.name ?? "",
  ]);

/** EndpointsEqualBeyondHash */
function endpointsEqualBeyondHash(a: DeepReadonly<SliceEndpoint>, b: DeepReadonly<SliceEndpoint>): boolean {
  return (
    (a.nodeName ?? "") === (b.nodeName ?? "") &&
    (a.zone ?? "") === (b.zone ?? "") &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    semanticEqual(a.targetRef, b.targetRef, ["resourceVersion"])
  );
}

/** setEndpointSliceLabels: the service's labels (minus reserved ones) plus ours; whether they changed. */
export function sliceLabels(
  slice: RSlice | undefined,
  svc: RService,
): { labels: Record<string, string>; changed: boolean } {
  const reserved = (k: string) => k === labelServiceName || k === labelManagedBy || k === labelHeadless;
  const have: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice?.metadata?.labels ?? {})) if (!reserved(k)) have[k] = v;
  const want: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!reserved(k)) want[k] = v;
  const changed = !semanticEqual(have, want);
  if (!isServiceIPSet(svc)) want[labelHeadless] = "";
  want[labelServiceName] = svc.metadata?.name ?? "";
  want[labelManagedBy] = controllerName;
  return { labels: want, changed };
}

/** getEndpointSlicePrefix: "<service>-" unless that is not a valid name prefix. */
const slicePrefix = (name: string) => (name.length + 1 <= 253 - 5 ? `${name}-` : name);

export function newSlice(svc: RService, ports: SlicePort[], addressType: string): Slice {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      generateName: slicePrefix(svc.metadata?.name ?? ""),
      namespace: svc.metadata?.namespace,
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: svc.metadata?.name ?? "",
          uid: svc.metadata?.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

const ownedBy = (s: RSlice, svc: RService) =>
  (s.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === svc.metadata?.uid && o.kind === "Service" && o.apiVersion === "v1",
  );

export function reconcileSlices(input: ReconcileInput): ReconcileOutput {
  const max = input.maxEndpointsPerSlice ?? defaultMaxEndpointsPerSlice;
  const out: ReconcileOutput = { create: [], update: [], delete: [], errors: [] };
  const types = addressTypesFor(input.service);
  const byType = new Map<string, RSlice[]>();
  for (const s of input.existing) {
    if (!types.has(s.addressType)) {
      out.delete.push(s);
      continue;
    }
    const l = byType.get(s.addressType) ?? [];
    l.push(s);
    byType.set(s.addressType, l);
  }
  for (const t of [...types].sort()) {
    const r = reconcileByAddressType(input, byType.get(t) ?? [], t, max);
    out.create.push(...r.create);
    out.update.push(...r.update);
    out.delete.push(...r.delete);
    out.errors.push(...r.errors);
  }
  return out;
}

function reconcileByAddressType(
  input: ReconcileInput,
  existing: readonly RSlice[],
  addressType: string,
  max: number,
): ReconcileOutput {
  const svc = input.service;
  const errors: string[] = [];
  let toCreate: Slice[] = [];
  const toUpdate: Slice[] = [];
  const toDelete: RSlice[] = [];
  const existingByPorts = new Map<string, RSlice[]>();
  for (const s of existing) {
    if (!ownedBy(s, svc)) {
      toDelete.push(s);
      continue;
    }
    const k = portMapKey(s.ports);
    existingByPorts.set(k, [...(existingByPorts.get(k) ?? []), s]);
  }
  const desiredByPorts = new Map<string, { ports: SlicePort[]; endpoints: Map<string, SliceEndpoint> }>();
  for (const pod of input.pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(svc, pod);
    const k = portMapKey(ports);
    let d = desiredByPorts.get(k);
    if (!d) desiredByPorts.set(k, (d = { ports, endpoints: new Map() }));
    const nodeName = pod.spec?.nodeName ?? "";
    const node = input.node(nodeName);
    if (!node && !svc.spec?.publishNotReadyAddresses) {
      errors.push(
        `skipping Pod ${pod.metadata?.name} for Service ${svc.metadata?.namespace}/${svc.metadata?.name}: Node ${nodeName} Not Found`,
      );
      continue;
    }
    const ep = podToEndpoint(pod, node, svc, addressType);
    if (ep.addresses.length) d.endpoints.set(endpointKey(ep), ep);
  }
  for (const [k, d] of desiredByPorts) {
    const r = reconcileByPortMapping(
      svc,
      existingByPorts.get(k) ?? [],
      d.endpoints,
      d.ports,
      addressType,
      max,
    );
    toCreate.push(...r.create);
    toUpdate.push(...r.update);
    toDelete.push(...r.delete);
  }
  for (const [k, slices] of existingByPorts) if (!desiredByPorts.has(k)) toDelete.push(...slices);

  // No endpoints at all: keep (or create) one empty placeholder slice.
  if (existing.length === toDelete.length && toCreate.length === 0) {
    const placeholder = newSlice(svc, [], addressType);
    if (toDelete.length === 1 && isPlaceholderLike(toDelete[0], placeholder)) toDelete.length = 0;
    else toCreate.push(placeholder);
  }
  // finalize: turn creates into updates of slices that would be deleted anyway.
  const del = [...toDelete];
  for (let i = 0; i < del.length && toCreate.length;) {
    const d = del[i];
    const c = toCreate[toCreate.length - 1];
    if (d.addressType === c.addressType && ownedBy(d, svc)) {
      const reused = mutableCopy<Slice>(d);
      reused.endpoints = c.endpoints;
      reused.ports = c.ports;
      reused.metadata.labels = c.metadata.labels;
      toCreate = toCreate.slice(0, -1);
      toUpdate.push(reused);
      del.splice(i, 1);
    } else i++;
  }
  return { create: toCreate, update: toUpdate, delete: del, errors };
}

/** placeholderSliceCompare: same namespace, labels and owners; endpoints and ports empty. */
function isPlaceholderLike(s: RSlice, placeholder: Slice): boolean {
  return (
    s.metadata?.namespace === placeholder.metadata.namespace &&
    semanticEqual(s.metadata?.labels, placeholder.metadata.labels) &&
    semanticEqual(s.metadata?.ownerReferences, placeholder.metadata.ownerReferences) &&
    (s.endpoints ?? []).length === 0 &&
    (s.ports ?? []).length === 0 &&
    s.addressType === placeholder.addressType
  );
}

/** reconcileByPortMapping */
function reconcileByPortMapping(
  svc: RService,
  existing: readonly RSlice[],
  desired: Map<string, SliceEndpoint>,
  ports: SlicePort[],
  addressType: string,
  max: number,
): { create: Slice[]; update: Slice[]; delete: RSlice[] } {
  const byName = new Map<string, Slice | RSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();
  // 1. Drop endpoints no longer desired, refresh changed ones, mirror service labels.
  for (const s of existing) {
    const name = s.metadata?.name ?? "";
    byName.set(name, s);
    const kept: SliceEndpoint[] = [];
    let updated = false;
    for (const e of s.endpoints ?? []) {
      const k = endpointKey(e);
      const want = desired.get(k);
      if (!want) continue;
      kept.push(want);
      if (!endpointsEqualBeyondHash(want, e)) updated = true;
      desired.delete(k);
    }
    const { labels, changed } = sliceLabels(s, svc);
    if (updated || kept.length !== (s.endpoints ?? []).length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        const copy = mutableCopy<Slice>(s);
        copy.endpoints = kept;
        copy.metadata.labels = labels;
        byName.set(name, copy);
        toUpdate.add(name);
      }
    } else if (changed) {
      const copy = mutableCopy<Slice>(s);
      copy.metadata.labels = labels;
      byName.set(name, copy);
      toUpdate.add(name);
    } else unchanged.add(name);
  }
  const remaining = [...desired.values()];
  const pop = () => remaining.shift()!;
  // 2. Fill slices being updated anyway, fullest first.
  if (remaining.length && toUpdate.size) {
    const slices = [...toUpdate]
      .map((n) => byName.get(n) as Slice)
      .sort((a, b) => b.endpoints.length - a.endpoints.length);
    for (const s of slices) while (remaining.length && s.endpoints.length < max) s.endpoints.push(pop());
  }
  // 3. Fit what is left into one unchanged slice if it fits, else new slices.
  const create: Slice[] = [];
  while (remaining.length) {
    let fill: Slice | undefined;
    if (remaining.length < max && unchanged.size) {
      let best: RSlice | undefined;
      let closest = max;
      for (const n of unchanged) {
        const s = byName.get(n) as RSlice;
        const diff = max - (remaining.length + (s.endpoints ?? []).length);
        if (diff >= 0 && diff < closest) {
          closest = diff;
          best = s;
        }
      }
      if (best) {
        fill = mutableCopy<Slice>(best);
        byName.set(fill.metadata.name ?? "", fill);
      }
    }
    if (!fill) fill = newSlice(svc, ports, addressType);
    while (remaining.length && fill.endpoints.length < max) fill.endpoints.push(pop());
    if (fill.metadata.name) {
      toUpdate.add(fill.metadata.name);
      unchanged.delete(fill.metadata.name);
    } else create.push(fill);
  }
  return {
    create,
    update: [...toUpdate].map((n) => byName.get(n) as Slice),
    delete: [...toDelete].map((n) => byName.get(n) as RSlice),
  };
}
