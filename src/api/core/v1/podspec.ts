// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, Int32, MapList, Int64, StringMap } from "../../schema.js";
import { Struct } from "./struct.js";
import { ObjectMeta } from "../../meta/v1/types.js";
import { Volume } from "./volume.js";
import { Container, EphemeralContainer } from "./container.js";
import { PodSecurityContext } from "./securitycontext.js";
import { LocalObjectReference } from "./reference.js";
import { Affinity, Toleration, TopologySpreadConstraint } from "./affinity.js";
import { ResourceList, ResourceRequirements } from "./resources.js";

export const HostAlias = Struct(
  {
    ip: Type.String({ description: "IP address of the host file entry." }),
    hostnames: AtomicList(Type.String(), { description: "Hostnames for the above IP address." }),
  },
  {
    $id: "io.k8s.api.core.v1.HostAlias",
    required: ["ip"],
    description:
      "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
    "x-proto": { ip: 1, hostnames: 2 },
  },
);

export type HostAlias = Static<typeof HostAlias>;

export const PodDNSConfigOption = Struct(
  {
    name: Type.String({ description: "Name is this DNS resolver option's name." }),
    value: Type.String({
      "x-proto-pointer": true,
      description: "Value is this DNS resolver option's value.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodDNSConfigOption",
    description: "PodDNSConfigOption defines DNS resolver options of a pod.",
    "x-proto": { name: 1, value: 2 },
  },
);

export type PodDNSConfigOption = Static<typeof PodDNSConfigOption>;

export const PodDNSConfig = Struct(
  {
    nameservers: AtomicList(Type.String(), { description: "A list of DNS name server IP addresses." }),
    searches: AtomicList(Type.String(), {
      description: "A list of DNS search domains for host-name lookup.",
    }),
    options: AtomicList(PodDNSConfigOption, { description: "A list of DNS resolver options." }),
  },
  {
    $id: "io.k8s.api.core.v1.PodDNSConfig",
    description:
      "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.",
    "x-proto": { nameservers: 1, searches: 2, options: 3 },
  },
);

export type PodDNSConfig = Static<typeof PodDNSConfig>;

export const PodReadinessGate = Struct(
  {
    conditionType: Type.String({
      description: "ConditionType refers to a condition in the pod's condition list with matching type.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodReadinessGate",
    required: ["conditionType"],
    description: "PodReadinessGate contains the reference to a pod condition",
    "x-proto": { conditionType: 1 },
  },
);

export type PodReadinessGate = Static<typeof PodReadinessGate>;

export const PodOS = Struct(
  {
    name: Type.String({ description: "Name is the name of the operating system." }),
  },
  {
    $id: "io.k8s.api.core.v1.PodOS",
    required: ["name"],
    description: "PodOS defines the OS parameters of a pod.",
    "x-proto": { name: 1 },
  },
);

export type PodOS = Static<typeof PodOS>;

export const PodSchedulingGate = Struct(
  {
    name: Type.String({ description: "Name of the scheduling gate." }),
  },
  {
    $id: "io.k8s.api.core.v1.PodSchedulingGate",
    required: ["name"],
    description: "PodSchedulingGate is associated to a Pod to guard its scheduling.",
    "x-proto": { name: 1 },
  },
);

export type PodSchedulingGate = Static<typeof PodSchedulingGate>;

export const PodResourceClaim = Struct(
  {
    name: Type.String({ description: "Name uniquely identifies this resource claim inside the pod." }),
    resourceClaimName: Type.String({
      "x-proto-pointer": true,
      description:
        "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.",
    }),
    resourceClaimTemplateName: Type.String({
      "x-proto-pointer": true,
      description:
        "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodResourceClaim",
    required: ["name"],
    description:
      "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.",
    "x-proto": { name: 1, resourceClaimName: 3, resourceClaimTemplateName: 4 },
  },
);

export type PodResourceClaim = Static<typeof PodResourceClaim>;

export const PodSchedulingGroup = Struct(
  {
    podGroupName: Type.String({
      "x-proto-pointer": true,
      description:
        "PodGroupName specifies the name of the standalone PodGroup object that represents the runtime instance of this group.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodSchedulingGroup",
    description: "PodSchedulingGroup identifies the runtime scheduling group instance that a Pod belongs to.",
    "x-proto": { podGroupName: 1 },
  },
);

export type PodSchedulingGroup = Static<typeof PodSchedulingGroup>;

export const EvictionResponder = Struct(
  {
    name: Type.String({
      description: "name allows you to identify the responder responding to the Eviction.",
    }),
    priority: Int32({ "x-proto-pointer": true, description: "priority for this responder." }),
  },
  {
    $id: "io.k8s.api.core.v1.EvictionResponder",
    required: ["name", "priority"],
    description: "EvictionResponder allows you to specify the responder reacting to an Eviction.",
    "x-proto": { name: 1, priority: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type EvictionResponder = Static<typeof EvictionResponder>;

export const PodSpec = Struct(
  {
    volumes: Type.Array(Volume, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-patch-strategy": "merge,retainKeys",
      "x-kubernetes-patch-merge-key": "name",
      description: "List of volumes that can be mounted by containers belonging to the pod.",
    }),
    initContainers: MapList(Container, ["name"], {
      description: "List of initialization containers belonging to the pod.",
    }),
    containers: MapList(Container, ["name"], { description: "List of containers belonging to the pod." }),
    ephemeralContainers: MapList(EphemeralContainer, ["name"], {
      description: "List of ephemeral containers run in this pod.",
    }),
    restartPolicy: Type.String({ description: "Restart policy for all containers within the pod." }),
    terminationGracePeriodSeconds: Int64({
      "x-proto-pointer": true,
      description: "Optional duration in seconds the pod needs to terminate gracefully.",
    }),
    activeDeadlineSeconds: Int64({
      "x-proto-pointer": true,
      description:
        "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers.",
    }),
    dnsPolicy: Type.String({ description: "Set DNS policy for the pod." }),
    nodeSelector: StringMap({
      "x-kubernetes-map-type": "atomic",
      description: "NodeSelector is a selector which must be true for the pod to fit on a node.",
    }),
    serviceAccountName: Type.String({
      description: "ServiceAccountName is the name of the ServiceAccount to use to run this pod.",
    }),
    serviceAccount: Type.String({
      description: "DeprecatedServiceAccount is a deprecated alias for ServiceAccountName.",
    }),
    automountServiceAccountToken: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.",
    }),
    nodeName: Type.String({ description: "NodeName indicates in which node this pod is scheduled." }),
    hostNetwork: Type.Boolean({ description: "Host networking requested for this pod." }),
    hostPID: Type.Boolean({ description: "Use the host's pid namespace." }),
    hostIPC: Type.Boolean({ description: "Use the host's ipc namespace." }),
    shareProcessNamespace: Type.Boolean({
      "x-proto-pointer": true,
      description: "Share a single process namespace between all of the containers in a pod.",
    }),
    securityContext: Field(
      PodSecurityContext,
      "SecurityContext holds pod-level security attributes and common container settings.",
    ),
    imagePullSecrets: MapList(LocalObjectReference, ["name"], {
      description:
        "ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec.",
    }),
    hostname: Type.String({
      description:
        "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value.",
    }),
    subdomain: Type.String({
      description:
        'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".',
    }),
    affinity: Field(Affinity, "If specified, the pod's scheduling constraints"),
    schedulerName: Type.String({
      description: "If specified, the pod will be dispatched by specified scheduler.",
    }),
    tolerations: AtomicList(Toleration, { description: "If specified, the pod's tolerations." }),
    hostAliases: MapList(HostAlias, ["ip"], {
      description:
        "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
    }),
    priorityClassName: Type.String({ description: "If specified, indicates the pod's priority." }),
    priority: Int32({ "x-proto-pointer": true, description: "The priority value." }),
    dnsConfig: Field(PodDNSConfig, "Specifies the DNS parameters of a pod."),
    readinessGates: AtomicList(PodReadinessGate, {
      description: "If specified, all readiness gates will be evaluated for pod readiness.",
    }),
    runtimeClassName: Type.String({
      "x-proto-pointer": true,
      description:
        "RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.",
    }),
    enableServiceLinks: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links.",
    }),
    preemptionPolicy: Type.String({
      "x-proto-pointer": true,
      description: "PreemptionPolicy is the Policy for preempting pods with lower priority.",
    }),
    overhead: ResourceList({
      description:
        "Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.",
    }),
    topologySpreadConstraints: MapList(TopologySpreadConstraint, ["topologyKey", "whenUnsatisfiable"], {
      description:
        "TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.",
    }),
    setHostnameAsFQDN: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).",
    }),
    os: Field(PodOS, "Specifies the OS of the containers in the pod."),
    hostUsers: Type.Boolean({ "x-proto-pointer": true, description: "Use the host's user namespace." }),
    schedulingGates: MapList(PodSchedulingGate, ["name"], {
      description:
        "SchedulingGates is an opaque list of values that if specified will block scheduling the pod.",
    }),
    resourceClaims: Type.Array(PodResourceClaim, {
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-patch-strategy": "merge,retainKeys",
      "x-kubernetes-patch-merge-key": "name",
      description:
        "ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.",
    }),
    resources: Field(
      ResourceRequirements,
      "Resources is the total amount of CPU and Memory resources required by all containers in the pod.",
    ),
    hostnameOverride: Type.String({
      "x-proto-pointer": true,
      description:
        "HostnameOverride specifies an explicit override for the pod's hostname as perceived by the pod.",
    }),
    schedulingGroup: Field(
      PodSchedulingGroup,
      "SchedulingGroup provides a reference to the immediate scheduling runtime grouping object that this Pod belongs to.",
    ),
    evictionResponders: MapList(EvictionResponder, ["name"], {
      description:
        "evictionResponders reference responders that react to Evictions based on EvictionRequests.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodSpec",
    required: ["containers"],
    description: "PodSpec is a description of a pod.",
    "x-proto": {
      volumes: 1,
      initContainers: 20,
      containers: 2,
      ephemeralContainers: 34,
      restartPolicy: 3,
      terminationGracePeriodSeconds: 4,
      activeDeadlineSeconds: 5,
      dnsPolicy: 6,
      nodeSelector: 7,
      serviceAccountName: 8,
      serviceAccount: 9,
      automountServiceAccountToken: 21,
      nodeName: 10,
      hostNetwork: 11,
      hostPID: 12,
      hostIPC: 13,
      shareProcessNamespace: 27,
      securityContext: 14,
      imagePullSecrets: 15,
      hostname: 16,
      subdomain: 17,
      affinity: 18,
      schedulerName: 19,
      tolerations: 22,
      hostAliases: 23,
      priorityClassName: 24,
      priority: 25,
      dnsConfig: 26,
      readinessGates: 28,
      runtimeClassName: 29,
      enableServiceLinks: 30,
      preemptionPolicy: 31,
      overhead: 32,
      topologySpreadConstraints: 33,
      setHostnameAsFQDN: 35,
      os: 36,
      hostUsers: 37,
      schedulingGates: 38,
      resourceClaims: 39,
      resources: 40,
      hostnameOverride: 41,
      schedulingGroup: 43,
      evictionResponders: 44,
    },
  },
);

export type PodSpec = Static<typeof PodSpec>;

export const PodTemplateSpec = Struct(
  {
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      PodSpec,
      "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.PodTemplateSpec",
    description: "PodTemplateSpec describes the data a pod should have when created from a template",
    "x-proto": { metadata: 1, spec: 2 },
  },
);

export type PodTemplateSpec = Static<typeof PodTemplateSpec>;
