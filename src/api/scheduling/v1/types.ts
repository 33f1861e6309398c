// scheduling.k8s.io/v1 PriorityClass (k8s.io/api/scheduling/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Struct, Int32 } from "../../schema.js";
import { ObjectMeta } from "../../meta/v1/types.js";

export const PriorityClass = Struct(
  {
    apiVersion: Type.String({
      description: "APIVersion defines the versioned schema of this representation of an object.",
    }),
    kind: Type.String({
      description: "Kind is a string value representing the REST resource this object represents.",
    }),
    metadata: ObjectMeta,
    value: Int32({ description: "value represents the integer value of this priority class." }),
    globalDefault: Type.Boolean({
      description:
        "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.",
    }),
    description: Type.String({
      description:
        "description is an arbitrary string that usually provides guidelines on when this priority class should be used.",
    }),
    preemptionPolicy: Type.String({
      description: "preemptionPolicy is the Policy for preempting pods with lower priority.",
    }),
  },
  {
    $id: "io.k8s.api.scheduling.v1.PriorityClass",
    required: ["value"],
    description: "PriorityClass defines mapping from a priority class name to the priority integer value.",
    "x-proto": { metadata: 1, value: 2, globalDefault: 3, description: 4, preemptionPolicy: 5 },
  },
);
export type PriorityClass = Static<typeof PriorityClass>;
