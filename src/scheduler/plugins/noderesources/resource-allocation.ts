// The scoring half shared by NodeResourcesFit and NodeResourcesBalancedAllocation (upstream's
// resourceAllocationScorer): per configured resource, what the node can allocate and what would be requested
// with this pod on it; a strategy turns those into a 0..100 score.
import type { NodeInfo } from "../../framework/node-info.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { isScalarResourceName } from "../../framework/resource.js";

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const defaultResources: ResourceSpec[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

/** requested[i] and allocatable[i] per configured resource; allocatable 0 means "not scored". */
export type Scorer = (requested: Float64Array, allocatable: Float64Array) => number;

export class ResourceAllocationScorer {
  private readonly requested: Float64Array;
  private readonly allocatable: Float64Array;

  /**
   * `useRequested`: count the pods' actual requests (BalancedAllocation); otherwise count containers without
   * CPU/memory requests as the defaults (100m, 200Mi), so empty pods do not all land on one node.
   */
  constructor(
    readonly resources: readonly ResourceSpec[],
    private readonly scorer: Scorer,
    private readonly useRequested: boolean,
  ) {
    this.requested = new Float64Array(resources.length);
    this.allocatable = new Float64Array(resources.length);
  }

  /** The pod's request of each configured resource (calculatePodResourceRequestList). */
  podRequests(pod: PodInfo): number[] {
    const r = pod.resource;
    return this.resources.map(({ name }) => {
      switch (name) {
        case "cpu":
          return this.useRequested ? r.requests.milliCPU : r.non0CPU;
        case "memory":
          return this.useRequested ? r.requests.memory : r.non0Mem;
        case "ephemeral-storage":
          return r.requests.ephemeralStorage;
        default:
          return r.requests.getScalar(name);
      }
    });
  }

  score(podRequests: readonly number[], nodeInfo: NodeInfo): number {
    const req = this.requested;
    const alloc = this.allocatable;
    const used = this.useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
    for (let i = 0; i < this.resources.length; i++) {
      const name = this.resources[i].name;
      const p = podRequests[i];
      let a = 0;
      let q = 0;
      // An extended resource the pod does not request is not scored.
      if (!(p === 0 && isScalarResourceName(name))) {
        switch (name) {
          case "cpu":
            a = nodeInfo.allocatable.milliCPU;
            q = used.milliCPU + p;
            break;
          case "memory":
            a = nodeInfo.allocatable.memory;
            q = used.memory + p;
            break;
          case "ephemeral-storage":
            a = nodeInfo.allocatable.ephemeralStorage;
            q = nodeInfo.requested.ephemeralStorage + p;
            break;
          default:
            if (nodeInfo.allocatable.scalar?.has(name)) {
              a = nodeInfo.allocatable.getScalar(name);
              q = nodeInfo.requested.getScalar(name) + p;
            }
        }
      }
      alloc[i] = a;
      req[i] = a === 0 ? 0 : q;
    }
    return this.scorer(req, alloc);
  }
}
