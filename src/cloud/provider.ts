// The cloud provider interface (k8s.io/cloud-provider's Interface, the parts the cloud controller manager
// uses): load balancers for Services of type LoadBalancer, and instances for node initialization. Each
// part is optional, as upstream's `LoadBalancer() (LoadBalancer, bool)`.
import type { Service, LoadBalancerStatus } from "../api/core/v1/service.js";
import type { Node } from "../api/core/v1/node.js";
import type { NodeAddress } from "../api/core/v1/node-types.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export type RService = DeepReadonly<
  Service & { metadata: { name?: string; namespace?: string; uid?: string } }
>;
export type RNode = DeepReadonly<Node & { metadata: { name?: string } }>;

export interface LoadBalancer {
  /** The name the provider gives the Service's load balancer (upstream's default: "a" + UID without dashes). */
  getLoadBalancerName(clusterName: string, svc: RService): string;
  /** The current status, or exists=false. */
  getLoadBalancer(
    clusterName: string,
    svc: RService,
  ): Promise<{ status?: LoadBalancerStatus; exists: boolean }>;
  /** Creates or updates the load balancer for the Service over the given nodes; returns its status. */
  ensureLoadBalancer(clusterName: string, svc: RService, nodes: RNode[]): Promise<LoadBalancerStatus>;
  /** The set of nodes behind the load balancer changed. */
  updateLoadBalancer(clusterName: string, svc: RService, nodes: RNode[]): Promise<void>;
  /** Deletes it; succeeds when it does not exist. */
  ensureLoadBalancerDeleted(clusterName: string, svc: RService): Promise<void>;
}

/** Node metadata from the cloud (upstream's InstancesV2). */
export interface Instances {
  instanceExists(node: RNode): Promise<boolean>;
  /** Whether the instance is shut down (the node gets the node.cloudprovider.kubernetes.io/shutdown taint). */
  instanceShutdown(node: RNode): Promise<boolean>;
  instanceMetadata(node: RNode): Promise<InstanceMetadata>;
}

export interface InstanceMetadata {
  /** "<provider>://<id>". */
  providerID: string;
  instanceType?: string;
  nodeAddresses: NodeAddress[];
  zone?: string;
  region?: string;
}

export interface CloudProvider {
  readonly name: string;
  loadBalancer(): LoadBalancer | undefined;
  instances(): Instances | undefined;
}

/** What a provider is built from: its own options (a provider-specific object) and the cluster's client. */
export type CloudProviderFactory = (config: Record<string, unknown>) => CloudProvider;

/** Upstream's cloudprovider.DefaultLoadBalancerName. */
export function defaultLoadBalancerName(svc: RService): string {
  const name = "a" + (svc.metadata.uid ?? "").replaceAll("-", "");
  return name.length > 32 ? name.slice(0, 32) : name;
}
