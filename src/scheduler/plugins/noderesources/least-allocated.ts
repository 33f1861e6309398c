// LeastAllocated (the default): prefers nodes with more free capacity, score = free / capacity × 100, weighted
// over the configured resources, integer arithmetic as upstream.
import type { ResourceSpec, Scorer } from "./resource-allocation.js";
import { maxNodeScore } from "../../framework/types.js";

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity);
}

export function leastResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      score += leastRequestedScore(requested[i], allocatable[i]) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  };
}
