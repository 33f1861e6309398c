// The local provider's instances: every node is a machine of this cluster, so it exists and is never shut
// down; its providerID is `k8ts://<node name>`; its addresses are those the node itself reports (the
// kubelet's InternalIP and Hostname), with an ExternalIP from the k8ts.io/external-ip annotation (k3s's
// k3s.io/external-ip) or from the configuration.
import type { NodeAddress } from "../../../api/core/v1/node-types.js";
import type { InstanceMetadata, Instances, RNode } from "../../provider.js";

export const providerName = "k8ts";
export const externalIPAnnotation = "k8ts.io/external-ip";
export const internalIPAnnotation = "k8ts.io/internal-ip";
export const instanceType = "k8ts";

export interface LocalInstancesConfig {
  /** Node name → external IP, for nodes without the annotation. */
  externalIPs?: Record<string, string>;
}

export const localProviderID = (nodeName: string) => `${providerName}://${nodeName}`;

export class LocalInstances implements Instances {
  constructor(private readonly config: LocalInstancesConfig = {}) {}

  instanceExists(): Promise<boolean> {
    return Promise.resolve(true);
  }

  instanceShutdown(): Promise<boolean> {
    return Promise.resolve(false);
  }

  instanceMetadata(node: RNode): Promise<InstanceMetadata> {
    const name = node.metadata.name ?? "";
    const ann = node.metadata.annotations ?? {};
    const reported = node.status?.addresses ?? [];
    const out: NodeAddress[] = [];
    const internal = ann[internalIPAnnotation] ?? reported.find((a) => a.type === "InternalIP")?.address;
    if (internal) out.push({ type: "InternalIP", address: internal });
    const external =
      ann[externalIPAnnotation] ??
      this.config.externalIPs?.[name] ??
      reported.find((a) => a.type === "ExternalIP")?.address;
    if (external) out.push({ type: "ExternalIP", address: external });
    out.push({ type: "Hostname", address: reported.find((a) => a.type === "Hostname")?.address ?? name });
    return Promise.resolve({ providerID: localProviderID(name), instanceType, nodeAddresses: out });
  }
}
