// The `local` cloud provider: load balancers as k3s's ServiceLB (node addresses), instances as k3s's
// embedded cloud provider (providerID k8ts://<node>).
import type { CloudProvider } from "../../provider.js";
import { LocalLoadBalancer, type LocalLoadBalancerConfig } from "./loadbalancer.js";
import { LocalInstances, type LocalInstancesConfig } from "./instances.js";

export type LocalProviderConfig = LocalLoadBalancerConfig & LocalInstancesConfig;

export function newLocalProvider(config: Record<string, unknown> = {}): CloudProvider {
  const c = config as LocalProviderConfig;
  const lb = new LocalLoadBalancer(c);
  const instances = new LocalInstances(c);
  return { name: "local", loadBalancer: () => lb, instances: () => instances };
}
