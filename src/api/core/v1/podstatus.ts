// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Int64, Time, Int32, AtomicList, MapList, Quantity, SetList } from "../../schema.js";
import { Struct } from "./struct.js";
import { ResourceList, ResourceRequirements } from "./resources.js";
import { VolumeHealthCondition } from "./persistentvolumeclaim-types.js";

export const PodCondition = Struct(
  {
    type: Type.String({ description: "Type is the type of the condition." }),
    observedGeneration: Int64({
      description:
        "If set, this represents the .metadata.generation that the pod condition was set based upon.",
    }),
    status: Type.String({ description: "Status is the status of the condition." }),
    lastProbeTime: Time({ description: "Last time we probed the condition." }),
    lastTransitionTime: Time({
      description: "Last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({
      description: "Unique, one-word, CamelCase reason for the condition's last transition.",
    }),
    message: Type.String({ description: "Human-readable message indicating details about last transition." }),
  },
  {
    $id: "io.k8s.api.core.v1.PodCondition",
    required: ["type", "status"],
    description: "PodCondition contains details for the current condition of this pod.",
    "x-proto": {
      type: 1,
      observedGeneration: 7,
      status: 2,
      lastProbeTime: 3,
      lastTransitionTime: 4,
      reason: 5,
      message: 6,
    },
  },
);

export type PodCondition = Static<typeof PodCondition>;

export const HostIP = Struct(
  {
    ip: Type.String({ description: "IP is the IP address assigned to the host" }),
  },
  {
    $id: "io.k8s.api.core.v1.HostIP",
    required: ["ip"],
    description: "HostIP represents a single IP address allocated to the host.",
    "x-proto": { ip: 1 },
  },
);

export type HostIP = Static<typeof HostIP>;

export const PodIP = Struct(
  {
    ip: Type.String({ description: "IP is the IP address assigned to the pod" }),
  },
  {
    $id: "io.k8s.api.core.v1.PodIP",
    required: ["ip"],
    description: "PodIP represents a single IP address allocated to the pod.",
    "x-proto": { ip: 1 },
  },
);

export type PodIP = Static<typeof PodIP>;

export const ContainerStateWaiting = Struct(
  {
    reason: Type.String({ description: "(brief) reason the container is not yet running." }),
    message: Type.String({ description: "Message regarding why the container is not yet running." }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerStateWaiting",
    description: "ContainerStateWaiting is a waiting state of a container.",
    "x-proto": { reason: 1, message: 2 },
  },
);

export type ContainerStateWaiting = Static<typeof ContainerStateWaiting>;

export const ContainerStateRunning = Struct(
  {
    startedAt: Time({ description: "Time at which the container was last (re-)started" }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerStateRunning",
    description: "ContainerStateRunning is a running state of a container.",
    "x-proto": { startedAt: 1 },
  },
);

export type ContainerStateRunning = Static<typeof ContainerStateRunning>;

export const ContainerStateTerminated = Struct(
  {
    exitCode: Int32({ description: "Exit status from the last termination of the container" }),
    signal: Int32({ description: "Signal from the last termination of the container" }),
    reason: Type.String({ description: "(brief) reason from the last termination of the container" }),
    message: Type.String({ description: "Message regarding the last termination of the container" }),
    startedAt: Time({ description: "Time at which previous execution of the container started" }),
    finishedAt: Time({ description: "Time at which the container last terminated" }),
    containerID: Type.String({ description: "Container's ID in the format '<type>://<container_id>'" }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerStateTerminated",
    required: ["exitCode"],
    description: "ContainerStateTerminated is a terminated state of a container.",
    "x-proto": { exitCode: 1, signal: 2, reason: 3, message: 4, startedAt: 5, finishedAt: 6, containerID: 7 },
  },
);

export type ContainerStateTerminated = Static<typeof ContainerStateTerminated>;

export const ContainerState = Struct(
  {
    waiting: Field(ContainerStateWaiting, "Details about a waiting container"),
    running: Field(ContainerStateRunning, "Details about a running container"),
    terminated: Field(ContainerStateTerminated, "Details about a terminated container"),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerState",
    description: "ContainerState holds a possible state of container.",
    "x-proto": { waiting: 1, running: 2, terminated: 3 },
  },
);

export type ContainerState = Static<typeof ContainerState>;

export const ImageVolumeStatus = Struct(
  {
    imageRef: Type.String({ description: "ImageRef is the digest of the image used for this volume." }),
  },
  {
    $id: "io.k8s.api.core.v1.ImageVolumeStatus",
    required: ["imageRef"],
    description: "ImageVolumeStatus represents the image-based volume status.",
    "x-proto": { imageRef: 1 },
  },
);

export type ImageVolumeStatus = Static<typeof ImageVolumeStatus>;

export const VolumeStatus = Struct(
  {
    image: Field(
      ImageVolumeStatus,
      "image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet's host machine.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeStatus",
    description: "VolumeStatus represents the status of a mounted volume.",
    "x-proto": { image: 1 },
  },
);

export type VolumeStatus = Static<typeof VolumeStatus>;

export const VolumeMountStatus = Struct(
  {
    name: Type.String({ description: "Name corresponds to the name of the original VolumeMount." }),
    mountPath: Type.String({ description: "MountPath corresponds to the original VolumeMount." }),
    readOnly: Type.Boolean({ description: "ReadOnly corresponds to the original VolumeMount." }),
    recursiveReadOnly: Type.String({
      "x-proto-pointer": true,
      description:
        "RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).",
    }),
    volumeStatus: Field(
      VolumeStatus,
      "volumeStatus represents volume-type-specific status about the mounted volume.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.VolumeMountStatus",
    required: ["name", "mountPath"],
    description: "VolumeMountStatus shows status of volume mounts.",
    "x-proto": { name: 1, mountPath: 2, readOnly: 3, recursiveReadOnly: 4, volumeStatus: 5 },
  },
);

export type VolumeMountStatus = Static<typeof VolumeMountStatus>;

export const LinuxContainerUser = Struct(
  {
    uid: Int64({
      description: "UID is the primary uid initially attached to the first process in the container",
    }),
    gid: Int64({
      description: "GID is the primary gid initially attached to the first process in the container",
    }),
    supplementalGroups: AtomicList(Int64(), {
      description:
        "SupplementalGroups are the supplemental groups initially attached to the first process in the container",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.LinuxContainerUser",
    required: ["uid", "gid"],
    description: "LinuxContainerUser represents user identity information in Linux containers",
    "x-proto": { uid: 1, gid: 2, supplementalGroups: 3 },
  },
);

export type LinuxContainerUser = Static<typeof LinuxContainerUser>;

export const ContainerUser = Struct(
  {
    linux: Field(
      LinuxContainerUser,
      "Linux holds user identity information initially attached to the first process of the containers in Linux.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerUser",
    description: "ContainerUser represents user identity information",
    "x-proto": { linux: 1 },
  },
);

export type ContainerUser = Static<typeof ContainerUser>;

export const ResourceHealth = Struct(
  {
    resourceID: Type.String({ description: "ResourceID is the unique identifier of the resource." }),
    health: Type.String({ description: "Health of the resource." }),
    message: Type.String({
      "x-proto-pointer": true,
      description:
        'Message provides human-readable context for Health (e.g. "ECC error count exceeded threshold").',
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceHealth",
    required: ["resourceID"],
    description: "ResourceHealth represents the health of a resource.",
    "x-proto": { resourceID: 1, health: 2, message: 6 },
  },
);

export type ResourceHealth = Static<typeof ResourceHealth>;

export const ResourceStatus = Struct(
  {
    name: Type.String({ description: "Name of the resource." }),
    resources: Type.Array(ResourceHealth, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["resourceID"],
      description: "List of unique resources health.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceStatus",
    required: ["name"],
    description: "ResourceStatus represents the status of a single resource allocated to a Pod.",
    "x-proto": { name: 1, resources: 2 },
  },
);

export type ResourceStatus = Static<typeof ResourceStatus>;

export const ContainerStatus = Struct(
  {
    name: Type.String({ description: "Name is a DNS_LABEL representing the unique name of the container." }),
    state: Field(ContainerState, "State holds details about the container's current condition."),
    lastState: Field(
      ContainerState,
      "LastTerminationState holds the last termination state of the container to help debug container crashes and restarts.",
    ),
    ready: Type.Boolean({
      description: "Ready specifies whether the container is currently passing its readiness check.",
    }),
    restartCount: Int32({
      description: "RestartCount holds the number of times the container has been restarted.",
    }),
    image: Type.String({
      description: "Image is the name of container image that the container is running.",
    }),
    imageID: Type.String({ description: "ImageID is the image ID of the container's image." }),
    containerID: Type.String({
      description: "ContainerID is the ID of the container in the format '<type>://<container_id>'.",
    }),
    started: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe.",
    }),
    allocatedResources: ResourceList({
      description:
        "AllocatedResources represents the compute resources allocated for this container by the node.",
    }),
    resources: Field(
      ResourceRequirements,
      "Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.",
    ),
    volumeMounts: MapList(VolumeMountStatus, ["mountPath"], { description: "Status of volume mounts." }),
    user: Field(
      ContainerUser,
      "User represents user identity information initially attached to the first process of the container",
    ),
    allocatedResourcesStatus: MapList(ResourceStatus, ["name"], {
      description:
        "AllocatedResourcesStatus represents the status of various resources allocated for this Pod.",
    }),
    stopSignal: Type.String({
      "x-proto-pointer": true,
      description: "StopSignal reports the effective stop signal for this container",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerStatus",
    required: ["name", "ready", "restartCount", "image", "imageID"],
    description: "ContainerStatus contains details for the current status of this container.",
    "x-proto": {
      name: 1,
      state: 2,
      lastState: 3,
      ready: 4,
      restartCount: 5,
      image: 6,
      imageID: 7,
      containerID: 8,
      started: 9,
      allocatedResources: 10,
      resources: 11,
      volumeMounts: 12,
      user: 13,
      allocatedResourcesStatus: 14,
      stopSignal: 15,
    },
  },
);

export type ContainerStatus = Static<typeof ContainerStatus>;

export const PodResourceClaimStatus = Struct(
  {
    name: Type.String({ description: "Name uniquely identifies this resource claim inside the pod." }),
    resourceClaimName: Type.String({
      "x-proto-pointer": true,
      description:
        "ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodResourceClaimStatus",
    required: ["name"],
    description:
      "PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.",
    "x-proto": { name: 1, resourceClaimName: 2 },
  },
);

export type PodResourceClaimStatus = Static<typeof PodResourceClaimStatus>;

export const ContainerExtendedResourceRequest = Struct(
  {
    containerName: Type.String({ description: "The name of the container requesting resources." }),
    resourceName: Type.String({
      description: "The name of the extended resource in that container which gets backed by DRA.",
    }),
    requestName: Type.String({
      description:
        "The name of the request in the special ResourceClaim which corresponds to the extended resource.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ContainerExtendedResourceRequest",
    required: ["containerName", "resourceName", "requestName"],
    description:
      "ContainerExtendedResourceRequest has the mapping of container name, extended resource name to the device request name.",
    "x-proto": { containerName: 1, resourceName: 2, requestName: 3 },
  },
);

export type ContainerExtendedResourceRequest = Static<typeof ContainerExtendedResourceRequest>;

export const PodExtendedResourceClaimStatus = Struct(
  {
    requestMappings: AtomicList(ContainerExtendedResourceRequest, {
      description:
        "RequestMappings identifies the mapping of <container, extended resource backed by DRA> to device request in the generated ResourceClaim.",
    }),
    resourceClaimName: Type.String({
      description:
        "ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodExtendedResourceClaimStatus",
    required: ["requestMappings", "resourceClaimName"],
    description:
      "PodExtendedResourceClaimStatus is stored in the PodStatus for the extended resource requests backed by DRA.",
    "x-proto": { requestMappings: 1, resourceClaimName: 2 },
  },
);

export type PodExtendedResourceClaimStatus = Static<typeof PodExtendedResourceClaimStatus>;

export const NodeAllocatableMappedResources = Struct(
  {
    name: Type.String({ description: "Name is the name of the resource (e.g., cpu, memory)." }),
    quantity: Quantity({
      description: "Quantity is the total node allocatable resource capacity allocated for the claim.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeAllocatableMappedResources",
    required: ["name", "quantity"],
    description: "NodeAllocatableMappedResources describes mapped node allocatable resource allocations.",
    "x-proto": { name: 1, quantity: 2 },
  },
);

export type NodeAllocatableMappedResources = Static<typeof NodeAllocatableMappedResources>;

export const NodeAllocatableOverheadResources = Struct(
  {
    name: Type.String({ description: "Name is the name of the resource (e.g., cpu, memory)." }),
    perPod: Quantity({ description: "PerPod is the flat overhead quantity allocated per pod." }),
    perContainer: Quantity({
      description:
        "PerContainer is the variable overhead quantity applied for each container referencing the claim.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeAllocatableOverheadResources",
    required: ["name"],
    description: "NodeAllocatableOverheadResources describes auxiliary overhead resource allocations.",
    "x-proto": { name: 1, perPod: 2, perContainer: 3 },
  },
);

export type NodeAllocatableOverheadResources = Static<typeof NodeAllocatableOverheadResources>;

export const NodeAllocatableResourceClaimStatus = Struct(
  {
    resourceClaimName: Type.String({
      description:
        "ResourceClaimName is the resource claim referenced by the pod that resulted in this node allocatable resource allocation.",
    }),
    containers: SetList(Type.String(), {
      description: "Containers lists the names of all containers in this pod that reference the claim.",
    }),
    mapping: MapList(NodeAllocatableMappedResources, ["name"], {
      description:
        "Mapping contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].mapping` field.",
    }),
    overhead: MapList(NodeAllocatableOverheadResources, ["name"], {
      description:
        "Overhead contains allocations through devices mapped in the device spec's `nodeAllocatableResources[...].overhead` field.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus",
    required: ["resourceClaimName"],
    description:
      "NodeAllocatableResourceClaimStatus describes the status of node allocatable resources allocated via DRA.",
    "x-proto": { resourceClaimName: 1, containers: 2, mapping: 4, overhead: 5 },
  },
);

export type NodeAllocatableResourceClaimStatus = Static<typeof NodeAllocatableResourceClaimStatus>;

export const PodVolumeHealth = Struct(
  {
    name: Type.String({ description: "name matches an entry in pod.spec.volumes." }),
    healthConditions: MapList(VolumeHealthCondition, ["status", "reason"], {
      description:
        "conditions is the set of adverse conditions reported by the CSI node plugin for this volume on this node.",
    }),
    lastTransitionTime: Time({
      description: "lastTransitionTime is when the current set of conditions first appeared.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodVolumeHealth",
    required: ["name"],
    description:
      "PodVolumeHealth contains health information for a volume used by a pod, reported by the CSI node plugin via the kubelet.",
    "x-proto": { name: 1, healthConditions: 2, lastTransitionTime: 3 },
  },
);

export type PodVolumeHealth = Static<typeof PodVolumeHealth>;

export const PodStatus = Struct(
  {
    observedGeneration: Int64({
      description: "If set, this represents the .metadata.generation that the pod status was set based upon.",
    }),
    phase: Type.String({
      description: "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.",
    }),
    conditions: MapList(PodCondition, ["type"], { description: "Current service state of pod." }),
    message: Type.String({
      description: "A human readable message indicating details about why the pod is in this condition.",
    }),
    reason: Type.String({
      description: "A brief CamelCase message indicating details about why the pod is in this state.",
    }),
    nominatedNodeName: Type.String({
      description:
        "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.",
    }),
    hostIP: Type.String({
      description: "hostIP holds the IP address of the host to which the pod is assigned.",
    }),
    hostIPs: Type.Array(HostIP, {
      "x-kubernetes-list-type": "atomic",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-patch-merge-key": "ip",
      description: "hostIPs holds the IP addresses allocated to the host.",
    }),
    podIP: Type.String({ description: "podIP address allocated to the pod." }),
    podIPs: MapList(PodIP, ["ip"], { description: "podIPs holds the IP addresses allocated to the pod." }),
    startTime: Time({
      description: "RFC 3339 date and time at which the object was acknowledged by the Kubelet.",
    }),
    initContainerStatuses: AtomicList(ContainerStatus, {
      description: "Statuses of init containers in this pod.",
    }),
    containerStatuses: AtomicList(ContainerStatus, { description: "Statuses of containers in this pod." }),
    qosClass: Type.String({
      description:
        "The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes",
    }),
    ephemeralContainerStatuses: AtomicList(ContainerStatus, {
      description: "Statuses for any ephemeral containers that have run in this pod.",
    }),
    resize: Type.String({ description: "Status of resources resize desired for pod's containers." }),
    resourceClaimStatuses: Type.Array(PodResourceClaimStatus, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-patch-strategy": "merge,retainKeys",
      "x-kubernetes-patch-merge-key": "name",
      description: "Status of resource claims.",
    }),
    extendedResourceClaimStatus: Field(
      PodExtendedResourceClaimStatus,
      "Status of extended resource claim backed by DRA.",
    ),
    allocatedResources: ResourceList({
      description: "AllocatedResources is the total requests allocated for this pod by the node.",
    }),
    resources: Field(
      ResourceRequirements,
      "Resources represents the compute resource requests and limits that have been applied at the pod level if pod-level requests or limits are set in PodSpec.Resources",
    ),
    nodeAllocatableResourceClaimStatuses: MapList(NodeAllocatableResourceClaimStatus, ["resourceClaimName"], {
      description:
        "NodeAllocatableResourceClaimStatuses contains the status of node-allocatable resources that were allocated for this pod through DRA claims.",
    }),
    volumeHealth: Type.Array(PodVolumeHealth, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      description: "volumeHealth contains node-reported health for each volume the pod is using.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodStatus",
    description: "PodStatus represents information about the status of a pod.",
    "x-proto": {
      observedGeneration: 17,
      phase: 1,
      conditions: 2,
      message: 3,
      reason: 4,
      nominatedNodeName: 11,
      hostIP: 5,
      hostIPs: 16,
      podIP: 6,
      podIPs: 12,
      startTime: 7,
      initContainerStatuses: 10,
      containerStatuses: 8,
      qosClass: 9,
      ephemeralContainerStatuses: 13,
      resize: 14,
      resourceClaimStatuses: 15,
      extendedResourceClaimStatus: 18,
      allocatedResources: 19,
      resources: 20,
      nodeAllocatableResourceClaimStatuses: 21,
      volumeHealth: 22,
    },
  },
);

export type PodStatus = Static<typeof PodStatus>;
