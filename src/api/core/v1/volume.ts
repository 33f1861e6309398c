// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Quantity, Int32, Int64, AtomicList, StringMap } from "../../schema.js";
import { Struct } from "./struct.js";
import { LabelSelector, ObjectMeta } from "../../meta/v1/types.js";
import { LocalObjectReference, LocalObjectReferenceFields, LocalObjectReferenceProto } from "./reference.js";
import { ObjectFieldSelector, ResourceFieldSelector } from "./env.js";
import { PersistentVolumeClaimSpec } from "./persistentvolumeclaim-types.js";

export const HostPathVolumeSource = Struct(
  {
    path: Type.String({ description: "path of the directory on the host." }),
    type: Type.String({ "x-proto-pointer": true, description: 'type for HostPath Volume Defaults to ""' }),
  },
  {
    $id: "io.k8s.api.core.v1.HostPathVolumeSource",
    required: ["path"],
    description: "Represents a host path mapped into a pod.",
    "x-proto": { path: 1, type: 2 },
  },
);

export type HostPathVolumeSource = Static<typeof HostPathVolumeSource>;

export const EmptyDirVolumeSource = Struct(
  {
    medium: Type.String({
      description: "medium represents what type of storage medium should back this directory.",
    }),
    sizeLimit: Quantity({
      description: "sizeLimit is the total amount of local storage required for this EmptyDir volume.",
    }),
    mode: Int32({
      "x-proto-pointer": true,
      description:
        "mode specifies the permission bits for the emptyDir directory, in numeric notation (e.g., 0755, 01777).",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.EmptyDirVolumeSource",
    description: "Represents an empty directory for a pod.",
    "x-proto": { medium: 1, sizeLimit: 2, mode: 3 },
  },
);

export type EmptyDirVolumeSource = Static<typeof EmptyDirVolumeSource>;

export const GCEPersistentDiskVolumeSource = Struct(
  {
    pdName: Type.String({ description: "pdName is unique name of the PD resource in GCE." }),
    fsType: Type.String({ description: "fsType is filesystem type of the volume that you want to mount." }),
    partition: Int32({ description: "partition is the partition in the volume that you want to mount." }),
    readOnly: Type.Boolean({ description: "readOnly here will force the ReadOnly setting in VolumeMounts." }),
  },
  {
    $id: "io.k8s.api.core.v1.GCEPersistentDiskVolumeSource",
    required: ["pdName"],
    description: "Represents a Persistent Disk resource in Google Compute Engine.",
    "x-proto": { pdName: 1, fsType: 2, partition: 3, readOnly: 4 },
  },
);

export type GCEPersistentDiskVolumeSource = Static<typeof GCEPersistentDiskVolumeSource>;

export const AWSElasticBlockStoreVolumeSource = Struct(
  {
    volumeID: Type.String({
      description: "volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume).",
    }),
    fsType: Type.String({
      description: "fsType is the filesystem type of the volume that you want to mount.",
    }),
    partition: Int32({ description: "partition is the partition in the volume that you want to mount." }),
    readOnly: Type.Boolean({
      description: "readOnly value true will force the readOnly setting in VolumeMounts.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.AWSElasticBlockStoreVolumeSource",
    required: ["volumeID"],
    description: "Represents a Persistent Disk resource in AWS.",
    "x-proto": { volumeID: 1, fsType: 2, partition: 3, readOnly: 4 },
  },
);

export type AWSElasticBlockStoreVolumeSource = Static<typeof AWSElasticBlockStoreVolumeSource>;

export const GitRepoVolumeSource = Struct(
  {
    repository: Type.String({ description: "repository is the URL" }),
    revision: Type.String({ description: "revision is the commit hash for the specified revision." }),
    directory: Type.String({ description: "directory is the target directory name." }),
  },
  {
    $id: "io.k8s.api.core.v1.GitRepoVolumeSource",
    required: ["repository"],
    description: "Represents a volume that is populated with the contents of a git repository.",
    "x-proto": { repository: 1, revision: 2, directory: 3 },
  },
);

export type GitRepoVolumeSource = Static<typeof GitRepoVolumeSource>;

export const KeyToPath = Struct(
  {
    key: Type.String({ description: "key is the key to project." }),
    path: Type.String({ description: "path is the relative path of the file to map the key to." }),
    mode: Int32({
      "x-proto-pointer": true,
      description: "mode is Optional: mode bits used to set permissions on this file.",
    }),
    user: Int64({
      "x-proto-pointer": true,
      description: "user is Optional: The owner UID of the created file.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.KeyToPath",
    required: ["key", "path"],
    description: "Maps a string key to a path within a volume.",
    "x-proto": { key: 1, path: 2, mode: 3, user: 4 },
  },
);

export type KeyToPath = Static<typeof KeyToPath>;

export const SecretVolumeSource = Struct(
  {
    secretName: Type.String({
      description: "secretName is the name of the secret in the pod's namespace to use.",
    }),
    items: AtomicList(KeyToPath, {
      description:
        "items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.",
    }),
    defaultMode: Int32({
      "x-proto-pointer": true,
      description: "defaultMode is Optional: mode bits used to set permissions on created files by default.",
    }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "optional field specify whether the Secret or its keys must be defined",
    }),
    defaultUser: Int64({
      "x-proto-pointer": true,
      description: "defaultUser is Optional: The owner UID of the created files by default.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SecretVolumeSource",
    description: "Adapts a Secret into a volume.",
    "x-proto": { secretName: 1, items: 2, defaultMode: 3, optional: 4, defaultUser: 5 },
  },
);

export type SecretVolumeSource = Static<typeof SecretVolumeSource>;

export const NFSVolumeSource = Struct(
  {
    server: Type.String({ description: "server is the hostname or IP address of the NFS server." }),
    path: Type.String({ description: "path that is exported by the NFS server." }),
    readOnly: Type.Boolean({
      description: "readOnly here will force the NFS export to be mounted with read-only permissions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NFSVolumeSource",
    required: ["server", "path"],
    description: "Represents an NFS mount that lasts the lifetime of a pod.",
    "x-proto": { server: 1, path: 2, readOnly: 3 },
  },
);

export type NFSVolumeSource = Static<typeof NFSVolumeSource>;

export const ISCSIVolumeSource = Struct(
  {
    targetPortal: Type.String({ description: "targetPortal is iSCSI Target Portal." }),
    iqn: Type.String({ description: "iqn is the target iSCSI Qualified Name." }),
    lun: Int32({ description: "lun represents iSCSI Target Lun number." }),
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
      LocalObjectReference,
      "secretRef is the CHAP Secret for iSCSI target and initiator authentication",
    ),
    initiatorName: Type.String({
      "x-proto-pointer": true,
      description: "initiatorName is the custom iSCSI Initiator Name.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ISCSIVolumeSource",
    required: ["targetPortal", "iqn", "lun"],
    description: "Represents an ISCSI disk.",
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

export type ISCSIVolumeSource = Static<typeof ISCSIVolumeSource>;

export const GlusterfsVolumeSource = Struct(
  {
    endpoints: Type.String({
      description: "endpoints is the endpoint name that details Glusterfs topology.",
    }),
    path: Type.String({ description: "path is the Glusterfs volume path." }),
    readOnly: Type.Boolean({
      description: "readOnly here will force the Glusterfs volume to be mounted with read-only permissions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.GlusterfsVolumeSource",
    required: ["endpoints", "path"],
    description: "Represents a Glusterfs mount that lasts the lifetime of a pod.",
    "x-proto": { endpoints: 1, path: 2, readOnly: 3 },
  },
);

export type GlusterfsVolumeSource = Static<typeof GlusterfsVolumeSource>;

export const PersistentVolumeClaimVolumeSource = Struct(
  {
    claimName: Type.String({
      description:
        "claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.",
    }),
    readOnly: Type.Boolean({ description: "readOnly Will force the ReadOnly setting in VolumeMounts." }),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaimVolumeSource",
    required: ["claimName"],
    description: "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.",
    "x-proto": { claimName: 1, readOnly: 2 },
  },
);

export type PersistentVolumeClaimVolumeSource = Static<typeof PersistentVolumeClaimVolumeSource>;

export const RBDVolumeSource = Struct(
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
      LocalObjectReference,
      "secretRef is name of the authentication secret for RBDUser. More info: https://examples.k8s.io/volumes/rbd/README.md#how-to-use-it",
    ),
    readOnly: Type.Boolean({ description: "readOnly here will force the ReadOnly setting in VolumeMounts." }),
  },
  {
    $id: "io.k8s.api.core.v1.RBDVolumeSource",
    required: ["monitors", "image"],
    description: "Represents a Rados Block Device mount that lasts the lifetime of a pod.",
    "x-proto": { monitors: 1, image: 2, fsType: 3, pool: 4, user: 5, keyring: 6, secretRef: 7, readOnly: 8 },
  },
);

export type RBDVolumeSource = Static<typeof RBDVolumeSource>;

export const FlexVolumeSource = Struct(
  {
    driver: Type.String({ description: "driver is the name of the driver to use for this volume." }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
    secretRef: Field(
      LocalObjectReference,
      "secretRef is Optional: secretRef is reference to the secret object containing sensitive information to pass to the plugin scripts.",
    ),
    readOnly: Type.Boolean({ description: "readOnly is Optional: defaults to false (read/write)." }),
    options: StringMap({
      description: "options is Optional: this field holds extra command options if any.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.FlexVolumeSource",
    required: ["driver"],
    description:
      "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.",
    "x-proto": { driver: 1, fsType: 2, secretRef: 3, readOnly: 4, options: 5 },
  },
);

export type FlexVolumeSource = Static<typeof FlexVolumeSource>;

export const CinderVolumeSource = Struct(
  {
    volumeID: Type.String({ description: "volumeID used to identify the volume in cinder." }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
    secretRef: Field(
      LocalObjectReference,
      "secretRef is optional: points to a secret object containing parameters used to connect to OpenStack.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.CinderVolumeSource",
    required: ["volumeID"],
    description: "Represents a cinder volume resource in Openstack.",
    "x-proto": { volumeID: 1, fsType: 2, readOnly: 3, secretRef: 4 },
  },
);

export type CinderVolumeSource = Static<typeof CinderVolumeSource>;

export const CephFSVolumeSource = Struct(
  {
    monitors: AtomicList(Type.String(), {
      description: "monitors is Required: Monitors is a collection of Ceph monitors",
    }),
    path: Type.String({
      description: "path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /",
    }),
    user: Type.String({ description: "user is optional: User is the rados user name, default is admin" }),
    secretFile: Type.String({
      description:
        "secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret",
    }),
    secretRef: Field(
      LocalObjectReference,
      "secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty. More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it",
    ),
    readOnly: Type.Boolean({ description: "readOnly is Optional: Defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.CephFSVolumeSource",
    required: ["monitors"],
    description:
      "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.",
    "x-proto": { monitors: 1, path: 2, user: 3, secretFile: 4, secretRef: 5, readOnly: 6 },
  },
);

export type CephFSVolumeSource = Static<typeof CephFSVolumeSource>;

export const FlockerVolumeSource = Struct(
  {
    datasetName: Type.String({
      description:
        "datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated",
    }),
    datasetUUID: Type.String({ description: "datasetUUID is the UUID of the dataset." }),
  },
  {
    $id: "io.k8s.api.core.v1.FlockerVolumeSource",
    description: "Represents a Flocker volume mounted by the Flocker agent.",
    "x-proto": { datasetName: 1, datasetUUID: 2 },
  },
);

export type FlockerVolumeSource = Static<typeof FlockerVolumeSource>;

export const DownwardAPIVolumeFile = Struct(
  {
    path: Type.String({ description: "Required: Path is the relative path name of the file to be created." }),
    fieldRef: Field(
      ObjectFieldSelector,
      "Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.",
    ),
    resourceFieldRef: Field(
      ResourceFieldSelector,
      "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.",
    ),
    mode: Int32({
      "x-proto-pointer": true,
      description:
        "Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.",
    }),
    user: Int64({
      "x-proto-pointer": true,
      description: "user is Optional: The owner UID of the created file.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.DownwardAPIVolumeFile",
    required: ["path"],
    description: "DownwardAPIVolumeFile represents information to create the file containing the pod field",
    "x-proto": { path: 1, fieldRef: 2, resourceFieldRef: 3, mode: 4, user: 5 },
  },
);

export type DownwardAPIVolumeFile = Static<typeof DownwardAPIVolumeFile>;

export const DownwardAPIVolumeSource = Struct(
  {
    items: AtomicList(DownwardAPIVolumeFile, { description: "Items is a list of downward API volume file" }),
    defaultMode: Int32({
      "x-proto-pointer": true,
      description: "Optional: mode bits to use on created files by default.",
    }),
    defaultUser: Int64({
      "x-proto-pointer": true,
      description: "defaultUser is Optional: The owner UID of the created files by default.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.DownwardAPIVolumeSource",
    description: "DownwardAPIVolumeSource represents a volume containing downward API info.",
    "x-proto": { items: 1, defaultMode: 2, defaultUser: 3 },
  },
);

export type DownwardAPIVolumeSource = Static<typeof DownwardAPIVolumeSource>;

export const FCVolumeSource = Struct(
  {
    targetWWNs: AtomicList(Type.String(), {
      description: "targetWWNs is Optional: FC target worldwide names (WWNs)",
    }),
    lun: Int32({ "x-proto-pointer": true, description: "lun is Optional: FC target lun number" }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
    readOnly: Type.Boolean({ description: "readOnly is Optional: Defaults to false (read/write)." }),
    wwids: AtomicList(Type.String(), {
      description:
        "wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.FCVolumeSource",
    description: "Represents a Fibre Channel volume.",
    "x-proto": { targetWWNs: 1, lun: 2, fsType: 3, readOnly: 4, wwids: 5 },
  },
);

export type FCVolumeSource = Static<typeof FCVolumeSource>;

export const AzureFileVolumeSource = Struct(
  {
    secretName: Type.String({
      description: "secretName is the name of secret that contains Azure Storage Account Name and Key",
    }),
    shareName: Type.String({ description: "shareName is the azure share Name" }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.AzureFileVolumeSource",
    required: ["secretName", "shareName"],
    description: "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.",
    "x-proto": { secretName: 1, shareName: 2, readOnly: 3 },
  },
);

export type AzureFileVolumeSource = Static<typeof AzureFileVolumeSource>;

export const ConfigMapVolumeSource = Struct(
  {
    ...LocalObjectReferenceFields,
    items: AtomicList(KeyToPath, {
      description:
        "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.",
    }),
    defaultMode: Int32({
      "x-proto-pointer": true,
      description: "defaultMode is optional: mode bits used to set permissions on created files by default.",
    }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "optional specify whether the ConfigMap or its keys must be defined",
    }),
    defaultUser: Int64({
      "x-proto-pointer": true,
      description: "defaultUser is Optional: The owner UID of the created files by default.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMapVolumeSource",
    description: "Adapts a ConfigMap into a volume.",
    "x-proto": { items: 2, defaultMode: 3, optional: 4, defaultUser: 5 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
  },
);

export type ConfigMapVolumeSource = Static<typeof ConfigMapVolumeSource>;

export const VsphereVirtualDiskVolumeSource = Struct(
  {
    volumePath: Type.String({ description: "volumePath is the path that identifies vSphere volume vmdk" }),
    fsType: Type.String({ description: "fsType is filesystem type to mount." }),
    storagePolicyName: Type.String({
      description: "storagePolicyName is the storage Policy Based Management (SPBM) profile name.",
    }),
    storagePolicyID: Type.String({
      description:
        "storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.VsphereVirtualDiskVolumeSource",
    required: ["volumePath"],
    description: "Represents a vSphere volume resource.",
    "x-proto": { volumePath: 1, fsType: 2, storagePolicyName: 3, storagePolicyID: 4 },
  },
);

export type VsphereVirtualDiskVolumeSource = Static<typeof VsphereVirtualDiskVolumeSource>;

export const QuobyteVolumeSource = Struct(
  {
    registry: Type.String({
      description:
        "registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes",
    }),
    volume: Type.String({
      description: "volume is a string that references an already created Quobyte volume by name.",
    }),
    readOnly: Type.Boolean({
      description: "readOnly here will force the Quobyte volume to be mounted with read-only permissions.",
    }),
    user: Type.String({ description: "user to map volume access to Defaults to serivceaccount user" }),
    group: Type.String({ description: "group to map volume access to Default is no group" }),
    tenant: Type.String({
      description:
        "tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.QuobyteVolumeSource",
    required: ["registry", "volume"],
    description: "Represents a Quobyte mount that lasts the lifetime of a pod.",
    "x-proto": { registry: 1, volume: 2, readOnly: 3, user: 4, group: 5, tenant: 6 },
  },
);

export type QuobyteVolumeSource = Static<typeof QuobyteVolumeSource>;

export const AzureDiskVolumeSource = Struct(
  {
    diskName: Type.String({ description: "diskName is the Name of the data disk in the blob storage" }),
    diskURI: Type.String({ description: "diskURI is the URI of data disk in the blob storage" }),
    cachingMode: Type.String({
      "x-proto-pointer": true,
      description: "cachingMode is the Host Caching mode: None, Read Only, Read Write.",
    }),
    fsType: Type.String({ "x-proto-pointer": true, description: "fsType is Filesystem type to mount." }),
    readOnly: Type.Boolean({
      "x-proto-pointer": true,
      description: "readOnly Defaults to false (read/write).",
    }),
    kind: Type.String({
      "x-proto-pointer": true,
      description:
        "kind expected values are Shared: multiple blob disks per storage account Dedicated: single blob disk per storage account Managed: azure managed data disk (only in managed availability set).",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.AzureDiskVolumeSource",
    required: ["diskName", "diskURI"],
    description: "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.",
    "x-proto": { diskName: 1, diskURI: 2, cachingMode: 3, fsType: 4, readOnly: 5, kind: 6 },
  },
);

export type AzureDiskVolumeSource = Static<typeof AzureDiskVolumeSource>;

export const PhotonPersistentDiskVolumeSource = Struct(
  {
    pdID: Type.String({ description: "pdID is the ID that identifies Photon Controller persistent disk" }),
    fsType: Type.String({ description: "fsType is the filesystem type to mount." }),
  },
  {
    $id: "io.k8s.api.core.v1.PhotonPersistentDiskVolumeSource",
    required: ["pdID"],
    description: "Represents a Photon Controller persistent disk resource.",
    "x-proto": { pdID: 1, fsType: 2 },
  },
);

export type PhotonPersistentDiskVolumeSource = Static<typeof PhotonPersistentDiskVolumeSource>;

export const SecretProjection = Struct(
  {
    ...LocalObjectReferenceFields,
    items: AtomicList(KeyToPath, {
      description:
        "items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value.",
    }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "optional field specify whether the Secret or its key must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SecretProjection",
    description: "Adapts a secret into a projected volume.",
    "x-proto": { items: 2, optional: 4 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
  },
);

export type SecretProjection = Static<typeof SecretProjection>;

export const DownwardAPIProjection = Struct(
  {
    items: AtomicList(DownwardAPIVolumeFile, { description: "Items is a list of DownwardAPIVolume file" }),
  },
  {
    $id: "io.k8s.api.core.v1.DownwardAPIProjection",
    description: "Represents downward API info for projecting into a projected volume.",
    "x-proto": { items: 1 },
  },
);

export type DownwardAPIProjection = Static<typeof DownwardAPIProjection>;

export const ConfigMapProjection = Struct(
  {
    ...LocalObjectReferenceFields,
    items: AtomicList(KeyToPath, {
      description:
        "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value.",
    }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "optional specify whether the ConfigMap or its keys must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMapProjection",
    description: "Adapts a ConfigMap into a projected volume.",
    "x-proto": { items: 2, optional: 4 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
  },
);

export type ConfigMapProjection = Static<typeof ConfigMapProjection>;

export const ServiceAccountTokenProjection = Struct(
  {
    audience: Type.String({ description: "audience is the intended audience of the token." }),
    expirationSeconds: Int64({
      "x-proto-pointer": true,
      description: "expirationSeconds is the requested duration of validity of the service account token.",
    }),
    path: Type.String({
      description: "path is the path relative to the mount point of the file to project the token into.",
    }),
    user: Int64({
      "x-proto-pointer": true,
      description: "user is Optional: The owner UID of the created file.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ServiceAccountTokenProjection",
    required: ["path"],
    description: "ServiceAccountTokenProjection represents a projected service account token volume.",
    "x-proto": { audience: 1, expirationSeconds: 2, path: 3, user: 4 },
  },
);

export type ServiceAccountTokenProjection = Static<typeof ServiceAccountTokenProjection>;

export const ClusterTrustBundleProjection = Struct(
  {
    name: Type.String({
      "x-proto-pointer": true,
      description: "Select a single ClusterTrustBundle by object name.",
    }),
    signerName: Type.String({
      "x-proto-pointer": true,
      description: "Select all ClusterTrustBundles that match this signer name.",
    }),
    labelSelector: Field(LabelSelector, "Select all ClusterTrustBundles that match this label selector."),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "If true, don't block pod startup if the referenced ClusterTrustBundle(s) aren't available.",
    }),
    path: Type.String({ description: "Relative path from the volume root to write the bundle." }),
    user: Int64({
      "x-proto-pointer": true,
      description: "user is Optional: The owner UID of the created file.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ClusterTrustBundleProjection",
    required: ["path"],
    description:
      "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.",
    "x-proto": { name: 1, signerName: 2, labelSelector: 3, optional: 5, path: 4, user: 6 },
  },
);

export type ClusterTrustBundleProjection = Static<typeof ClusterTrustBundleProjection>;

export const PodCertificateProjection = Struct(
  {
    signerName: Type.String({ description: "Kubelet's generated CSRs will be addressed to this signer." }),
    keyType: Type.String({ description: "The type of keypair Kubelet will generate for the pod." }),
    maxExpirationSeconds: Int32({
      "x-proto-pointer": true,
      description: "maxExpirationSeconds is the maximum lifetime permitted for the certificate.",
    }),
    credentialBundlePath: Type.String({
      description: "Write the credential bundle at this path in the projected volume.",
    }),
    keyPath: Type.String({ description: "Write the key at this path in the projected volume." }),
    certificateChainPath: Type.String({
      description: "Write the certificate chain at this path in the projected volume.",
    }),
    userAnnotations: StringMap({
      description:
        "userAnnotations allow pod authors to pass additional information to the signer implementation.",
    }),
    user: Int64({
      "x-proto-pointer": true,
      description: "user is Optional: The owner UID of the created file.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodCertificateProjection",
    required: ["signerName", "keyType"],
    description:
      "PodCertificateProjection provides a private key and X.509 certificate in the pod filesystem.",
    "x-proto": {
      signerName: 1,
      keyType: 2,
      maxExpirationSeconds: 3,
      credentialBundlePath: 4,
      keyPath: 5,
      certificateChainPath: 6,
      userAnnotations: 7,
      user: 8,
    },
  },
);

export type PodCertificateProjection = Static<typeof PodCertificateProjection>;

export const VolumeProjection = Struct(
  {
    secret: Field(SecretProjection, "secret information about the secret data to project"),
    downwardAPI: Field(
      DownwardAPIProjection,
      "downwardAPI information about the downwardAPI data to project",
    ),
    configMap: Field(ConfigMapProjection, "configMap information about the configMap data to project"),
    serviceAccountToken: Field(
      ServiceAccountTokenProjection,
      "serviceAccountToken is information about the serviceAccountToken data to project",
    ),
    clusterTrustBundle: Field(
      ClusterTrustBundleProjection,
      "ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.",
    ),
    podCertificate: Field(
      PodCertificateProjection,
      "Projects an auto-rotating credential bundle (private key and certificate chain) that the pod can use either as a TLS client or server.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeProjection",
    description: "Projection that may be projected along with other supported volume types.",
    "x-proto": {
      secret: 1,
      downwardAPI: 2,
      configMap: 3,
      serviceAccountToken: 4,
      clusterTrustBundle: 5,
      podCertificate: 6,
    },
  },
);

export type VolumeProjection = Static<typeof VolumeProjection>;

export const ProjectedVolumeSource = Struct(
  {
    sources: AtomicList(VolumeProjection, { description: "sources is the list of volume projections." }),
    defaultMode: Int32({
      "x-proto-pointer": true,
      description: "defaultMode are the mode bits used to set permissions on created files by default.",
    }),
    defaultUser: Int64({
      "x-proto-pointer": true,
      description: "defaultUser is Optional: The owner UID of the created files by default.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ProjectedVolumeSource",
    description: "Represents a projected volume source",
    "x-proto": { sources: 1, defaultMode: 2, defaultUser: 3 },
  },
);

export type ProjectedVolumeSource = Static<typeof ProjectedVolumeSource>;

export const PortworxVolumeSource = Struct(
  {
    volumeID: Type.String({ description: "volumeID uniquely identifies a Portworx volume" }),
    fsType: Type.String({
      description:
        "fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system.",
    }),
    readOnly: Type.Boolean({ description: "readOnly defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.PortworxVolumeSource",
    required: ["volumeID"],
    description: "PortworxVolumeSource represents a Portworx volume resource.",
    "x-proto": { volumeID: 1, fsType: 2, readOnly: 3 },
  },
);

export type PortworxVolumeSource = Static<typeof PortworxVolumeSource>;

export const ScaleIOVolumeSource = Struct(
  {
    gateway: Type.String({ description: "gateway is the host address of the ScaleIO API Gateway." }),
    system: Type.String({
      description: "system is the name of the storage system as configured in ScaleIO.",
    }),
    secretRef: Field(
      LocalObjectReference,
      "secretRef references to the secret for ScaleIO user and other sensitive information.",
    ),
    sslEnabled: Type.Boolean({
      description: "sslEnabled Flag enable/disable SSL communication with Gateway, default false",
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
    readOnly: Type.Boolean({ description: "readOnly Defaults to false (read/write)." }),
  },
  {
    $id: "io.k8s.api.core.v1.ScaleIOVolumeSource",
    required: ["gateway", "system", "secretRef"],
    description: "ScaleIOVolumeSource represents a persistent ScaleIO volume",
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

export type ScaleIOVolumeSource = Static<typeof ScaleIOVolumeSource>;

export const StorageOSVolumeSource = Struct(
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
      LocalObjectReference,
      "secretRef specifies the secret to use for obtaining the StorageOS API credentials.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.StorageOSVolumeSource",
    description: "Represents a StorageOS persistent volume resource.",
    "x-proto": { volumeName: 1, volumeNamespace: 2, fsType: 3, readOnly: 4, secretRef: 5 },
  },
);

export type StorageOSVolumeSource = Static<typeof StorageOSVolumeSource>;

export const CSIVolumeSource = Struct(
  {
    driver: Type.String({ description: "driver is the name of the CSI driver that handles this volume." }),
    readOnly: Type.Boolean({
      "x-proto-pointer": true,
      description: "readOnly specifies a read-only configuration for the volume.",
    }),
    fsType: Type.String({ "x-proto-pointer": true, description: "fsType to mount." }),
    volumeAttributes: StringMap({
      description: "volumeAttributes stores driver-specific properties that are passed to the CSI driver.",
    }),
    nodePublishSecretRef: Field(
      LocalObjectReference,
      "nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.CSIVolumeSource",
    required: ["driver"],
    description: "Represents a source location of a volume to mount, managed by an external CSI driver",
    "x-proto": { driver: 1, readOnly: 2, fsType: 3, volumeAttributes: 4, nodePublishSecretRef: 5 },
  },
);

export type CSIVolumeSource = Static<typeof CSIVolumeSource>;

export const PersistentVolumeClaimTemplate = Struct(
  {
    metadata: Field(
      ObjectMeta,
      "May contain labels and annotations that will be copied into the PVC when creating it.",
    ),
    spec: Field(PersistentVolumeClaimSpec, "The specification for the PersistentVolumeClaim."),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaimTemplate",
    required: ["spec"],
    description:
      "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);

export type PersistentVolumeClaimTemplate = Static<typeof PersistentVolumeClaimTemplate>;

export const EphemeralVolumeSource = Struct(
  {
    volumeClaimTemplate: Field(
      PersistentVolumeClaimTemplate,
      "Will be used to create a stand-alone PVC to provision the volume.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.EphemeralVolumeSource",
    description: "Represents an ephemeral volume that is handled by a normal storage driver.",
    "x-proto": { volumeClaimTemplate: 1 },
  },
);

export type EphemeralVolumeSource = Static<typeof EphemeralVolumeSource>;

export const ImageVolumeSource = Struct(
  {
    reference: Type.String({ description: "Required: Image or artifact reference to be used." }),
    pullPolicy: Type.String({ description: "Policy for pulling OCI objects." }),
  },
  {
    $id: "io.k8s.api.core.v1.ImageVolumeSource",
    description: "ImageVolumeSource represents a image volume resource.",
    "x-proto": { reference: 1, pullPolicy: 2 },
  },
);

export type ImageVolumeSource = Static<typeof ImageVolumeSource>;

/** VolumeSource's fields: embedded inline (JSON-flattened) in other types; a nested message (field numbers below) on the protobuf wire. */

export const VolumeSourceFields = {
  hostPath: Field(
    HostPathVolumeSource,
    "hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath",
  ),
  emptyDir: Field(
    EmptyDirVolumeSource,
    "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir",
  ),
  gcePersistentDisk: Field(
    GCEPersistentDiskVolumeSource,
    "gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes#gcepersistentdisk",
  ),
  awsElasticBlockStore: Field(
    AWSElasticBlockStoreVolumeSource,
    "awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes#awselasticblockstore",
  ),
  gitRepo: Field(GitRepoVolumeSource, "gitRepo represents a git repository at a particular revision."),
  secret: Field(
    SecretVolumeSource,
    "secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret",
  ),
  nfs: Field(
    NFSVolumeSource,
    "nfs represents an NFS mount on the host that shares a pod's lifetime More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs",
  ),
  iscsi: Field(
    ISCSIVolumeSource,
    "iscsi represents an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes/#iscsi",
  ),
  glusterfs: Field(
    GlusterfsVolumeSource,
    "glusterfs represents a Glusterfs mount on the host that shares a pod's lifetime.",
  ),
  persistentVolumeClaim: Field(
    PersistentVolumeClaimVolumeSource,
    "persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
  ),
  rbd: Field(
    RBDVolumeSource,
    "rbd represents a Rados Block Device mount on the host that shares a pod's lifetime.",
  ),
  flexVolume: Field(
    FlexVolumeSource,
    "flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.",
  ),
  cinder: Field(
    CinderVolumeSource,
    "cinder represents a cinder volume attached and mounted on kubelets host machine. More info: https://examples.k8s.io/mysql-cinder-pd/README.md",
  ),
  cephfs: Field(
    CephFSVolumeSource,
    "cephFS represents a Ceph FS mount on the host that shares a pod's lifetime.",
  ),
  flocker: Field(
    FlockerVolumeSource,
    "flocker represents a Flocker volume attached to a kubelet's host machine.",
  ),
  downwardAPI: Field(
    DownwardAPIVolumeSource,
    "downwardAPI represents downward API about the pod that should populate this volume",
  ),
  fc: Field(
    FCVolumeSource,
    "fc represents a Fibre Channel resource that is attached to a kubelet's host machine and then exposed to the pod.",
  ),
  azureFile: Field(
    AzureFileVolumeSource,
    "azureFile represents an Azure File Service mount on the host and bind mount to the pod.",
  ),
  configMap: Field(
    ConfigMapVolumeSource,
    "configMap represents a configMap that should populate this volume",
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
  projected: Field(
    ProjectedVolumeSource,
    "projected items for all in one resources secrets, configmaps, and downward API",
  ),
  portworxVolume: Field(
    PortworxVolumeSource,
    "portworxVolume represents a portworx volume attached and mounted on kubelets host machine.",
  ),
  scaleIO: Field(
    ScaleIOVolumeSource,
    "scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes.",
  ),
  storageos: Field(
    StorageOSVolumeSource,
    "storageOS represents a StorageOS volume attached and mounted on Kubernetes nodes.",
  ),
  csi: Field(
    CSIVolumeSource,
    "csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers.",
  ),
  ephemeral: Field(
    EphemeralVolumeSource,
    "ephemeral represents a volume that is handled by a cluster storage driver.",
  ),
  image: Field(
    ImageVolumeSource,
    "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.",
  ),
};

export const VolumeSourceProto = {
  hostPath: 1,
  emptyDir: 2,
  gcePersistentDisk: 3,
  awsElasticBlockStore: 4,
  gitRepo: 5,
  secret: 6,
  nfs: 7,
  iscsi: 8,
  glusterfs: 9,
  persistentVolumeClaim: 10,
  rbd: 11,
  flexVolume: 12,
  cinder: 13,
  cephfs: 14,
  flocker: 15,
  downwardAPI: 16,
  fc: 17,
  azureFile: 18,
  configMap: 19,
  vsphereVolume: 20,
  quobyte: 21,
  azureDisk: 22,
  photonPersistentDisk: 23,
  projected: 26,
  portworxVolume: 24,
  scaleIO: 25,
  storageos: 27,
  csi: 28,
  ephemeral: 29,
  image: 30,
};

export const VolumeSourceRequired: string[] = [];

export const Volume = Struct(
  {
    name: Type.String({ description: "name of the volume." }),
    ...VolumeSourceFields,
  },
  {
    $id: "io.k8s.api.core.v1.Volume",
    required: ["name"],
    description:
      "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
    "x-proto": { name: 1 },
    "x-proto-inline": { "2": VolumeSourceProto },
  },
);

export type Volume = Static<typeof Volume>;
