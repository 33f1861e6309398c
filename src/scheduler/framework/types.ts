// The objects the scheduler reads, as the informers hand them out: shared with the cache, so read-only.
import type { Pod as ApiPod } from "../../api/core/v1/pod.js";
import type { Node as ApiNode } from "../../api/core/v1/node.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export type Pod = DeepReadonly<ApiPod & KubeObject>;
export type Node = DeepReadonly<ApiNode & KubeObject>;

/** Upstream's MaxNodeScore: every Score plugin's normalized score lies in [0, 100]. */
export const maxNodeScore = 100;

/** Well-known labels (k8s.io/api/core/v1 well_known_labels.go). */
export const labelHostname = "kubernetes.io/hostname";
export const labelTopologyZone = "topology.kubernetes.io/zone";
export const labelTopologyRegion = "topology.kubernetes.io/region";
export const labelFailureDomainZone = "failure-domain.beta.kubernetes.io/zone";
export const labelFailureDomainRegion = "failure-domain.beta.kubernetes.io/region";
