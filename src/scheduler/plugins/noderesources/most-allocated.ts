// MostAllocated: bin packing, prefers the fullest nodes; score = requested / capacity × 100 (requests over
// capacity count as full, since pods without requests count with defaults).
import type { ResourceSpec, Scorer } from "./resource-allocation.js";
import { maxNodeScore } from "../../framework/types.js";

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * maxNodeScore) / capacity);
}

export function mostResourceScorer(resources: readonly ResourceSpec[]): Scorer {
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      score += mostRequestedScore(requested[i], allocatable[i]) * w;
      weightSum += w;
    }
    return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  };
}
