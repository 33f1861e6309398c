// policy/v1 types (k8s.io/api/policy/v1): PodDisruptionBudget and Eviction (served as pods/eviction).
import { Type, type Static } from "@sinclair/typebox";
import { Struct, Int32, Int64, Time, IntOrString, MapList } from "../../schema.js";
import { ObjectMeta, LabelSelector, Condition, DeleteOptions } from "../../meta/v1/types.js";

const P = "io.k8s.api.policy.v1";

export const PodDisruptionBudgetSpec = Struct(
  {
    minAvailable: IntOrString({
      description:
        'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod.',
    }),
    selector: { ...LabelSelector, "x-kubernetes-patch-strategy": "replace" },
    maxUnavailable: IntOrString({
      description:
        'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod.',
    }),
    unhealthyPodEvictionPolicy: Type.String({
      description:
        "UnhealthyPodEvictionPolicy defines the criteria for when unhealthy pods should be considered for eviction.",
    }),
  },
  {
    $id: `${P}.PodDisruptionBudgetSpec`,
    description: "PodDisruptionBudgetSpec is a description of a PodDisruptionBudget.",
    "x-proto": { minAvailable: 1, selector: 2, maxUnavailable: 3, unhealthyPodEvictionPolicy: 4 },
  },
);
export type PodDisruptionBudgetSpec = Static<typeof PodDisruptionBudgetSpec>;

export const PodDisruptionBudgetStatus = Struct(
  {
    observedGeneration: Int64({
      description: "Most recent generation observed when updating this PDB status.",
    }),
    disruptedPods: Type.Record(Type.String(), Time(), {
      description:
        "DisruptedPods contains information about pods whose eviction was processed by the API server eviction subresource handler but has not yet been observed by the PodDisruptionBudget controller.",
    }),
    disruptionsAllowed: Int32({ description: "Number of pod disruptions that are currently allowed." }),
    currentHealthy: Int32({ description: "current number of healthy pods" }),
    desiredHealthy: Int32({ description: "minimum desired number of healthy pods" }),
    expectedPods: Int32({ description: "total number of pods counted by this disruption budget" }),
    conditions: MapList(Condition, ["type"], { description: "Conditions contain conditions for PDB." }),
  },
  {
    $id: `${P}.PodDisruptionBudgetStatus`,
    required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"],
    description:
      "PodDisruptionBudgetStatus represents information about the status of a PodDisruptionBudget.",
    "x-proto": {
      observedGeneration: 1,
      disruptedPods: 2,
      disruptionsAllowed: 3,
      currentHealthy: 4,
      desiredHealthy: 5,
      expectedPods: 6,
      conditions: 7,
    },
  },
);
export type PodDisruptionBudgetStatus = Static<typeof PodDisruptionBudgetStatus>;

export const PodDisruptionBudget = Struct(
  {
    apiVersion: Type.String({
      description: "APIVersion defines the versioned schema of this representation of an object.",
    }),
    kind: Type.String({
      description: "Kind is a string value representing the REST resource this object represents.",
    }),
    metadata: ObjectMeta,
    spec: PodDisruptionBudgetSpec,
    status: PodDisruptionBudgetStatus,
  },
  {
    $id: `${P}.PodDisruptionBudget`,
    description:
      "PodDisruptionBudget is an object to define the max disruption that can be caused to a collection of pods",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type PodDisruptionBudget = Static<typeof PodDisruptionBudget>;

export const Eviction = Struct(
  {
    apiVersion: Type.String({
      description: "APIVersion defines the versioned schema of this representation of an object.",
    }),
    kind: Type.String({
      description: "Kind is a string value representing the REST resource this object represents.",
    }),
    metadata: ObjectMeta,
    deleteOptions: DeleteOptions,
  },
  {
    $id: `${P}.Eviction`,
    description: "Eviction evicts a pod from its node subject to certain policies and safety constraints.",
    "x-proto": { metadata: 1, deleteOptions: 2 },
  },
);
export type Eviction = Static<typeof Eviction>;
