// policy/v1 types (k8s.io/api/policy/v1): PodDisruptionBudget and Eviction (served as pods/eviction).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, Int64, Time, IntOrString, MapList } from "../../schema.js";
import { ObjectMeta, LabelSelector, Condition, DeleteOptions, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.policy.v1";

export const PodDisruptionBudgetSpec = Struct(
  {
    minAvailable: IntOrString({
      description:
        'An eviction is allowed if at least "minAvailable" pods selected by "selector" will still be available after the eviction, i.e. even in the absence of the evicted pod.',
    }),
    selector: Field(
      LabelSelector,
      "selector is a label query over pods whose evictions are managed by the disruption budget.",
      { "x-kubernetes-patch-strategy": "replace" },
    ),
    maxUnavailable: IntOrString({
      description:
        'An eviction is allowed if at most "maxUnavailable" pods selected by "selector" are unavailable after the eviction, i.e. even in absence of the evicted pod.',
    }),
    unhealthyPodEvictionPolicy: Type.String({
      "x-proto-pointer": true,
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
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      PodDisruptionBudgetSpec,
      "spec is the specification of the desired behavior of the PodDisruptionBudget.",
    ),
    status: Field(
      PodDisruptionBudgetStatus,
      "status is the most recently observed status of the PodDisruptionBudget.",
    ),
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
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "metadata describes the pod that is being evicted."),
    deleteOptions: Field(DeleteOptions, "deleteOptions may be provided"),
  },
  {
    $id: `${P}.Eviction`,
    description: "Eviction evicts a pod from its node subject to certain policies and safety constraints.",
    "x-proto": { metadata: 1, deleteOptions: 2 },
  },
);
export type Eviction = Static<typeof Eviction>;
