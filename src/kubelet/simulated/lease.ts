// The node Lease (kube-node-lease/<node>) the kubelet's lease controller keeps renewed: holder is the node,
// owned by the Node so it goes when the node goes, renewTime refreshed every renew interval.
import type { Lease } from "../../api/coordination/v1/types.js";
import { rfc3339Micro } from "./timefmt.js";

export const nodeLeaseNamespace = "kube-node-lease";

export type NodeLease = Lease & { metadata: { name: string; namespace: string; resourceVersion?: string } };

export function buildNodeLease(
  node: { name: string; uid: string },
  leaseDurationSeconds: number,
  nowMs: number,
): NodeLease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: node.name,
      namespace: nodeLeaseNamespace,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.name, uid: node.uid }],
    },
    spec: {
      holderIdentity: node.name,
      leaseDurationSeconds,
      renewTime: rfc3339Micro(nowMs),
    },
  };
}

/** The lease with renewTime set to now (and holder/duration restored, as the kubelet does on every renew). */
export function renewedLease(lease: NodeLease, leaseDurationSeconds: number, nowMs: number): NodeLease {
  return {
    ...lease,
    spec: {
      ...lease.spec,
      holderIdentity: lease.metadata.name,
      leaseDurationSeconds,
      renewTime: rfc3339Micro(nowMs),
    },
  };
}
