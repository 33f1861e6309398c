// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta } from "../../meta/v1/types.js";
import { PersistentVolumeSpec, PersistentVolumeStatus } from "./persistentvolume-types.js";

export const PersistentVolume = Struct(
  {
    apiVersion: Type.String({
      description: "APIVersion defines the versioned schema of this representation of an object.",
    }),
    kind: Type.String({
      description: "Kind is a string value representing the REST resource this object represents.",
    }),
    metadata: ObjectMeta,
    spec: PersistentVolumeSpec,
    status: PersistentVolumeStatus,
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolume",
    description: "PersistentVolume (PV) is a storage resource provisioned by an administrator.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export type PersistentVolume = Static<typeof PersistentVolume>;
