// ImageLocality: prefers nodes that already have the pod's images, weighted by image size and by how few
// nodes have them (an image everywhere says nothing), between 23 MB and 1000 MB per container.
import type { Handle, ScorePlugin } from "../../framework/interface.js";
import type { Status } from "../../framework/status.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import type { NodeInfo, ImageStateSummary } from "../../framework/node-info.js";
import { maxNodeScore } from "../../framework/types.js";
import { names } from "../names.js";

const mb = 1024 * 1024;
export const minThreshold = 23 * mb;
export const maxContainerThreshold = 1000 * mb;

/** "nginx" → "nginx:latest"; names with a tag or digest stay as they are. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return name + ":latest";
  return name;
}

export function scaledImageScore(s: ImageStateSummary, totalNumNodes: number): number {
  return Math.trunc(s.size * (s.numNodes / totalNumNodes));
}

export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  if (sumScores < minThreshold) sumScores = minThreshold;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((maxNodeScore * (sumScores - minThreshold)) / (maxThreshold - minThreshold));
}

export class ImageLocality implements ScorePlugin {
  readonly name = names.ImageLocality;

  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number | Status {
    // No images on the node: the sum is 0, below the 23 MB threshold, so the score is 0.
    if (nodeInfo.imageStates.size === 0) return 0;
    const spec = pod.pod.spec;
    const containers = (spec?.initContainers?.length ?? 0) + (spec?.containers?.length ?? 0);
    const total = this.handle.snapshotSharedLister().list().length;
    let sum = 0;
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      const st = c.image ? nodeInfo.imageStates.get(normalizedImageName(c.image)) : undefined;
      if (st) sum += scaledImageScore(st, total);
    }
    return calculatePriority(sum, containers);
  }
}
