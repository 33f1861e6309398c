// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, Int32, StringMap, Time } from "../../schema.js";
import { Struct } from "./struct.js";
import { SecretReference, ObjectReference } from "./reference.js";
import {
  GCEPersistentDiskVolumeSource,
  AWSElasticBlockStoreVolumeSource,
  HostPathVolumeSource,
  NFSVolumeSource,
  FCVolumeSource,
  FlockerVolumeSource,
  VsphereVirtualDiskVolumeSource,
  QuobyteVolumeSource,
  AzureDiskVolumeSource,
  PhotonPersistentDiskVolumeSource,
  PortworxVolumeSource,
} from "./volume.js";
import { NodeSelector } from "./affinity.js";
import { ResourceList } from "./resources.js";

export const GlusterfsPersistentVolumeSource = Struct(
  {
    endpoints: Type.String({
      description: "endpoints is the endpoint name that details Glusterfs topology.",
    }),
    path: Type.String({ description: "path is the Glusterfs volume path." }),
    readOnly: Type.Boolean({
      description: "readOnly here will force the Glusterfs volume to be mounted with read-only permissions.",
    }),
    endpointsNamespace: Type.String({
      "x-proto-pointer": true,
      description: "endpointsNamespace is the namespace that contains Glusterfs endpoint.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.GlusterfsPersistentVolumeSource",
    required: ["endpoints", "path"],
    description: "Represents a Glusterfs mount that lasts the lifetime of a pod.",
    "x-proto": { endpoints: 1, path: 2, readOnly: 3, endpointsNamespace: 4 },
  },
);

export type GlusterfsPersistentVolumeSource = Static<typeof GlusterfsPersistentVolumeSource>;

export const RBDPersistentVolumeSource = Struct(
  {
    monitors: AtomicList(Type.String(), { description: "monitors is a collection of Ceph monitors." }),
    image: Type.String({ description: "image is the rados image name." }),
    fsType: Type.String({
      description: "fsType is the filesystem type of the volume that you want to mount.",
    }),
    pool: Type.String({ description: "pool is the rados pool name." }),
    user: Type.String({ description: "user is the rados user name." }),
    keyring: Type.String({ description: "keyring is the path to key ring for RBDUser." }),
    secretRef: Field(
      SecretReference,
      "secretRef is name of the authentication secret for RBDUser. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    ),
    readOnly: Type.Boolean({ description: "readOnly here will force the ReadOnly setting in VolumeMounts." }),
  },
  {
    $id: "io.k8s.api.core.v1.RBDPersistentVolumeSource",
    required: ["monitors", "image"],
    description: "Represents a Rados Block Device mount that lasts the lifetime of a pod.",
    "x-proto": { monitors: 1, image: 2, fsType: 3, pool: 4, user: 5, keyring: 6, secretRef: 7, readOnly: 8 },
  },
);

export type RBDPersistentVolumeSource = Static<typeof RBDPersistentVolumeSource>;

export const ISCSIPersistentVolumeSource = Struct(
  {
    targetPortal: Type.String({ description: "targetPortal is iSCSI Target Portal." }),
    iqn: Type.String({ description: "iqn is Target iSCSI Qualified Name." }),
    lun: Int32({ description: "lun is iSCSI Target Lun number." }),
    iscsiInterface: Type.String({
      description: "iscsiInterface is the interface Name that uses an iSCSI transport.",
    }),
    fsType: Type.String({
      description: "fsType is the filesystem type of the volume that you want to mount.",
    }),
    readOnly: Type.Boolean({ description: "readOnly here will force the ReadOnly setting in VolumeMounts." }),
    portals: AtomicList(Type.String(), { description: "portals is the iSCSI Target Portal List." }),
    chapAuthDiscovery: Type.Boolean({
      description: "chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication",
    }),
    chapAuthSession: Type.Boolean({
      description: "chapAuthSession defines whether support iSCSI Session CHAP authentication",
    }),
    secretRef: Field(
      SecretReference,
      "secretRef is the CHAP Secret for iSCSI target and initiator authentication",
    ),
    initiatorName: Type.String({
      "x-proto-pointer": true,
      description: "initiatorName is the custom iSCSI Initiator Name.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ISCSIPersistentVolumeSource",
    required: ["targetPortal", "iqn", "lun"],
    description: "ISCSIPersistentVolumeSource represents an ISCSI disk.",
    "x-proto": {
      targetPortal: 1,
      iqn: 2,
      lun: 3,
      iscsiInterface: 4,
      fsType: 5,
      readOnly: 6,
      portals: 7,
      chapAuthDiscovery: 8,
      chapAuthSession: 11,
      secretRef: 10,
      initiatorName: 12,
    },
  },
);

export type ISCSIPersistentVolumeSource = Static<typeof ISCSIPersistentVolumeSource>;

export const CinderPersistentVolumeSource = Struct(
  {
    volumeID: Type.String({ description: "volumeID used to identify the volume in cinder." }),
    fsType: Type.String({ description: "fsType Filesystem type to mount." }),
    readOnly: Type.Boolean({ description: "readOnly is Optional: Defaults to false (read/write)." }),
    secretRef: Field(
      SecretReference,
      "secretRef is Optional: points to a secret object containing parameters used to connect to OpenStack.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.CinderPersistentVolumeSource",
    required: ["volumeID"],
    description: "Represents a cinder volume resource in Openstack.",
    "x-proto": { volumeID: 1, fsType: 2, readOnly: 3, secretRef: 4 },
  },
);

export type CinderPersistentVolumeSource = Static<typeof CinderPersistentVolumeSource>;

export const CephFSPersistentVolumeSource = Struct(
  {
    monitors: AtomicList(Type.String(), {
      description: "monitors is Required: Monitors is a collection of Ceph monitors",
    }),
    path: Type.String({
      description: "path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /",
    }),
    user: Type.String({ description: "user is Optional: User is the rados user name, default is admin" }),
    secretFile: Type.String({
      description:
        "secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret",
    }),
    secretRef: Field(
      SecretReference,
      "secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty. More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
    ),
    readOnly: Type.Boolean({ description: "readOnly is Optional: Defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.CephFSPersistentVolumeSource",
    required: ["monitors"],
    description:
      "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.",
    "x-proto": { monitors: 1, path: 2, user: 3, secretFile: 4, secretRef: 5, readOnly: 6 },
  },
);

export type CephFSPersistentVolumeSource = Static<typeof CephFSPersistentVolumeSource>;

export const FlexPersistentVolumeSource = Struct(
  {
    driver: Type.String({ description: "driver is the name of the driver to use for this volume." }),
    fsType: Type.String({ description: "fsType is the Filesystem type to mount." }),
    secretRef: Field(
      SecretReference,
      "secretRef is Optional: SecretRef is reference to the secret object containing sensitive information to pass to the plugin scripts.",
    ),
    readOnly: Type.Boolean({ description: "readOnly is Optional: defaults to false (read/write)." }),
    options: StringMap({
      description: "options is Optional: this field holds extra command options if any.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.FlexPersistentVolumeSource",
    required: ["driver"],
    description:
      "FlexPersistentVolumeSource represents a generic persistent volume resource that is provisioned/attached using an exec based plugin.",
    "x-proto": { driver: 1, fsType: 2, secretRef: 3, readOnly: 4, options: 5 },
  },
);

export type FlexPersistentVolumeSource = Static<typeof FlexPersistentVolumeSource>;

export const AzureFilePersistentVolumeSource = Struct(
  {
    secretName: Type.String({
      description: "secretName is the name of secret that contains Azure Storage Account Name and Key",
    }),
    shareName: Type.String({ description: "shareName is the azure Share Name" }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
    secretNamespace: Type.String({
      "x-proto-pointer": true,
      description:
        "secretNamespace is the namespace of the secret that contains Azure Storage Account Name and Key default is the same as the Pod",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.AzureFilePersistentVolumeSource",
    required: ["secretName", "shareName"],
    description: "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
    "x-proto": { secretName: 1, shareName: 2, readOnly: 3, secretNamespace: 4 },
  },
);

export type AzureFilePersistentVolumeSource = Static<typeof AzureFilePersistentVolumeSource>;

export const ScaleIOPersistentVolumeSource = Struct(
  {
    gateway: Type.String({ description: "gateway is the host address of the ScaleIO API Gateway." }),
    system: Type.String({
      description: "system is the name of the storage system as configured in ScaleIO.",
    }),
    secretRef: Field(
      SecretReference,
      "secretRef references to the secret for ScaleIO user and other sensitive information.",
    ),
    sslEnabled: Type.Boolean({
      description: "sslEnabled is the flag to enable/disable SSL communication with Gateway, default false",
    }),
    protectionDomain: Type.String({
      description:
        "protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.",
    }),
    storagePool: Type.String({
      description: "storagePool is the ScaleIO Storage Pool associated with the protection domain.",
    }),
    storageMode: Type.String({
      description:
        "storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.",
    }),
    volumeName: Type.String({
      description:
        "volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.",
    }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.ScaleIOPersistentVolumeSource",
    required: ["gateway", "system", "secretRef"],
    description: "ScaleIOPersistentVolumeSource represents a persistent ScaleIO volume",
    "x-proto": {
      gateway: 1,
      system: 2,
      secretRef: 3,
      sslEnabled: 4,
      protectionDomain: 5,
      storagePool: 6,
      storageMode: 7,
      volumeName: 8,
      fsType: 9,
      readOnly: 10,
    },
  },
);

export type ScaleIOPersistentVolumeSource = Static<typeof ScaleIOPersistentVolumeSource>;

export const LocalVolumeSource = Struct(
  {
    path: Type.String({ description: "path of the full path to the volume on the node." }),
    fsType: Type.String({ "x-proto-pointer": true, description: "fsType is the filesystem type to mount." }),
  },
  {
    $id: "io.k8s.api.core.v1.LocalVolumeSource",
    required: ["path"],
    description: "Local represents directly-attached storage with node affinity",
    "x-proto": { path: 1, fsType: 2 },
  },
);

export type LocalVolumeSource = Static<typeof LocalVolumeSource>;

export const StorageOSPersistentVolumeSource = Struct(
  {
    volumeName: Type.String({
      description: "volumeName is the human-readable name of the StorageOS volume.",
    }),
    volumeNamespace: Type.String({
      description: "volumeNamespace specifies the scope of the volume within StorageOS.",
    }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
    secretRef: Field(
      ObjectReference,
      "secretRef specifies the secret to use for obtaining the StorageOS API credentials.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.StorageOSPersistentVolumeSource",
    description: "Represents a StorageOS persistent volume resource.",
    "x-proto": { volumeName: 1, volumeNamespace: 2, fsType: 3, readOnly: 4, secretRef: 5 },
  },
);

export type StorageOSPersistentVolumeSource = Static<typeof StorageOSPersistentVolumeSource>;

export const CSIPersistentVolumeSource = Struct(
  {
    driver: Type.String({ description: "driver is the name of the driver to use for this volume." }),
    volumeHandle: Type.String({
      description:
        "volumeHandle is the unique volume name returned by the CSI volume plugin’s CreateVolume to refer to the volume on all subsequent calls.",
    }),
    readOnly: Type.Boolean({ description: "readOnly value to pass to ControllerPublishVolumeRequest." }),
    fsType: Type.String({ description: "fsType to mount." }),
    volumeAttributes: StringMap({ description: "volumeAttributes of the volume to publish." }),
    controllerPublishSecretRef: Field(
      SecretReference,
      "controllerPublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI ControllerPublishVolume and ControllerUnpublishVolume calls.",
    ),
    nodeStageSecretRef: Field(
      SecretReference,
      "nodeStageSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodeStageVolume and NodeStageVolume and NodeUnstageVolume calls.",
    ),
    nodePublishSecretRef: Field(
      SecretReference,
      "nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.",
    ),
    controllerExpandSecretRef: Field(
      SecretReference,
      "controllerExpandSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI ControllerExpandVolume call.",
    ),
    nodeExpandSecretRef: Field(
      SecretReference,
      "nodeExpandSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodeExpandVolume call.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.CSIPersistentVolumeSource",
    required: ["driver", "volumeHandle"],
    description: "Represents storage that is managed by an external CSI volume driver",
    "x-proto": {
      driver: 1,
      volumeHandle: 2,
      readOnly: 3,
      fsType: 4,
      volumeAttributes: 5,
      controllerPublishSecretRef: 6,
      nodeStageSecretRef: 7,
      nodePublishSecretRef: 8,
      controllerExpandSecretRef: 9,
      nodeExpandSecretRef: 10,
    },
  },
);

export type CSIPersistentVolumeSource = Static<typeof CSIPersistentVolumeSource>;

/** PersistentVolumeSource's fields: embedded inline (JSON-flattened) in other types; a nested message (field numbers below) on the protobuf wire. */

export const PersistentVolumeSourceFields = {
  gcePersistentDisk: Field(
    GCEPersistentDiskVolumeSource,
    "gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk",
  ),
  awsElasticBlockStore: Field(
    AWSElasticBlockStoreVolumeSource,
    "awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore",
  ),
  hostPath: Field(
    HostPathVolumeSource,
    "hostPath represents a directory on the host. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath",
  ),
  glusterfs: Field(
    GlusterfsPersistentVolumeSource,
    "glusterfs represents a Glusterfs volume that is attached to a host and exposed to the pod. More info: https://examples.k8s.io/volumes/glusterfs/README.md",
  ),
  nfs: Field(
    NFSVolumeSource,
    "nfs represents an NFS mount on the host. More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
  ),
  rbd: Field(
    RBDPersistentVolumeSource,
    "rbd represents a Rados Block Device mount on the host that shares a pod's lifetime. More info: https://examples.k8s.io/volumes/rbd/README.md",
  ),
  iscsi: Field(
    ISCSIPersistentVolumeSource,
    "iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod.",
  ),
  cinder: Field(
    CinderPersistentVolumeSource,
    "cinder represents a cinder volume attached and mounted on kubelets host machine. More info: https://examples.k8s.io/mysql-cinder-pd/README.md",
  ),
  cephfs: Field(
    CephFSPersistentVolumeSource,
    "cephFS represents a Ceph FS mount on the host that shares a pod's lifetime.",
  ),
  fc: Field(
    FCVolumeSource,
    "fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.",
  ),
  flocker: Field(
    FlockerVolumeSource,
    "flocker represents a Flocker volume attached to a kubelet's host machine and exposed to the pod for its usage.",
  ),
  flexVolume: Field(
    FlexPersistentVolumeSource,
    "flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.",
  ),
  azureFile: Field(
    AzureFilePersistentVolumeSource,
    "azureFile represents an Azure File Service mount on the host and bind mount to the pod.",
  ),
  vsphereVolume: Field(
    VsphereVirtualDiskVolumeSource,
    "vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine.",
  ),
  quobyte: Field(
    QuobyteVolumeSource,
    "quobyte represents a Quobyte mount on the host that shares a pod's lifetime.",
  ),
  azureDisk: Field(
    AzureDiskVolumeSource,
    "azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.",
  ),
  photonPersistentDisk: Field(
    PhotonPersistentDiskVolumeSource,
    "photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine.",
  ),
  portworxVolume: Field(
    PortworxVolumeSource,
    "portworxVolume represents a portworx volume attached and mounted on kubelets host machine.",
  ),
  scaleIO: Field(
    ScaleIOPersistentVolumeSource,
    "scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes.",
  ),
  local: Field(LocalVolumeSource, "local represents directly-attached storage with node affinity"),
  storageos: Field(
    StorageOSPersistentVolumeSource,
    "storageOS represents a StorageOS volume that is attached to the kubelet's host machine and mounted into the pod. More info: https://examples.k8s.io/volumes/storageos/README.md",
  ),
  csi: Field(CSIPersistentVolumeSource, "csi represents storage that is handled by an external CSI driver."),
};

export const PersistentVolumeSourceProto = {
  gcePersistentDisk: 1,
  awsElasticBlockStore: 2,
  hostPath: 3,
  glusterfs: 4,
  nfs: 5,
  rbd: 6,
  iscsi: 7,
  cinder: 8,
  cephfs: 9,
  fc: 10,
  flocker: 11,
  flexVolume: 12,
  azureFile: 13,
  vsphereVolume: 14,
  quobyte: 15,
  azureDisk: 16,
  photonPersistentDisk: 17,
  portworxVolume: 18,
  scaleIO: 19,
  local: 20,
  storageos: 21,
  csi: 22,
};

export const PersistentVolumeSourceRequired: string[] = [];

export const VolumeNodeAffinity = Struct(
  {
    required: Field(NodeSelector, "required specifies hard node constraints that must be met."),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeNodeAffinity",
    description:
      "VolumeNodeAffinity defines constraints that limit what nodes this volume can be accessed from.",
    "x-proto": { required: 1 },
  },
);

export type VolumeNodeAffinity = Static<typeof VolumeNodeAffinity>;

export const PersistentVolumeSpec = Struct(
  {
    capacity: ResourceList({
      description: "capacity is the description of the persistent volume's resources and capacity.",
    }),
    ...PersistentVolumeSourceFields,
    accessModes: AtomicList(Type.String(), {
      description: "accessModes contains all ways the volume can be mounted.",
    }),
    claimRef: Field(
      ObjectReference,
      "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding",
    ),
    persistentVolumeReclaimPolicy: Type.String({
      description:
        "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
    }),
    storageClassName: Type.String({
      description: "storageClassName is the name of StorageClass to which this persistent volume belongs.",
    }),
    mountOptions: AtomicList(Type.String(), {
      description: 'mountOptions is the list of mount options, e.g. ["ro", "soft"].',
    }),
    volumeMode: Type.String({
      "x-proto-pointer": true,
      description:
        "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.",
    }),
    nodeAffinity: Field(
      VolumeNodeAffinity,
      "nodeAffinity defines constraints that limit what nodes this volume can be accessed from.",
    ),
    volumeAttributesClassName: Type.String({
      "x-proto-pointer": true,
      description: "Name of VolumeAttributesClass to which this persistent volume belongs.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeSpec",
    description: "PersistentVolumeSpec is the specification of a persistent volume.",
    "x-proto": {
      capacity: 1,
      accessModes: 3,
      claimRef: 4,
      persistentVolumeReclaimPolicy: 5,
      storageClassName: 6,
      mountOptions: 7,
      volumeMode: 8,
      nodeAffinity: 9,
      volumeAttributesClassName: 10,
    },
    "x-proto-inline": { "2": PersistentVolumeSourceProto },
  },
);

export type PersistentVolumeSpec = Static<typeof PersistentVolumeSpec>;

export const PersistentVolumeStatus = Struct(
  {
    phase: Type.String({
      description: "phase indicates if a volume is available, bound to a claim, or released by a claim.",
    }),
    message: Type.String({
      description:
        "message is a human-readable message indicating details about why the volume is in this state.",
    }),
    reason: Type.String({
      description:
        "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.",
    }),
    lastPhaseTransitionTime: Time({
      description:
        "lastPhaseTransitionTime is the time the phase transitioned from one to another and automatically resets to current time everytime a volume phase transitions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeStatus",
    description: "PersistentVolumeStatus is the current status of a persistent volume.",
    "x-proto": { phase: 1, message: 2, reason: 3, lastPhaseTransitionTime: 4 },
  },
);

export type PersistentVolumeStatus = Static<typeof PersistentVolumeStatus>;
