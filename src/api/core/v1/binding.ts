// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta } from "../../meta/v1/types.js";
import { ObjectReference } from "./reference.js";

export const Binding = Struct(
  {
    apiVersion: Type.String({
      description: "APIVersion defines the versioned schema of this representation of an object.",
    }),
    kind: Type.String({
      description: "Kind is a string value representing the REST resource this object represents.",
    }),
    metadata: ObjectMeta,
    target: ObjectReference,
  },
  {
    $id: "io.k8s.api.core.v1.Binding",
    required: ["target"],
    description: "Binding ties one object to another; for example, a pod is bound to a node by a scheduler.",
    "x-proto": { metadata: 1, target: 2 },
  },
);

export type Binding = Static<typeof Binding>;
