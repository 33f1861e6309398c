// The pod indexer keyed by spec.nodeName that node-facing controllers share (one index on the shared pod
// informer, whoever registers it first).
import type { Pod } from "../../api/core/v1/pod.js";

export const podsByNodeIndex = "spec.nodeName";
export const podNodeIndexFunc = (p: Pod): string[] => (p.spec?.nodeName ? [p.spec.nodeName] : []);
