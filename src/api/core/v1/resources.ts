// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Quantity } from "../../schema.js";
import type { SchemaOptions } from "@sinclair/typebox";
import { goMap } from "../../validation/field.js";
import { tryQuantity, formatQuantity } from "../../resource/quantity.js";

/** ResourceList: resource name ("cpu", "memory", "nvidia.com/gpu") to Quantity. */
export const ResourceList = (o: SchemaOptions = {}) => Type.Record(Type.String(), Quantity(), o);
export type ResourceList = Record<string, string | number>;

export const VolumeResourceRequirements = Struct(
  {
    limits: ResourceList({
      description: "Limits describes the maximum amount of compute resources allowed.",
    }),
    requests: ResourceList({
      description: "Requests describes the minimum amount of compute resources required.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeResourceRequirements",
    description: "VolumeResourceRequirements describes the storage resource requirements for a volume.",
    "x-proto": { limits: 1, requests: 2 },
  },
);

export type VolumeResourceRequirements = Static<typeof VolumeResourceRequirements>;

export const ResourceClaim = Struct(
  {
    name: Type.String({
      description:
        "Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.",
    }),
    request: Type.String({
      description: "Request is the name chosen for a request in the referenced claim.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceClaim",
    required: ["name"],
    description: "ResourceClaim references one entry in PodSpec.ResourceClaims.",
    "x-proto": { name: 1, request: 2 },
  },
);

export type ResourceClaim = Static<typeof ResourceClaim>;

export const ResourceRequirements = Struct(
  {
    limits: ResourceList({
      description: "Limits describes the maximum amount of compute resources allowed.",
    }),
    requests: ResourceList({
      description: "Requests describes the minimum amount of compute resources required.",
    }),
    claims: Type.Array(ResourceClaim, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      description:
        "Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceRequirements",
    description: "ResourceRequirements describes the compute resource requirements.",
    "x-proto": { limits: 1, requests: 2, claims: 3 },
  },
);

export type ResourceRequirements = Static<typeof ResourceRequirements>;

/** A ResourceList as a field error's bad value: a Go map (sorted keys) of canonical quantities. */
export function resourceListValue(list: ResourceList | undefined): unknown {
  const entries = Object.entries(list ?? {}).map(([k, v]) => {
    const q = tryQuantity(v);
    return [k, q ? formatQuantity(q) : v] as const;
  });
  return goMap(Object.fromEntries(entries));
}
