// core/v1 types that networking.k8s.io/v1 embeds. Local copy until src/api/core/v1 exports it
// (same $id, so the OpenAPI writer sees one definition); the lead dedups.
import { Type } from "@sinclair/typebox";
import { Struct } from "../../schema.js";

export const TypedLocalObjectReference = Struct(
  {
    apiGroup: Type.String({ description: "APIGroup is the group for the resource being referenced." }),
    kind: Type.String({ description: "Kind is the type of resource being referenced" }),
    name: Type.String({ description: "Name is the name of resource being referenced" }),
  },
  {
    $id: "io.k8s.api.core.v1.TypedLocalObjectReference",
    required: ["kind", "name"],
    description:
      "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.",
    "x-proto": { apiGroup: 1, kind: 2, name: 3 },
    "x-kubernetes-map-type": "atomic",
  },
);
