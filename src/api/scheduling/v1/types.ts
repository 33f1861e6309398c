// scheduling.k8s.io/v1 PriorityClass (k8s.io/api/scheduling/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32 } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";

export const PriorityClass = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
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
      "x-proto-pointer": true,
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
