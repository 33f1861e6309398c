// Cluster DNS inside `k8ts server`. Pods reach it as upstream's reach CoreDNS: the kube-system/kube-dns Service
// (clusterIP = the 10th address of the service CIDR, as k3s) through kube-proxy. Its EndpointSlice, kept by the
// server since the Service has no selector, names the address the server listens on: the gateway of this
// node's pod bridge, which pods and the host can both reach. The Service and its EndpointSlice are installed
// with the server's identity (as k3s installs CoreDNS's manifest); the DNS server itself only lists and watches,
// as the user system:k8ts:cluster-dns holding CoreDNS's system:coredns role.
import { RestClient } from "../client/rest/client.js";
import type { RestConfig } from "../client/rest/config.js";
import { clientFor } from "../client/index.js";
import { isAlreadyExists, isNotFound } from "../client/rest/errors.js";
import type { Logger } from "../client/log.js";
import { services } from "../api/core/v1/service.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import { createClusterDNS } from "../dns/index.js";
import { nthAddress } from "../apiserver/registry/service.js";
import { componentContext, type ComponentOptions } from "./components.js";

export const dnsServiceName = "kube-dns";
const sliceName = "kube-dns-k8ts";

/** The cluster DNS address for a service CIDR (k3s: the 10th address, 10.43.0.10). */
export function clusterDNSAddress(serviceCIDR: string): string {
  return nthAddress(serviceCIDR, 10);
}

/** Creates the kube-dns Service unless it exists (a restarted server finds its own). Looked up first: creating
 * it again fails on its taken clusterIP ("provided IP is already allocated", 422, as upstream allocates before
 * it stores) and never reaches AlreadyExists. */
export async function ensureDNSService(
  client: RestClient,
  clusterIP: string,
  listenIP: string,
  log: Logger,
): Promise<void> {
  const svc = clientFor<any>(client, services);
  const existing = await svc.get("kube-system", dnsServiceName).catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });
  if (existing) {
    if (existing.spec?.clusterIP !== clusterIP)
      log.warn(
        { clusterIP: existing.spec?.clusterIP, want: clusterIP },
        "the kube-dns Service has another clusterIP than the kubelet's cluster DNS address; pods' DNS will fail",
      );
  } else
    try {
      await svc.create("kube-system", {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name: dnsServiceName,
          namespace: "kube-system",
          labels: {
            "k8s-app": "kube-dns",
            "kubernetes.io/name": "CoreDNS",
            "kubernetes.io/cluster-service": "true",
          },
        },
        spec: {
          clusterIP,
          ports: [
            { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
            { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          ],
        },
      });
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  const slices = clientFor<any>(client, endpointSlices);
  const slice = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: sliceName,
      namespace: "kube-system",
      labels: {
        "kubernetes.io/service-name": dnsServiceName,
        "endpointslice.kubernetes.io/managed-by": "cluster-dns.k8ts.io",
      },
    },
    addressType: "IPv4",
    endpoints: [{ addresses: [listenIP], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [
      { name: "dns", port: 53, protocol: "UDP" },
      { name: "dns-tcp", port: 53, protocol: "TCP" },
    ],
  };
  const current = await slices.get("kube-system", sliceName).catch((e: unknown) => {
    if (isNotFound(e)) return undefined;
    throw e;
  });
  if (!current) await slices.create("kube-system", slice);
  else if (current.endpoints?.[0]?.addresses?.[0] !== listenIP)
    await slices.update("kube-system", sliceName, {
      ...slice,
      metadata: { ...slice.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  log.info({ clusterIP, endpoint: `${listenIP}:53` }, "kube-dns service ready");
}

/**
 * Serves cluster DNS on `listenIP` (once known) behind the kube-dns Service until the signal aborts. `o.rest` is
 * the DNS server's identity; `d.installRest` (the server's) creates the Service and its EndpointSlice.
 */
export async function runClusterDNS(
  o: ComponentOptions,
  d: { serviceCIDR: string; clusterDomain: string; listenIP: Promise<string>; installRest: RestConfig },
  signal: AbortSignal,
): Promise<void> {
  const listenIP = await Promise.race([
    d.listenIP,
    new Promise<undefined>((r) => signal.addEventListener("abort", () => r(undefined))),
  ]);
  if (listenIP === undefined) return;
  const ctx = componentContext(o, "cluster-dns", { qps: 50, burst: 100 });
  const install = new RestClient({ ...d.installRest, userAgent: "k8ts/server" });
  try {
    try {
      await ensureDNSService(install, clusterDNSAddress(d.serviceCIDR), listenIP, ctx.log);
    } finally {
      install.close();
    }
    const dns = createClusterDNS(ctx, { listen: `${listenIP}:53`, domain: d.clusterDomain });
    ctx.informers.start(signal);
    await dns.run(signal);
    await ctx.informers.stopped();
  } finally {
    ctx.client.close();
  }
}
