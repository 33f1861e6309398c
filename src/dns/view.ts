// What cluster DNS reads of the cluster: Services, their EndpointSlices and (for verified pod records) Pods,
// behind one read-only interface so the record logic is pure and testable from plain objects.
import type { Service } from "../api/core/v1/service.js";
import type { Pod } from "../api/core/v1/pod.js";
import type { EndpointSlice } from "../api/discovery/v1/types.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import { services } from "../api/core/v1/service.js";
import { pods } from "../api/core/v1/pod.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { Informer } from "../client/informer/informer.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export type RService = DeepReadonly<Service & KubeObject>;
export type RSlice = DeepReadonly<EndpointSlice & KubeObject>;
export type RPod = DeepReadonly<Pod & KubeObject>;

export interface ClusterView {
  service(namespace: string, name: string): RService | undefined;
  /** The EndpointSlices of one Service (label kubernetes.io/service-name). */
  slicesFor(namespace: string, service: string): RSlice[];
  /** Services with this cluster IP. */
  servicesByClusterIP(ip: string): RService[];
  /** EndpointSlices holding this address. */
  slicesByAddress(ip: string): RSlice[];
  /** Whether a namespace holds any Service (or Pod, where pods are watched). */
  namespaceKnown(namespace: string): boolean;
  /** Pods with this IP, or undefined when pods are not watched. */
  podsByIP?(ip: string): RPod[];
}

export const serviceNameLabel = "kubernetes.io/service-name";
const bySvc = "service";
const byIP = "ip";

/** A ClusterView over shared informers (requesting them registers them with the factory). */
export function informerView(
  factory: SharedInformerFactory,
  o: { pods?: boolean } = {},
): { view: ClusterView; informers: Informer<any>[] } {
  const svcInf = factory.informerFor<Service & KubeObject>(services, {
    [byIP]: (s) =>
      (s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])).filter((ip) => ip !== "None"),
  });
  const sliceInf = factory.informerFor<EndpointSlice & KubeObject>(endpointSlices, {
    [bySvc]: (s) => {
      const n = s.metadata.labels?.[serviceNameLabel];
      return n ? [`${s.metadata.namespace}/${n}`] : [];
    },
    [byIP]: (s) => (s.endpoints ?? []).flatMap((e) => e.addresses ?? []),
  });
  const podInf = o.pods
    ? factory.informerFor<Pod & KubeObject>(pods, {
        [byIP]: (p) => (p.status?.podIPs ?? []).map((x) => x.ip ?? "").filter((x) => x),
      })
    : undefined;
  const view: ClusterView = {
    service: (ns, name) => svcInf.lister.get(ns, name),
    slicesFor: (ns, name) => sliceInf.lister.byIndex(bySvc, `${ns}/${name}`),
    servicesByClusterIP: (ip) => svcInf.lister.byIndex(byIP, ip),
    slicesByAddress: (ip) => sliceInf.lister.byIndex(byIP, ip),
    namespaceKnown: (ns) =>
      svcInf.lister.list(ns).length > 0 || (podInf ? podInf.lister.list(ns).length > 0 : false),
    podsByIP: podInf && ((ip) => podInf.lister.byIndex(byIP, ip)),
  };
  return { view, informers: [svcInf, sliceInf, ...(podInf ? [podInf] : [])] };
}
