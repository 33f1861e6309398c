// RequestedToCapacityRatio: a user-given piecewise-linear function of utilization (0..100 %) to score (0..10,
// scaled to 0..100), per resource, weighted.
import type { ResourceSpec, Scorer } from "./resource-allocation.js";
import { maxNodeScore } from "../../framework/types.js";

export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** Upstream's MaxCustomPriorityScore: shape scores are 0..10. */
export const maxCustomPriorityScore = 10;
const maxUtilization = 100;

/** helper.BuildBrokenLinearFunction over points sorted by utilization. */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const a = shape[i - 1];
        const b = shape[i];
        return (
          a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization))
        );
      }
    }
    return shape[shape.length - 1].score;
  };
}

export function requestedToCapacityRatioScorer(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): Scorer {
  const scaled = shape.map((p) => ({
    utilization: p.utilization,
    score: p.score * (maxNodeScore / maxCustomPriorityScore),
  }));
  const f = brokenLinearFunction(scaled);
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? f(maxUtilization)
      : f(Math.trunc((requested * maxUtilization) / capacity));
  return (requested, allocatable) => {
    let score = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i].weight;
      const s = resourceScore(requested[i], allocatable[i]);
      if (s > 0) {
        score += s * w;
        weightSum += w;
      }
    }
    return weightSum === 0 ? 0 : Math.round(score / weightSum);
  };
}
