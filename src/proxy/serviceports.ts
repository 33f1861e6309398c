// The proxy's model of the cluster (upstream pkg/proxy's ServicePortMap and EndpointsMap): one entry per
// Service port that has a cluster IP, with the endpoints of its EndpointSlices, categorised as upstream's
// CategorizeEndpoints does: ready endpoints, else serving-and-terminating ones as a fallback, and for the
// Local traffic policies only those on this node.
import type { Service } from "../api/core/v1/service.js";
import type { EndpointSlice } from "../api/discovery/v1/types.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export type RService = DeepReadonly<Service & { metadata: { name?: string; namespace?: string } }>;
export type RSlice = DeepReadonly<EndpointSlice>;

export const serviceNameLabel = "kubernetes.io/service-name";

export interface EndpointInfo {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** On this node (nodeName matches). */
  local: boolean;
}

export interface ServicePortInfo {
  /** "ns/name:port" (":port" only for named ports): upstream's ServicePortName.String(). */
  name: string;
  namespace: string;
  service: string;
  portName: string;
  protocol: "TCP" | "UDP" | "SCTP";
  clusterIPs: string[];
  port: number;
  nodePort: number;
  externalIPs: string[];
  /** status.loadBalancer.ingress IPs captured on the node (not those with ipMode Proxy). */
  loadBalancerIPs: string[];
  /** spec.loadBalancerSourceRanges: only these sources may use the load balancer IPs (KUBE-FW chain). */
  loadBalancerSourceRanges: string[];
  /** Seconds of ClientIP affinity, or 0 for none. */
  stickySeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  /** Every endpoint for this port, deduplicated by ip:port. */
  endpoints: EndpointInfo[];
}

/** Whether a Service gets proxy rules: it has a cluster IP (not headless, not ExternalName). */
export function isProxied(s: RService): boolean {
  const ip = s.spec?.clusterIP;
  return !!ip && ip !== "None" && s.spec?.type !== "ExternalName";
}

export function servicePortName(ns: string, name: string, port: string): string {
  return `${ns}/${name}${port ? `:${port}` : ""}`;
}

export function buildServicePorts(
  services: RService[],
  slices: RSlice[],
  nodeName: string,
): ServicePortInfo[] {
  const slicesBySvc = new Map<string, RSlice[]>();
  for (const sl of slices) {
    const svc = sl.metadata?.labels?.[serviceNameLabel];
    if (!svc || sl.addressType === "FQDN") continue;
    const key = `${sl.metadata?.namespace}/${svc}`;
    let list = slicesBySvc.get(key);
    if (!list) slicesBySvc.set(key, (list = []));
    list.push(sl);
  }
  const out: ServicePortInfo[] = [];
  for (const s of services) {
    if (!isProxied(s)) continue;
    const ns = s.metadata?.namespace ?? "";
    const name = s.metadata?.name ?? "";
    const v4 = (ip: string) => !ip.includes(":");
    const clusterIPs = (
      s.spec?.clusterIPs?.length ? [...s.spec.clusterIPs] : [s.spec?.clusterIP ?? ""]
    ).filter((ip) => ip && v4(ip));
    if (clusterIPs.length === 0) continue;
    const mySlices = slicesBySvc.get(`${ns}/${name}`) ?? [];
    for (const p of s.spec?.ports ?? []) {
      const portName = p.name ?? "";
      const protocol = (p.protocol ?? "TCP") as ServicePortInfo["protocol"];
      const endpoints: EndpointInfo[] = [];
      const seen = new Set<string>();
      for (const sl of mySlices) {
        const sp = (sl.ports ?? []).find(
          (x) => (x.name ?? "") === portName && (x.protocol ?? "TCP") === protocol,
        );
        if (!sp?.port) continue;
        for (const ep of sl.endpoints ?? []) {
          for (const ip of (ep.addresses ?? []).slice(0, 1)) {
            const key = `${ip}:${sp.port}`;
            if (seen.has(key) || !v4(ip)) continue;
            seen.add(key);
            const c = ep.conditions ?? {};
            const ready = c.ready !== false;
            endpoints.push({
              ip,
              port: sp.port,
              ready,
              serving: c.serving ?? ready,
              terminating: c.terminating ?? false,
              local: !!nodeName && ep.nodeName === nodeName,
            });
          }
        }
      }
      const affinity = s.spec?.sessionAffinity === "ClientIP";
      out.push({
        name: servicePortName(ns, name, portName),
        namespace: ns,
        service: name,
        portName,
        protocol,
        clusterIPs,
        port: p.port ?? 0,
        nodePort: p.nodePort ?? 0,
        externalIPs: (s.spec?.externalIPs ?? []).filter(v4),
        // ipMode Proxy: the load balancer proxies to the node, so the IP is not captured (KEP-1860).
        loadBalancerIPs: (s.status?.loadBalancer?.ingress ?? [])
          .filter((i) => i.ipMode !== "Proxy")
          .map((i) => i.ip ?? "")
          .filter((ip) => ip && v4(ip)),
        loadBalancerSourceRanges:
          s.spec?.type === "LoadBalancer"
            ? (s.spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()).filter((r) => r && v4(r))
            : [],
        stickySeconds: affinity ? (s.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
        externalPolicyLocal:
          s.spec?.externalTrafficPolicy === "Local" &&
          (p.nodePort !== undefined ||
            (s.spec?.externalIPs?.length ?? 0) > 0 ||
            s.spec?.type === "LoadBalancer"),
        internalPolicyLocal: s.spec?.internalTrafficPolicy === "Local",
        endpoints,
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.protocol < b.protocol ? -1 : 1));
}

/**
 * The endpoints traffic is sent to (upstream's CategorizeEndpoints): ready ones; if none is ready, the
 * serving-and-terminating ones, so connections drain during a rolling update instead of being refused.
 */
export function usableEndpoints(eps: EndpointInfo[], localOnly: boolean): EndpointInfo[] {
  const pool = localOnly ? eps.filter((e) => e.local) : eps;
  const ready = pool.filter((e) => e.ready);
  if (ready.length) return ready;
  return pool.filter((e) => e.serving && e.terminating);
}
