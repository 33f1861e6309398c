// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import type { Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference } from "./reference.js";
import { Field } from "../../schema.js";

export const Binding = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    target: Field(ObjectReference, "The target object that you want to bind to the standard object."),
  },
  {
    $id: "io.k8s.api.core.v1.Binding",
    required: ["target"],
    description: "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
    "x-proto": { metadata: 1, target: 2 },
  },
);

export type Binding = Static<typeof Binding>;
