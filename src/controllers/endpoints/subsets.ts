// The Endpoints of a Service computed from its pods (the core of syncService in pkg/controller/endpoint):
// one address per pod, ready or not ready, for every service port the pod has; then RepackSubsets groups
// addresses that offer the same ports; over 1000 addresses the list is truncated, as upstream.
import type { Pod } from "../../api/core/v1/pod.js";
import type { Service } from "../../api/core/v1/service.js";
import type { EndpointAddress, EndpointPort, EndpointSubset } from "../../api/core/v1/endpoints.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { podIsReady } from "../util/podconditions.js";
import { findPort, isIPv6, shouldPodBeInEndpoints, shouldSetHostname } from "../util/servicepods.js";

type RPod = DeepReadonly<Pod>;
type RService = DeepReadonly<Service>;

/** maxCapacity: Endpoints hold at most this many addresses. */
export const maxEndpointsCapacity = 1000;
export const overCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

/** podToEndpointAddressForService: the pod IP of the service's (first) IP family. */
export function podEndpointAddress(svc: RService, pod: RPod): EndpointAddress | undefined {
  let v6: boolean;
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length) v6 = families[0] === "IPv6";
  else if (svc.spec?.clusterIP && svc.spec.clusterIP !== "None") v6 = isIPv6(svc.spec.clusterIP);
  else v6 = isIPv6(pod.status?.podIP ?? "");
  const ips = pod.status?.podIPs?.length ? pod.status.podIPs.map((p) => p.ip) : [pod.status?.podIP ?? ""];
  const ip = ips.find((x) => !!x && isIPv6(x) === v6);
  if (!ip) return undefined;
  const addr: EndpointAddress = {
    ip,
    nodeName: pod.spec?.nodeName,
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata?.namespace,
      name: pod.metadata?.name,
      uid: pod.metadata?.uid,
    },
  };
  if (!addr.nodeName) delete addr.nodeName;
  if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec?.hostname;
  return addr;
}

/** The subsets for a service from the pods its selector picks (not yet repacked). */
export function endpointSubsetsFor(svc: RService, pods: readonly RPod[]): EndpointSubset[] {
  const publishNotReady = !!svc.spec?.publishNotReadyAddresses;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = podEndpointAddress(svc, pod);
    if (!addr) continue;
    const ready = publishNotReady || podIsReady(pod);
    const add = (ports: EndpointPort[]) =>
      subsets.push(ready ? { addresses: [addr], ports } : { notReadyAddresses: [addr], ports });
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0) {
      // A headless service may have no ports.
      if (svc.spec?.clusterIP === "None") add([]);
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      add([ep]);
    }
  }
  return subsets;
}

const portKey = (p: EndpointPort) =>
  `${p.name ?? ""}\u0000${p.port}\u0000${p.protocol ?? ""}\u0000${p.appProtocol ?? ""}`;
const addrKey = (a: EndpointAddress) => `${a.ip}\u0000${a.targetRef?.uid ?? ""}`;

/**
 * RepackSubsets: the canonical form — addresses that offer exactly the same ports share a subset; an address
 * ready in any subset is ready. Addresses sort by IP (then UID), ports by name and number, subsets by their
 * first address.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const addrs = new Map<string, EndpointAddress>();
  const ports = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  const record = (a: EndpointAddress, p: EndpointPort | undefined, ready: boolean) => {
    const ak = addrKey(a);
    if (!addrs.has(ak)) addrs.set(ak, a);
    const pk = p ? portKey(p) : "\u0000sentinel";
    let e = ports.get(pk);
    if (!e) ports.set(pk, (e = { port: p, ready: new Map() }));
    if (!e.ready.get(ak)) e.ready.set(ak, ready);
  };
  for (const s of subsets) {
    const list = s.ports?.length ? s.ports : [undefined];
    for (const p of list) {
      for (const a of s.addresses ?? []) record(a, p, true);
      for (const a of s.notReadyAddresses ?? []) record(a, p, false);
    }
  }
  // Group ports by the (address, readiness) set that offers them.
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, ready } of ports.values()) {
    const key = [...ready.entries()]
      .map(([k, r]) => `${k}=${r}`)
      .sort()
      .join("|");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready, ports: [] }));
    if (port) g.ports.push(port);
  }
  const byAddr = (x: EndpointAddress, y: EndpointAddress) =>
    x.ip < y.ip ? -1 : x.ip > y.ip ? 1 : (x.targetRef?.uid ?? "") < (y.targetRef?.uid ?? "") ? -1 : 1;
  const out: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of g.ready) (r ? ready : notReady).push(addrs.get(k)!);
    const s: EndpointSubset = {};
    if (ready.length) s.addresses = ready.sort(byAddr);
    if (notReady.length) s.notReadyAddresses = notReady.sort(byAddr);
    if (g.ports.length)
      s.ports = g.ports.sort((a, b) =>
        (a.name ?? "") !== (b.name ?? "") ? ((a.name ?? "") < (b.name ?? "") ? -1 : 1) : a.port - b.port,
      );
    out.push(s);
  }
  const first = (s: EndpointSubset) => (s.addresses?.[0] ?? s.notReadyAddresses?.[0])?.ip ?? "";
  return out.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
}

/**
 * truncateEndpoints: over capacity, each subset keeps a share of the capacity proportional to its size,
 * ready addresses first. Returns whether anything was cut.
 */
export function truncateSubsets(subsets: EndpointSubset[], max = maxEndpointsCapacity): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= max) return false;
  const truncateReady = totalReady > max;
  const limit = truncateReady ? max : max - totalReady;
  const total = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = limit;
  for (const s of subsets) {
    const n = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((n / total) * limit), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}
