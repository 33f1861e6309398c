// The local provider's load balancer, as k3s's ServiceLB (klipper-lb): nothing is created outside the
// cluster; the Service is reachable on every node's own address at the service port (kube-proxy serves
// status.loadBalancer.ingress IPs), so the status lists the nodes' ExternalIPs, or InternalIPs where a node
// has none — or an explicit list of addresses from the configuration.
import type { LoadBalancerStatus } from "../../../api/core/v1/service.js";
import { defaultLoadBalancerName, type LoadBalancer, type RNode, type RService } from "../../provider.js";

export interface LocalLoadBalancerConfig {
  /** Fixed ingress addresses for every LoadBalancer Service instead of the node addresses. */
  addresses?: string[];
}

/** The address a node offers: its ExternalIP when set (k3s's --node-external-ip), else its InternalIP. */
export function nodeServiceAddress(node: RNode): string | undefined {
  const addrs = node.status?.addresses ?? [];
  return (
    addrs.find((a) => a.type === "ExternalIP")?.address ?? addrs.find((a) => a.type === "InternalIP")?.address
  );
}

const ipv4First = (a: string, b: string) => {
  const va = a.includes(":") ? 1 : 0;
  const vb = b.includes(":") ? 1 : 0;
  if (va !== vb) return va - vb;
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return a < b ? -1 : a > b ? 1 : 0;
};

export class LocalLoadBalancer implements LoadBalancer {
  /** Service UID → the status last ensured, standing in for the cloud's own record. */
  private readonly balancers = new Map<string, LoadBalancerStatus>();

  constructor(private readonly config: LocalLoadBalancerConfig = {}) {}

  getLoadBalancerName(_clusterName: string, svc: RService): string {
    return defaultLoadBalancerName(svc);
  }

  getLoadBalancer(
    _clusterName: string,
    svc: RService,
  ): Promise<{ status?: LoadBalancerStatus; exists: boolean }> {
    const status = this.balancers.get(svc.metadata.uid ?? "");
    return Promise.resolve({ status, exists: status !== undefined });
  }

  statusFor(nodes: RNode[]): LoadBalancerStatus {
    const ips = this.config.addresses?.length
      ? [...this.config.addresses]
      : [...new Set(nodes.map(nodeServiceAddress).filter((a): a is string => !!a))].sort(ipv4First);
    return { ingress: ips.map((ip) => ({ ip, ipMode: "VIP" })) };
  }

  ensureLoadBalancer(_clusterName: string, svc: RService, nodes: RNode[]): Promise<LoadBalancerStatus> {
    const status = this.statusFor(nodes);
    this.balancers.set(svc.metadata.uid ?? "", status);
    return Promise.resolve(status);
  }

  async updateLoadBalancer(clusterName: string, svc: RService, nodes: RNode[]): Promise<void> {
    await this.ensureLoadBalancer(clusterName, svc, nodes);
  }

  ensureLoadBalancerDeleted(_clusterName: string, svc: RService): Promise<void> {
    this.balancers.delete(svc.metadata.uid ?? "");
    return Promise.resolve();
  }
}
