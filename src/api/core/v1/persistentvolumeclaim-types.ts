// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, Time, MapList, StringMap } from "../../schema.js";
import { Struct } from "./struct.js";
import { LabelSelector } from "../../meta/v1/types.js";
import { VolumeResourceRequirements, ResourceList } from "./resources.js";
import { TypedLocalObjectReference, TypedObjectReference } from "./reference.js";

export const PersistentVolumeClaimSpec = Struct(
  {
    accessModes: AtomicList(Type.String(), {
      description: "accessModes contains the desired access modes the volume should have.",
    }),
    selector: Field(LabelSelector, "selector is a label query over volumes to consider for binding."),
    resources: Field(
      VolumeResourceRequirements,
      "resources represents the minimum resources the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#resources",
    ),
    volumeName: Type.String({
      description: "volumeName is the binding reference to the PersistentVolume backing this claim.",
    }),
    storageClassName: Type.String({
      "x-proto-pointer": true,
      description: "storageClassName is the name of the StorageClass required by the claim.",
    }),
    volumeMode: Type.String({
      "x-proto-pointer": true,
      description: "volumeMode defines what type of volume is required by the claim.",
    }),
    dataSource: Field(
      TypedLocalObjectReference,
      "dataSource field can be used to specify either: * An existing VolumeSnapshot object (snapshot.storage.k8s.io/VolumeSnapshot) * An existing PVC (PersistentVolumeClaim) If the provisioner or an external controller can support the specified data source, it will create a new volume based on the contents of the specified data source.",
    ),
    dataSourceRef: Field(
      TypedObjectReference,
      "dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired.",
    ),
    volumeAttributesClassName: Type.String({
      "x-proto-pointer": true,
      description:
        "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaimSpec",
    description:
      "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
    "x-proto": {
      accessModes: 1,
      selector: 4,
      resources: 2,
      volumeName: 3,
      storageClassName: 5,
      volumeMode: 6,
      dataSource: 7,
      dataSourceRef: 8,
      volumeAttributesClassName: 9,
    },
  },
);

export type PersistentVolumeClaimSpec = Static<typeof PersistentVolumeClaimSpec>;

export const VolumeHealthCondition = Struct(
  {
    status: Type.String({ description: "status is the machine-parseable health category." }),
    reason: Type.String({ description: "reason is a brief CamelCase machine-parseable reason." }),
    message: Type.String({ description: "message is a human-readable description." }),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeHealthCondition",
    required: ["status", "reason"],
    description: "VolumeHealthCondition represents an adverse health condition reported for a volume.",
    "x-proto": { status: 1, reason: 2, message: 3 },
  },
);

export type VolumeHealthCondition = Static<typeof VolumeHealthCondition>;

export const PersistentVolumeClaimCondition = Struct(
  {
    type: Type.String({ description: "Type is the type of the condition." }),
    status: Type.String({ description: "Status is the status of the condition." }),
    lastProbeTime: Time({ description: "lastProbeTime is the time we probed the condition." }),
    lastTransitionTime: Time({
      description: "lastTransitionTime is the time the condition transitioned from one status to another.",
    }),
    reason: Type.String({
      description:
        "reason is a unique, this should be a short, machine understandable string that gives the reason for condition's last transition.",
    }),
    message: Type.String({
      description: "message is the human-readable message indicating details about last transition.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaimCondition",
    required: ["type", "status"],
    description: "PersistentVolumeClaimCondition contains details about state of pvc",
    "x-proto": { type: 1, status: 2, lastProbeTime: 3, lastTransitionTime: 4, reason: 5, message: 6 },
  },
);

export type PersistentVolumeClaimCondition = Static<typeof PersistentVolumeClaimCondition>;

export const ModifyVolumeStatus = Struct(
  {
    targetVolumeAttributesClassName: Type.String({
      description:
        "targetVolumeAttributesClassName is the name of the VolumeAttributesClass the PVC currently being reconciled",
    }),
    status: Type.String({ description: "status is the status of the ControllerModifyVolume operation." }),
  },
  {
    $id: "io.k8s.api.core.v1.ModifyVolumeStatus",
    required: ["status"],
    description: "ModifyVolumeStatus represents the status object of ControllerModifyVolume operation",
    "x-proto": { targetVolumeAttributesClassName: 1, status: 2 },
  },
);

export type ModifyVolumeStatus = Static<typeof ModifyVolumeStatus>;

export const VolumeHealthStatus = Struct(
  {
    healthConditions: MapList(VolumeHealthCondition, ["status", "reason"], {
      description: "conditions is the set of adverse conditions reported by the CSI controller plugin.",
    }),
    lastTransitionTime: Time({
      description: "lastTransitionTime is when the current set of conditions first appeared.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeHealthStatus",
    description:
      "VolumeHealthStatus contains health information for a volume reported by the CSI controller plugin.",
    "x-proto": { healthConditions: 1, lastTransitionTime: 2 },
  },
);

export type VolumeHealthStatus = Static<typeof VolumeHealthStatus>;

export const PersistentVolumeClaimStatus = Struct(
  {
    phase: Type.String({ description: "phase represents the current phase of PersistentVolumeClaim." }),
    accessModes: AtomicList(Type.String(), {
      description: "accessModes contains the actual access modes the volume backing the PVC has.",
    }),
    capacity: ResourceList({
      description: "capacity represents the actual resources of the underlying volume.",
    }),
    conditions: MapList(PersistentVolumeClaimCondition, ["type"], {
      description: "conditions is the current Condition of persistent volume claim.",
    }),
    allocatedResources: ResourceList({
      description: "allocatedResources tracks the resources allocated to a PVC including its capacity.",
    }),
    allocatedResourceStatuses: StringMap({
      "x-kubernetes-map-type": "granular",
      description: "allocatedResourceStatuses stores status of resource being resized for the given PVC.",
    }),
    currentVolumeAttributesClassName: Type.String({
      "x-proto-pointer": true,
      description:
        "currentVolumeAttributesClassName is the current name of the VolumeAttributesClass the PVC is using.",
    }),
    modifyVolumeStatus: Field(
      ModifyVolumeStatus,
      "ModifyVolumeStatus represents the status object of ControllerModifyVolume operation.",
    ),
    healthStatus: Field(
      VolumeHealthStatus,
      "healthStatus contains the latest controller-reported health information for the volume bound to this claim.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaimStatus",
    description: "PersistentVolumeClaimStatus is the current status of a persistent volume claim.",
    "x-proto": {
      phase: 1,
      accessModes: 2,
      capacity: 3,
      conditions: 4,
      allocatedResources: 5,
      allocatedResourceStatuses: 7,
      currentVolumeAttributesClassName: 8,
      modifyVolumeStatus: 9,
      healthStatus: 10,
    },
  },
);

export type PersistentVolumeClaimStatus = Static<typeof PersistentVolumeClaimStatus>;
