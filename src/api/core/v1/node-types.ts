// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Time, SetList, AtomicList, Int32, Int64, MapList } from "../../schema.js";
import { Struct } from "./struct.js";
import { ResourceList } from "./resources.js";
import { ContainerImage } from "./container.js";

export const Taint = Struct(
  {
    key: Type.String({ description: "Required. The taint key to be applied to a node." }),
    value: Type.String({ description: "The taint value corresponding to the taint key." }),
    effect: Type.String({
      description: "Required. The effect of the taint on pods that do not tolerate the taint.",
    }),
    timeAdded: Time({ description: "TimeAdded represents the time at which the taint was added." }),
  },
  {
    $id: "io.k8s.api.core.v1.Taint",
    required: ["key", "effect"],
    description:
      'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    "x-proto": { key: 1, value: 2, effect: 3, timeAdded: 4 },
  },
);

export type Taint = Static<typeof Taint>;

export const ConfigMapNodeConfigSource = Struct(
  {
    namespace: Type.String({
      description: "Namespace is the metadata.namespace of the referenced ConfigMap.",
    }),
    name: Type.String({ description: "Name is the metadata.name of the referenced ConfigMap." }),
    uid: Type.String({ description: "UID is the metadata.UID of the referenced ConfigMap." }),
    resourceVersion: Type.String({
      description: "ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap.",
    }),
    kubeletConfigKey: Type.String({
      description:
        "KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMapNodeConfigSource",
    required: ["namespace", "name", "kubeletConfigKey"],
    description:
      "ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node.",
    "x-proto": { namespace: 1, name: 2, uid: 3, resourceVersion: 4, kubeletConfigKey: 5 },
  },
);

export type ConfigMapNodeConfigSource = Static<typeof ConfigMapNodeConfigSource>;

export const NodeConfigSource = Struct(
  {
    configMap: Field(ConfigMapNodeConfigSource, "ConfigMap is a reference to a Node's ConfigMap"),
  },
  {
    $id: "io.k8s.api.core.v1.NodeConfigSource",
    description: "NodeConfigSource specifies a source of node configuration.",
    "x-proto": { configMap: 2 },
  },
);

export type NodeConfigSource = Static<typeof NodeConfigSource>;

export const NodePodPreemptionPolicy = Struct(
  {
    disableResizePreemption: SetList(Type.String(), {
      description:
        "DisableResizePreemption lists the owners (e.g., autoscalers, operators, administrators) that have requested to disable scheduler and Kubelet preemption for in-place pod resize on this node.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodePodPreemptionPolicy",
    description:
      "NodePodPreemptionPolicy defines the node-level policies governing preemption for pods on this node.",
    "x-proto": { disableResizePreemption: 1 },
  },
);

export type NodePodPreemptionPolicy = Static<typeof NodePodPreemptionPolicy>;

export const NodeSpec = Struct(
  {
    podCIDR: Type.String({ description: "PodCIDR represents the pod IP range assigned to the node." }),
    podCIDRs: Type.Array(Type.String(), {
      "x-kubernetes-list-type": "set",
      "x-kubernetes-patch-strategy": "merge",
      description: "podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node.",
    }),
    providerID: Type.String({
      description:
        "ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>",
    }),
    unschedulable: Type.Boolean({ description: "Unschedulable controls node schedulability of new pods." }),
    taints: AtomicList(Taint, { description: "If specified, the node's taints." }),
    configSource: Field(
      NodeConfigSource,
      "Deprecated: Previously used to specify the source of the node's configuration for the DynamicKubeletConfig feature.",
    ),
    externalID: Type.String({ description: "Deprecated. Not all kubelets will set this field." }),
    podPreemptionPolicy: Field(
      NodePodPreemptionPolicy,
      "PodPreemptionPolicy controls the node-level preemption behaviors for pods on this node.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSpec",
    description: "NodeSpec describes the attributes that a node is created with.",
    "x-proto": {
      podCIDR: 1,
      podCIDRs: 7,
      providerID: 3,
      unschedulable: 4,
      taints: 5,
      configSource: 6,
      externalID: 2,
      podPreemptionPolicy: 8,
    },
  },
);

export type NodeSpec = Static<typeof NodeSpec>;

export const NodeCondition = Struct(
  {
    type: Type.String({ description: "Type of node condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastHeartbeatTime: Time({ description: "Last time we got an update on a given condition." }),
    lastTransitionTime: Time({ description: "Last time the condition transit from one status to another." }),
    reason: Type.String({ description: "(brief) reason for the condition's last transition." }),
    message: Type.String({ description: "Human readable message indicating details about last transition." }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeCondition",
    required: ["type", "status"],
    description: "NodeCondition contains condition information for a node.",
    "x-proto": { type: 1, status: 2, lastHeartbeatTime: 3, lastTransitionTime: 4, reason: 5, message: 6 },
  },
);

export type NodeCondition = Static<typeof NodeCondition>;

export const NodeAddress = Struct(
  {
    type: Type.String({ description: "Node address type, one of Hostname, ExternalIP or InternalIP." }),
    address: Type.String({ description: "The node address." }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeAddress",
    required: ["type", "address"],
    description: "NodeAddress contains information for the node's address.",
    "x-proto": { type: 1, address: 2 },
  },
);

export type NodeAddress = Static<typeof NodeAddress>;

export const DaemonEndpoint = Struct(
  {
    Port: Int32({ description: "Port number of the given endpoint." }),
  },
  {
    $id: "io.k8s.api.core.v1.DaemonEndpoint",
    required: ["Port"],
    description: "DaemonEndpoint contains information about a single Daemon endpoint.",
    "x-proto": { Port: 1 },
  },
);

export type DaemonEndpoint = Static<typeof DaemonEndpoint>;

export const NodeDaemonEndpoints = Struct(
  {
    kubeletEndpoint: Field(DaemonEndpoint, "Endpoint on which Kubelet is listening."),
  },
  {
    $id: "io.k8s.api.core.v1.NodeDaemonEndpoints",
    description: "NodeDaemonEndpoints lists ports opened by daemons running on the Node.",
    "x-proto": { kubeletEndpoint: 1 },
  },
);

export type NodeDaemonEndpoints = Static<typeof NodeDaemonEndpoints>;

export const NodeSwapStatus = Struct(
  {
    capacity: Int64({ "x-proto-pointer": true, description: "Total amount of swap memory in bytes." }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSwapStatus",
    description: "NodeSwapStatus represents swap memory information.",
    "x-proto": { capacity: 1 },
  },
);

export type NodeSwapStatus = Static<typeof NodeSwapStatus>;

export const NodeSystemInfo = Struct(
  {
    machineID: Type.String({ description: "MachineID reported by the node." }),
    systemUUID: Type.String({ description: "SystemUUID reported by the node." }),
    bootID: Type.String({ description: "Boot ID reported by the node." }),
    kernelVersion: Type.String({
      description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    }),
    osImage: Type.String({
      description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    }),
    containerRuntimeVersion: Type.String({
      description:
        "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    }),
    kubeletVersion: Type.String({ description: "Kubelet Version reported by the node." }),
    kubeProxyVersion: Type.String({ description: "Deprecated: KubeProxy Version reported by the node." }),
    operatingSystem: Type.String({ description: "The Operating System reported by the node" }),
    architecture: Type.String({ description: "The Architecture reported by the node" }),
    swap: Field(NodeSwapStatus, "Swap Info reported by the node."),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSystemInfo",
    required: [
      "machineID",
      "systemUUID",
      "bootID",
      "kernelVersion",
      "osImage",
      "containerRuntimeVersion",
      "kubeletVersion",
      "kubeProxyVersion",
      "operatingSystem",
      "architecture",
    ],
    description: "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
    "x-proto": {
      machineID: 1,
      systemUUID: 2,
      bootID: 3,
      kernelVersion: 4,
      osImage: 5,
      containerRuntimeVersion: 6,
      kubeletVersion: 7,
      kubeProxyVersion: 8,
      operatingSystem: 9,
      architecture: 10,
      swap: 11,
    },
  },
);

export type NodeSystemInfo = Static<typeof NodeSystemInfo>;

export const AttachedVolume = Struct(
  {
    name: Type.String({ description: "Name of the attached volume" }),
    devicePath: Type.String({
      description: "DevicePath represents the device path where the volume should be available",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.AttachedVolume",
    required: ["name", "devicePath"],
    description: "AttachedVolume describes a volume attached to a node",
    "x-proto": { name: 1, devicePath: 2 },
  },
);

export type AttachedVolume = Static<typeof AttachedVolume>;

export const NodeConfigStatus = Struct(
  {
    assigned: Field(NodeConfigSource, "Assigned reports the checkpointed config the node will try to use."),
    active: Field(NodeConfigSource, "Active reports the checkpointed config the node is actively using."),
    lastKnownGood: Field(
      NodeConfigSource,
      "LastKnownGood reports the checkpointed config the node will fall back to when it encounters an error attempting to use the Assigned config.",
    ),
    error: Type.String({
      description: "Error describes any problems reconciling the Spec.ConfigSource to the Active config.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeConfigStatus",
    description: "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.",
    "x-proto": { assigned: 1, active: 2, lastKnownGood: 3, error: 4 },
  },
);

export type NodeConfigStatus = Static<typeof NodeConfigStatus>;

export const NodeRuntimeHandlerFeatures = Struct(
  {
    recursiveReadOnlyMounts: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.",
    }),
    userNamespaces: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeRuntimeHandlerFeatures",
    description: "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.",
    "x-proto": { recursiveReadOnlyMounts: 1, userNamespaces: 2 },
  },
);

export type NodeRuntimeHandlerFeatures = Static<typeof NodeRuntimeHandlerFeatures>;

export const NodeRuntimeHandler = Struct(
  {
    name: Type.String({ description: "Runtime handler name." }),
    features: Field(NodeRuntimeHandlerFeatures, "Supported features."),
  },
  {
    $id: "io.k8s.api.core.v1.NodeRuntimeHandler",
    description: "NodeRuntimeHandler is a set of runtime handler information.",
    "x-proto": { name: 1, features: 2 },
  },
);

export type NodeRuntimeHandler = Static<typeof NodeRuntimeHandler>;

export const NodeFeatures = Struct(
  {
    supplementalGroupsPolicy: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeFeatures",
    description: "NodeFeatures describes the set of features implemented by the CRI implementation.",
    "x-proto": { supplementalGroupsPolicy: 1 },
  },
);

export type NodeFeatures = Static<typeof NodeFeatures>;

export const NodeStatus = Struct(
  {
    capacity: ResourceList({ description: "Capacity represents the total resources of a node." }),
    allocatable: ResourceList({
      description: "Allocatable represents the resources of a node that are available for scheduling.",
    }),
    phase: Type.String({ description: "NodePhase is the recently observed lifecycle phase of the node." }),
    conditions: MapList(NodeCondition, ["type"], {
      description: "Conditions is an array of current observed node conditions.",
    }),
    addresses: MapList(NodeAddress, ["type"], { description: "List of addresses reachable to the node." }),
    daemonEndpoints: Field(NodeDaemonEndpoints, "Endpoints of daemons running on the Node."),
    nodeInfo: Field(
      NodeSystemInfo,
      "Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info",
    ),
    images: AtomicList(ContainerImage, { description: "List of container images on this node" }),
    volumesInUse: AtomicList(Type.String(), {
      description: "List of attachable volumes in use (mounted) by the node.",
    }),
    volumesAttached: AtomicList(AttachedVolume, {
      description: "List of volumes that are attached to the node.",
    }),
    config: Field(
      NodeConfigStatus,
      "Status of the config assigned to the node via the dynamic Kubelet config feature.",
    ),
    runtimeHandlers: AtomicList(NodeRuntimeHandler, { description: "The available runtime handlers." }),
    features: Field(
      NodeFeatures,
      "Features describes the set of features implemented by the CRI implementation.",
    ),
    declaredFeatures: AtomicList(Type.String(), {
      description:
        "DeclaredFeatures represents the features related to feature gates that are declared by the node.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeStatus",
    description: "NodeStatus is information about the current status of a node.",
    "x-proto": {
      capacity: 1,
      allocatable: 2,
      phase: 3,
      conditions: 4,
      addresses: 5,
      daemonEndpoints: 6,
      nodeInfo: 7,
      images: 8,
      volumesInUse: 9,
      volumesAttached: 10,
      config: 11,
      runtimeHandlers: 12,
      features: 13,
      declaredFeatures: 14,
    },
  },
);

export type NodeStatus = Static<typeof NodeStatus>;
