// networking.k8s.io/v1 types served here: Ingress, IngressClass, NetworkPolicy (k8s.io/api/networking/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, IntOrString, AtomicList } from "../../schema.js";
import { ObjectMeta, LabelSelector, TypeMetaFields } from "../../meta/v1/types.js";
import { TypedLocalObjectReference } from "../../core/v1/reference.js";

const P = "io.k8s.api.networking.v1";

// ---- NetworkPolicy ----

export const IPBlock = Struct(
  {
    cidr: Type.String({
      description:
        'cidr is a string representing the IPBlock Valid examples are "192.168.1.0/24" or "2001:db8::/64"',
    }),
    except: AtomicList(Type.String(), {
      description:
        'except is a slice of CIDRs that should not be included within an IPBlock Valid examples are "192.168.1.0/24" or "2001:db8::/64" Except values will be rejected if they are outside the cidr range',
    }),
  },
  {
    $id: `${P}.IPBlock`,
    required: ["cidr"],
    description:
      'IPBlock describes a particular CIDR (Ex. "192.168.1.0/24","2001:db8::/64") that is allowed to the pods matched by a NetworkPolicySpec\'s podSelector.',
    "x-proto": { cidr: 1, except: 2 },
  },
);

export const NetworkPolicyPeer = Struct(
  {
    podSelector: Field(LabelSelector, "podSelector is a label selector which selects pods."),
    namespaceSelector: Field(
      LabelSelector,
      "namespaceSelector selects namespaces using cluster-scoped labels.",
    ),
    ipBlock: Field(IPBlock, "ipBlock defines policy on a particular IPBlock."),
  },
  {
    $id: `${P}.NetworkPolicyPeer`,
    description: "NetworkPolicyPeer describes a peer to allow traffic to/from.",
    "x-proto": { podSelector: 1, namespaceSelector: 2, ipBlock: 3 },
  },
);

export const NetworkPolicyPort = Struct(
  {
    protocol: Type.String({
      "x-proto-pointer": true,
      description: "protocol represents the protocol (TCP, UDP, or SCTP) which traffic must match.",
    }),
    port: IntOrString({ description: "port represents the port on the given protocol." }),
    endPort: Int32({
      "x-proto-pointer": true,
      description:
        "endPort indicates that the range of ports from port to endPort if set, inclusive, should be allowed by the policy.",
    }),
  },
  {
    $id: `${P}.NetworkPolicyPort`,
    description: "NetworkPolicyPort describes a port to allow traffic on",
    "x-proto": { protocol: 1, port: 2, endPort: 3 },
  },
);

export const NetworkPolicyIngressRule = Struct(
  {
    ports: AtomicList(NetworkPolicyPort, {
      description:
        "ports is a list of ports which should be made accessible on the pods selected for this rule.",
    }),
    from: AtomicList(NetworkPolicyPeer, {
      description:
        "from is a list of sources which should be able to access the pods selected for this rule.",
    }),
  },
  {
    $id: `${P}.NetworkPolicyIngressRule`,
    description:
      "NetworkPolicyIngressRule describes a particular set of traffic that is allowed to the pods matched by a NetworkPolicySpec's podSelector.",
    "x-proto": { ports: 1, from: 2 },
  },
);

export const NetworkPolicyEgressRule = Struct(
  {
    ports: AtomicList(NetworkPolicyPort, {
      description: "ports is a list of destination ports for outgoing traffic.",
    }),
    to: AtomicList(NetworkPolicyPeer, {
      description: "to is a list of destinations for outgoing traffic of pods selected for this rule.",
    }),
  },
  {
    $id: `${P}.NetworkPolicyEgressRule`,
    description:
      "NetworkPolicyEgressRule describes a particular set of traffic that is allowed out of pods matched by a NetworkPolicySpec's podSelector.",
    "x-proto": { ports: 1, to: 2 },
  },
);

export const NetworkPolicySpec = Struct(
  {
    podSelector: Field(
      LabelSelector,
      "podSelector selects the pods to which this NetworkPolicy object applies.",
    ),
    ingress: AtomicList(NetworkPolicyIngressRule, {
      description: "ingress is a list of ingress rules to be applied to the selected pods.",
    }),
    egress: AtomicList(NetworkPolicyEgressRule, {
      description: "egress is a list of egress rules to be applied to the selected pods.",
    }),
    policyTypes: AtomicList(Type.String(), {
      description: "policyTypes is a list of rule types that the NetworkPolicy relates to.",
    }),
  },
  {
    $id: `${P}.NetworkPolicySpec`,
    required: ["podSelector"],
    description: "NetworkPolicySpec provides the specification of a NetworkPolicy",
    "x-proto": { podSelector: 1, ingress: 2, egress: 3, policyTypes: 4 },
  },
);

export const NetworkPolicy = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      NetworkPolicySpec,
      "spec represents the specification of the desired behavior for this NetworkPolicy.",
    ),
  },
  {
    $id: `${P}.NetworkPolicy`,
    description: "NetworkPolicy describes what network traffic is allowed for a set of Pods",
    "x-proto": { metadata: 1, spec: 2 },
  },
);
export type NetworkPolicy = Static<typeof NetworkPolicy>;

// ---- Ingress ----

export const ServiceBackendPort = Struct(
  {
    name: Type.String({ description: "name is the name of the port on the Service." }),
    number: Int32({ description: "number is the numerical port number (e.g. 80) on the Service." }),
  },
  {
    $id: `${P}.ServiceBackendPort`,
    description: "ServiceBackendPort is the service port being referenced.",
    "x-proto": { name: 1, number: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);

export const IngressServiceBackend = Struct(
  {
    name: Type.String({ description: "name is the referenced service." }),
    port: Field(ServiceBackendPort, "port of the referenced service."),
  },
  {
    $id: `${P}.IngressServiceBackend`,
    required: ["name"],
    description: "IngressServiceBackend references a Kubernetes Service as a Backend.",
    "x-proto": { name: 1, port: 2 },
  },
);

export const IngressBackend = Struct(
  {
    service: Field(IngressServiceBackend, "service references a service as a backend."),
    resource: Field(
      TypedLocalObjectReference,
      "resource is an ObjectRef to another Kubernetes resource in the namespace of the Ingress object.",
    ),
  },
  {
    $id: `${P}.IngressBackend`,
    description: "IngressBackend describes all endpoints for a given service and port.",
    "x-proto": { service: 4, resource: 3 },
  },
);

export const HTTPIngressPath = Struct(
  {
    path: Type.String({ description: "path is matched against the path of an incoming request." }),
    pathType: Type.String({
      "x-proto-pointer": true,
      description: "pathType determines the interpretation of the path matching.",
    }),
    backend: Field(
      IngressBackend,
      "backend defines the referenced service endpoint to which the traffic will be forwarded to.",
    ),
  },
  {
    $id: `${P}.HTTPIngressPath`,
    required: ["pathType", "backend"],
    description: "HTTPIngressPath associates a path with a backend.",
    "x-proto": { path: 1, pathType: 3, backend: 2 },
  },
);

export const HTTPIngressRuleValue = Struct(
  {
    paths: AtomicList(HTTPIngressPath, {
      description: "paths is a collection of paths that map requests to backends.",
    }),
  },
  {
    $id: `${P}.HTTPIngressRuleValue`,
    required: ["paths"],
    description: "HTTPIngressRuleValue is a list of http selectors pointing to backends.",
    "x-proto": { paths: 1 },
  },
);

/**
 * IngressRule embeds IngressRuleValue inline (`json:",inline"`): in JSON `http` sits in the rule itself,
 * on the wire it is field 1 of the embedded message in field 2. `x-proto-inline` records that nesting.
 */
export const IngressRule = Struct(
  {
    host: Type.String({
      description: "host is the fully qualified domain name of a network host, as defined by RFC 3986.",
    }),
    http: Field(
      HTTPIngressRuleValue,
      "http is a HTTP IngressRuleValue, which contains a list of http selectors",
    ),
  },
  {
    $id: `${P}.IngressRule`,
    description:
      "IngressRule represents the rules mapping the paths under a specified host to the related backend services.",
    "x-proto": { host: 1 },
    "x-proto-inline": { "2": { http: 1 } },
  },
);

export const IngressTLS = Struct(
  {
    hosts: AtomicList(Type.String(), {
      description: "hosts is a list of hosts included in the TLS certificate.",
    }),
    secretName: Type.String({
      description: "secretName is the name of the secret used to terminate TLS traffic on port 443.",
    }),
  },
  {
    $id: `${P}.IngressTLS`,
    description: "IngressTLS describes the transport layer security associated with an ingress.",
    "x-proto": { hosts: 1, secretName: 2 },
  },
);

export const IngressSpec = Struct(
  {
    ingressClassName: Type.String({
      "x-proto-pointer": true,
      description: "ingressClassName is the name of an IngressClass cluster resource.",
    }),
    defaultBackend: Field(
      IngressBackend,
      "defaultBackend is the backend that should handle requests that don't match any rule.",
    ),
    tls: AtomicList(IngressTLS, { description: "tls represents the TLS configuration." }),
    rules: AtomicList(IngressRule, {
      description: "rules is a list of host rules used to configure the Ingress.",
    }),
  },
  {
    $id: `${P}.IngressSpec`,
    description: "IngressSpec describes the Ingress the user wishes to exist.",
    "x-proto": { ingressClassName: 4, defaultBackend: 1, tls: 2, rules: 3 },
  },
);

export const IngressPortStatus = Struct(
  {
    port: Int32({ description: "port is the port number of the ingress port." }),
    protocol: Type.String({ description: "protocol is the protocol of the ingress port." }),
    error: Type.String({
      "x-proto-pointer": true,
      description: "error is to record the problem with the service port",
    }),
  },
  {
    $id: `${P}.IngressPortStatus`,
    required: ["port", "protocol"],
    description: "IngressPortStatus represents the error condition of a service port",
    "x-proto": { port: 1, protocol: 2, error: 3 },
  },
);

export const IngressLoadBalancerIngress = Struct(
  {
    ip: Type.String({ description: "ip is set for load-balancer ingress points that are IP based." }),
    hostname: Type.String({
      description: "hostname is set for load-balancer ingress points that are DNS based.",
    }),
    ports: AtomicList(IngressPortStatus, {
      description: "ports provides information about the ports exposed by this LoadBalancer.",
    }),
  },
  {
    $id: `${P}.IngressLoadBalancerIngress`,
    description: "IngressLoadBalancerIngress represents the status of a load-balancer ingress point.",
    "x-proto": { ip: 1, hostname: 2, ports: 4 },
  },
);

export const IngressLoadBalancerStatus = Struct(
  {
    ingress: AtomicList(IngressLoadBalancerIngress, {
      description: "ingress is a list containing ingress points for the load-balancer.",
    }),
  },
  {
    $id: `${P}.IngressLoadBalancerStatus`,
    description: "IngressLoadBalancerStatus represents the status of a load-balancer.",
    "x-proto": { ingress: 1 },
  },
);

export const IngressStatus = Struct(
  {
    loadBalancer: Field(
      IngressLoadBalancerStatus,
      "loadBalancer contains the current status of the load-balancer.",
    ),
  },
  {
    $id: `${P}.IngressStatus`,
    description: "IngressStatus describe the current state of the Ingress.",
    "x-proto": { loadBalancer: 1 },
  },
);

export const Ingress = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      IngressSpec,
      "spec is the desired state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      IngressStatus,
      "status is the current state of the Ingress. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.Ingress`,
    description:
      "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Ingress = Static<typeof Ingress>;

// ---- IngressClass ----

export const IngressClassParametersReference = Struct(
  {
    apiGroup: Type.String({
      "x-proto-pointer": true,
      description: "apiGroup is the group for the resource being referenced.",
    }),
    kind: Type.String({ description: "kind is the type of resource being referenced." }),
    name: Type.String({ description: "name is the name of resource being referenced." }),
    scope: Type.String({
      "x-proto-pointer": true,
      description: "scope represents if this refers to a cluster or namespace scoped resource.",
    }),
    namespace: Type.String({
      "x-proto-pointer": true,
      description: "namespace is the namespace of the resource being referenced.",
    }),
  },
  {
    $id: `${P}.IngressClassParametersReference`,
    required: ["kind", "name"],
    description:
      "IngressClassParametersReference identifies an API object. This can be used to specify a cluster or namespace-scoped resource.",
    "x-proto": { apiGroup: 1, kind: 2, name: 3, scope: 4, namespace: 5 },
  },
);

export const IngressClassSpec = Struct(
  {
    controller: Type.String({
      description: "controller refers to the name of the controller that should handle this class.",
    }),
    parameters: Field(
      IngressClassParametersReference,
      "parameters is a link to a custom resource containing additional configuration for the controller.",
    ),
  },
  {
    $id: `${P}.IngressClassSpec`,
    description: "IngressClassSpec provides information about the class of an Ingress.",
    "x-proto": { controller: 1, parameters: 2 },
  },
);

export const IngressClass = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      IngressClassSpec,
      "spec is the desired state of the IngressClass. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.IngressClass`,
    description: "IngressClass represents the class of the Ingress, referenced by the Ingress Spec.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);
export type IngressClass = Static<typeof IngressClass>;
