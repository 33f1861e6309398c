// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";

/** LocalObjectReference's fields: embedded inline (JSON-flattened) in other types; a nested message (field numbers below) on the protobuf wire. */

export const LocalObjectReferenceFields = {
  name: Type.String({ description: "Name of the referent." }),
};

export const LocalObjectReferenceProto = { name: 1 };

export const LocalObjectReferenceRequired: string[] = [];

export const LocalObjectReference = Struct(
  {
    ...LocalObjectReferenceFields,
  },
  {
    $id: "io.k8s.api.core.v1.LocalObjectReference",
    description:
      "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.",
    "x-proto": { name: 1 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type LocalObjectReference = Static<typeof LocalObjectReference>;

export const TypedLocalObjectReference = Struct(
  {
    apiGroup: Type.String({
      "x-proto-pointer": true,
      description: "APIGroup is the group for the resource being referenced.",
    }),
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

export type TypedLocalObjectReference = Static<typeof TypedLocalObjectReference>;

export const TypedObjectReference = Struct(
  {
    apiGroup: Type.String({
      "x-proto-pointer": true,
      description: "APIGroup is the group for the resource being referenced.",
    }),
    kind: Type.String({ description: "Kind is the type of resource being referenced" }),
    name: Type.String({ description: "Name is the name of resource being referenced" }),
    namespace: Type.String({
      "x-proto-pointer": true,
      description:
        "Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace's owner to accept the reference.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.TypedObjectReference",
    required: ["kind", "name"],
    description:
      "TypedObjectReference contains enough information to let you locate the typed referenced object",
    "x-proto": { apiGroup: 1, kind: 2, name: 3, namespace: 4 },
  },
);

export type TypedObjectReference = Static<typeof TypedObjectReference>;

export const SecretReference = Struct(
  {
    name: Type.String({ description: "name is unique within a namespace to reference a secret resource." }),
    namespace: Type.String({
      description: "namespace defines the space within which the secret name must be unique.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SecretReference",
    description: "SecretReference represents a Secret Reference.",
    "x-proto": { name: 1, namespace: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type SecretReference = Static<typeof SecretReference>;

export const ObjectReference = Struct(
  {
    kind: Type.String({ description: "Kind of the referent." }),
    namespace: Type.String({ description: "Namespace of the referent." }),
    name: Type.String({ description: "Name of the referent." }),
    uid: Type.String({ description: "UID of the referent." }),
    apiVersion: Type.String({ description: "API version of the referent." }),
    resourceVersion: Type.String({
      description: "Specific resourceVersion to which this reference is made, if any.",
    }),
    fieldPath: Type.String({
      description:
        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ObjectReference",
    description:
      "ObjectReference contains enough information to let you inspect or modify the referred object.",
    "x-proto": { kind: 1, namespace: 2, name: 3, uid: 4, apiVersion: 5, resourceVersion: 6, fieldPath: 7 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type ObjectReference = Static<typeof ObjectReference>;
