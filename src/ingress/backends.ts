// Upstream addresses for a Service port from its EndpointSlices: ready endpoints (else serving and
// terminating ones, so requests drain during a rolling update, as kube-proxy does), picked round robin.
import type { Service } from "../api/core/v1/service.js";
import type { EndpointSlice } from "../api/discovery/v1/types.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export type RService = DeepReadonly<Service & { metadata: { name?: string; namespace?: string } }>;
export type RSlice = DeepReadonly<EndpointSlice & { metadata: { name?: string; namespace?: string } }>;

export const serviceNameLabel = "kubernetes.io/service-name";

export interface Upstream {
  host: string;
  port: number;
}

export type Resolution =
  | { kind: "ok"; upstreams: Upstream[] }
  | { kind: "no-service" }
  | { kind: "no-port" }
  | { kind: "no-endpoints" };

/** The Service port the backend names (by number or name), then each endpoint's matching slice port. */
export function resolveUpstreams(
  svc: RService | undefined,
  slices: readonly RSlice[],
  port: number | string,
): Resolution {
  if (!svc) return { kind: "no-service" };
  const sp = (svc.spec?.ports ?? []).find((p) =>
    typeof port === "number" ? p.port === port : p.name === port,
  );
  if (!sp) return { kind: "no-port" };
  // ExternalName Services are proxied to the external name on the service port.
  if (svc.spec?.type === "ExternalName" && svc.spec.externalName)
    return { kind: "ok", upstreams: [{ host: svc.spec.externalName, port: sp.port ?? 80 }] };
  const portName = sp.name ?? "";
  const protocol = sp.protocol ?? "TCP";
  const ready: Upstream[] = [];
  const draining: Upstream[] = [];
  const seen = new Set<string>();
  for (const sl of slices) {
    if (sl.addressType === "FQDN") continue;
    const slPort = (sl.ports ?? []).find(
      (p) => (p.name ?? "") === portName && (p.protocol ?? "TCP") === protocol,
    );
    if (!slPort?.port) continue;
    for (const ep of sl.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip) continue;
      const key = `${ip}:${slPort.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = ep.conditions ?? {};
      const isReady = c.ready !== false;
      const u = { host: ip, port: slPort.port };
      if (isReady) ready.push(u);
      else if ((c.serving ?? isReady) && c.terminating) draining.push(u);
    }
  }
  const ups = ready.length ? ready : draining;
  if (!ups.length) return { kind: "no-endpoints" };
  ups.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.port - b.port));
  return { kind: "ok", upstreams: ups };
}

/** Round robin per Service port; returns the endpoints starting at the next one, for retries in order. */
export class RoundRobin {
  private readonly next = new Map<string, number>();

  order(key: string, ups: readonly Upstream[]): Upstream[] {
    const i = (this.next.get(key) ?? 0) % ups.length;
    this.next.set(key, i + 1);
    return [...ups.slice(i), ...ups.slice(0, i)];
  }
}
