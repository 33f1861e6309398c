// Service types (k8s.io/api core/v1 ServiceSpec, ServiceStatus and what they embed).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Int32, IntOrString, StringMap, MapList, AtomicList } from "../../schema.js";
import { ObjectMeta, Condition, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";

export const ClientIPConfig = Struct(
  {
    timeoutSeconds: Int32({
      "x-proto-pointer": true,
      description: "timeoutSeconds specifies the seconds of ClientIP type session sticky time.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ClientIPConfig",
    description: "ClientIPConfig represents the configurations of Client IP based session affinity.",
    "x-proto": { timeoutSeconds: 1 },
  },
);
export type ClientIPConfig = Static<typeof ClientIPConfig>;

export const SessionAffinityConfig = Struct(
  {
    clientIP: Field(
      ClientIPConfig,
      "clientIP contains the configurations of Client IP based session affinity.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.SessionAffinityConfig",
    description: "SessionAffinityConfig represents the configurations of session affinity.",
    "x-proto": { clientIP: 1 },
  },
);
export type SessionAffinityConfig = Static<typeof SessionAffinityConfig>;

export const ServicePort = Struct(
  {
    name: Type.String({ description: "The name of this port within the service." }),
    protocol: Type.String({ description: "The IP protocol for this port." }),
    appProtocol: Type.String({
      "x-proto-pointer": true,
      description: "The application protocol for this port.",
    }),
    port: Int32({ description: "The port that will be exposed by this service." }),
    targetPort: IntOrString({
      description: "Number or name of the port to access on the pods targeted by the service.",
    }),
    nodePort: Int32({
      description:
        "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ServicePort",
    required: ["port"],
    description: "ServicePort contains information on service's port.",
    "x-proto": { name: 1, protocol: 2, appProtocol: 6, port: 3, targetPort: 4, nodePort: 5 },
  },
);
export type ServicePort = Static<typeof ServicePort>;

export const PortStatus = Struct(
  {
    port: Int32({
      description: "Port is the port number of the service port of which status is recorded here",
    }),
    protocol: Type.String({
      description:
        'Protocol is the protocol of the service port of which status is recorded here The supported values are: "TCP", "UDP", "SCTP"',
    }),
    error: Type.String({
      "x-proto-pointer": true,
      description:
        "Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use CamelCase names - cloud provider specific error values must have names that comply with the format foo.example.com/CamelCase.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PortStatus",
    required: ["port", "protocol"],
    description: "PortStatus represents the error condition of a service port",
    "x-proto": { port: 1, protocol: 2, error: 3 },
  },
);
export type PortStatus = Static<typeof PortStatus>;

export const LoadBalancerIngress = Struct(
  {
    ip: Type.String({
      description:
        "IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)",
    }),
    hostname: Type.String({
      description:
        "Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)",
    }),
    ipMode: Type.String({
      "x-proto-pointer": true,
      description:
        "IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.",
    }),
    ports: AtomicList(PortStatus, {
      description:
        "Ports is a list of records of service ports If used, every port defined in the service should have an entry in it",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.LoadBalancerIngress",
    description:
      "LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.",
    "x-proto": { ip: 1, hostname: 2, ipMode: 3, ports: 4 },
  },
);
export type LoadBalancerIngress = Static<typeof LoadBalancerIngress>;

export const LoadBalancerStatus = Struct(
  {
    ingress: AtomicList(LoadBalancerIngress, {
      description: "Ingress is a list containing ingress points for the load-balancer.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.LoadBalancerStatus",
    description: "LoadBalancerStatus represents the status of a load-balancer.",
    "x-proto": { ingress: 1 },
  },
);
export type LoadBalancerStatus = Static<typeof LoadBalancerStatus>;

export const ServiceStatus = Struct(
  {
    loadBalancer: Field(
      LoadBalancerStatus,
      "LoadBalancer contains the current status of the load-balancer, if one is present.",
    ),
    conditions: MapList(Condition, ["type"], { description: "Current service state" }),
  },
  {
    $id: "io.k8s.api.core.v1.ServiceStatus",
    description: "ServiceStatus represents the current status of a service.",
    "x-proto": { loadBalancer: 1, conditions: 2 },
  },
);
export type ServiceStatus = Static<typeof ServiceStatus>;

export const ServiceSpec = Struct(
  {
    ports: MapList(ServicePort, ["port", "protocol"], {
      description: "The list of ports that are exposed by this service.",
    }),
    selector: StringMap({
      description: "Route service traffic to pods with label keys and values matching this selector.",
      "x-kubernetes-map-type": "atomic",
    }),
    clusterIP: Type.String({
      description: "clusterIP is the IP address of the service and is usually assigned randomly.",
    }),
    clusterIPs: AtomicList(Type.String(), {
      description:
        "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.",
    }),
    type: Type.String({ description: "type determines how the Service is exposed." }),
    externalIPs: AtomicList(Type.String(), {
      description:
        "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.",
    }),
    sessionAffinity: Type.String({ description: 'Supports "ClientIP" and "None".' }),
    loadBalancerIP: Type.String({ description: "Only applies to Service Type: LoadBalancer." }),
    loadBalancerSourceRanges: AtomicList(Type.String(), {
      description:
        "If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.",
    }),
    externalName: Type.String({
      description:
        "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g.",
    }),
    externalTrafficPolicy: Type.String({
      description:
        'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).',
    }),
    healthCheckNodePort: Int32({
      description: "healthCheckNodePort specifies the healthcheck nodePort for the service.",
    }),
    publishNotReadyAddresses: Type.Boolean({
      description:
        "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.",
    }),
    sessionAffinityConfig: Field(
      SessionAffinityConfig,
      "sessionAffinityConfig contains the configurations of session affinity.",
    ),
    ipFamilies: AtomicList(Type.String(), { description: "IPFamilies is a list of IP families (e.g." }),
    ipFamilyPolicy: Type.String({
      "x-proto-pointer": true,
      description: "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.",
    }),
    allocateLoadBalancerNodePorts: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.",
    }),
    loadBalancerClass: Type.String({
      "x-proto-pointer": true,
      description:
        "loadBalancerClass is the class of the load balancer implementation this Service belongs to.",
    }),
    internalTrafficPolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.",
    }),
    trafficDistribution: Type.String({
      "x-proto-pointer": true,
      description:
        "TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ServiceSpec",
    description: "ServiceSpec describes the attributes that a user creates on a service.",
    "x-proto": {
      ports: 1,
      selector: 2,
      clusterIP: 3,
      clusterIPs: 18,
      type: 4,
      externalIPs: 5,
      sessionAffinity: 7,
      loadBalancerIP: 8,
      loadBalancerSourceRanges: 9,
      externalName: 10,
      externalTrafficPolicy: 11,
      healthCheckNodePort: 12,
      publishNotReadyAddresses: 13,
      sessionAffinityConfig: 14,
      ipFamilies: 19,
      ipFamilyPolicy: 17,
      allocateLoadBalancerNodePorts: 20,
      loadBalancerClass: 21,
      internalTrafficPolicy: 22,
      trafficDistribution: 23,
    },
  },
);
export type ServiceSpec = Static<typeof ServiceSpec>;

export const Service = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(ServiceSpec, "Spec defines the behavior of a service."),
    status: Field(
      ServiceStatus,
      "Most recently observed status of the service. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.Service",
    description:
      "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Service = Static<typeof Service> & KubeObject;
