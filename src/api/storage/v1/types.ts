// storage.k8s.io/v1 StorageClass (k8s.io/api/storage/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, AtomicList, StringMap } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { TopologySelectorTerm } from "../../core/v1/topologyselector.js";

const P = "io.k8s.api.storage.v1";

export const StorageClass = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    provisioner: Type.String({ description: "provisioner indicates the type of the provisioner." }),
    parameters: StringMap({
      description:
        "parameters holds the parameters for the provisioner that should create volumes of this storage class.",
    }),
    reclaimPolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.",
    }),
    mountOptions: AtomicList(Type.String(), {
      description:
        "mountOptions controls the mountOptions for dynamically provisioned PersistentVolumes of this storage class.",
    }),
    allowVolumeExpansion: Type.Boolean({
      "x-proto-pointer": true,
      description: "allowVolumeExpansion shows whether the storage class allow volume expand.",
    }),
    volumeBindingMode: Type.String({
      "x-proto-pointer": true,
      description: "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.",
    }),
    allowedTopologies: AtomicList(TopologySelectorTerm, {
      description:
        "allowedTopologies restrict the node topologies where volumes can be dynamically provisioned.",
    }),
  },
  {
    $id: `${P}.StorageClass`,
    required: ["provisioner"],
    description:
      "StorageClass describes the parameters for a class of storage for which PersistentVolumes can be dynamically provisioned.",
    "x-proto": {
      metadata: 1,
      provisioner: 2,
      parameters: 3,
      reclaimPolicy: 4,
      mountOptions: 5,
      allowVolumeExpansion: 6,
      volumeBindingMode: 7,
      allowedTopologies: 8,
    },
  },
);
export type StorageClass = Static<typeof StorageClass>;
