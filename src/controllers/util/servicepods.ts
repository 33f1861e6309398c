// Which pods back a Service and on which port (staging/src/k8s.io/endpointslice/util and utils.go, shared by
// the Endpoints and EndpointSlice controllers).
import type { Pod } from "../../api/core/v1/pod.js";
import type { Service, ServicePort } from "../../api/core/v1/service.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { podIsTerminal } from "./podconditions.js";

type RPod = DeepReadonly<Pod>;
type RService = DeepReadonly<Service>;

/**
 * The service's selector as a predicate: undefined when the service has none (its endpoints are managed by
 * hand); an empty selector selects every pod of the namespace, as labels.Set{}.AsSelector() does.
 */
export function serviceSelector(svc: RService): ((pod: RPod) => boolean) | undefined {
  const sel = svc.spec?.selector;
  if (sel === undefined || sel === null) return undefined;
  const entries = Object.entries(sel);
  return (pod) => {
    const l = pod.metadata?.labels ?? {};
    return entries.every(([k, v]) => Object.prototype.hasOwnProperty.call(l, k) && l[k] === v);
  };
}

/** ShouldPodBeInEndpoints: not terminal, has an IP, and (unless terminating ones are wanted) not terminating. */
export function shouldPodBeInEndpoints(pod: RPod, includeTerminating: boolean): boolean {
  if (podIsTerminal(pod)) return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: the pod asked for a hostname under this (same-namespace) service as its subdomain. */
export function shouldSetHostname(pod: RPod, svc: RService): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata?.name &&
    svc.metadata?.namespace === pod.metadata?.namespace
  );
}

/**
 * FindPort: a numeric targetPort is the port; a named one is looked up among the containers' ports (and
 * sidecars') with the service port's protocol. Undefined when the pod has no such port.
 */
export function findPort(pod: RPod, sp: DeepReadonly<ServicePort>): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? "TCP";
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== "Always") continue;
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  }
  return undefined;
}

/** IsServiceIPSet: a ClusterIP that is neither empty nor None (headless). */
export const isServiceIPSet = (svc: RService): boolean =>
  !!svc.spec?.clusterIP && svc.spec.clusterIP !== "None";

export const isIPv6 = (ip: string): boolean => ip.includes(":");
