// discovery.k8s.io/v1 EndpointSlice (k8s.io/api/discovery/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, AtomicList, SetList, StringMap } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference } from "../../core/v1/reference.js";

const P = "io.k8s.api.discovery.v1";

export const EndpointConditions = Struct(
  {
    ready: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint.",
    }),
    serving: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint.",
    }),
    terminating: Type.Boolean({
      "x-proto-pointer": true,
      description: "terminating indicates that this endpoint is terminating.",
    }),
  },
  {
    $id: `${P}.EndpointConditions`,
    description: "EndpointConditions represents the current condition of an endpoint.",
    "x-proto": { ready: 1, serving: 2, terminating: 3 },
  },
);

export const ForZone = Struct(
  { name: Type.String({ description: "name represents the name of the zone." }) },
  {
    $id: `${P}.ForZone`,
    required: ["name"],
    description: "ForZone provides information about which zones should consume this endpoint.",
    "x-proto": { name: 1 },
  },
);

export const ForNode = Struct(
  { name: Type.String({ description: "name represents the name of the node." }) },
  {
    $id: `${P}.ForNode`,
    required: ["name"],
    description: "ForNode provides information about which nodes should consume this endpoint.",
    "x-proto": { name: 1 },
  },
);

export const EndpointHints = Struct(
  {
    forZones: AtomicList(ForZone, {
      description:
        "forZones indicates the zone(s) this endpoint should be consumed by when using topology aware routing.",
    }),
    forNodes: AtomicList(ForNode, {
      description:
        "forNodes indicates the node(s) this endpoint should be consumed by when using topology aware routing.",
    }),
  },
  {
    $id: `${P}.EndpointHints`,
    description: "EndpointHints provides hints describing how an endpoint should be consumed.",
    "x-proto": { forZones: 1, forNodes: 2 },
  },
);

export const Endpoint = Struct(
  {
    addresses: SetList(Type.String(), { description: "addresses of this endpoint." }),
    conditions: Field(
      EndpointConditions,
      "conditions contains information about the current status of the endpoint.",
    ),
    hostname: Type.String({ "x-proto-pointer": true, description: "hostname of this endpoint." }),
    targetRef: Field(
      ObjectReference,
      "targetRef is a reference to a Kubernetes object that represents this endpoint.",
    ),
    deprecatedTopology: StringMap({
      description: "deprecatedTopology contains topology information part of the v1beta1 API.",
    }),
    nodeName: Type.String({
      "x-proto-pointer": true,
      description: "nodeName represents the name of the Node hosting this endpoint.",
    }),
    zone: Type.String({
      "x-proto-pointer": true,
      description: "zone is the name of the Zone this endpoint exists in.",
    }),
    hints: Field(
      EndpointHints,
      "hints contains information associated with how an endpoint should be consumed.",
    ),
  },
  {
    $id: `${P}.Endpoint`,
    required: ["addresses"],
    description: 'Endpoint represents a single logical "backend" implementing a service.',
    "x-proto": {
      addresses: 1,
      conditions: 2,
      hostname: 3,
      targetRef: 4,
      deprecatedTopology: 5,
      nodeName: 6,
      zone: 7,
      hints: 8,
    },
  },
);

export const EndpointPort = Struct(
  {
    name: Type.String({ "x-proto-pointer": true, description: "name represents the name of this port." }),
    protocol: Type.String({
      "x-proto-pointer": true,
      description: "protocol represents the IP protocol for this port.",
    }),
    port: Int32({ "x-proto-pointer": true, description: "port represents the port number of the endpoint." }),
    appProtocol: Type.String({
      "x-proto-pointer": true,
      description: "The application protocol for this port.",
    }),
  },
  {
    $id: `${P}.EndpointPort`,
    description: "EndpointPort represents a Port used by an EndpointSlice",
    "x-proto": { name: 1, protocol: 2, port: 3, appProtocol: 4 },
    "x-kubernetes-map-type": "atomic",
  },
);

export const EndpointSlice = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "Standard object's metadata."),
    addressType: Type.String({
      description: "addressType specifies the type of address carried by this EndpointSlice.",
    }),
    endpoints: AtomicList(Endpoint, {
      description: "endpoints is a list of unique endpoints in this slice.",
    }),
    ports: AtomicList(EndpointPort, {
      description: "ports specifies the list of network ports exposed by each endpoint in this slice.",
    }),
  },
  {
    $id: `${P}.EndpointSlice`,
    required: ["addressType", "endpoints"],
    description: "EndpointSlice represents a set of service endpoints.",
    "x-proto": { metadata: 1, addressType: 4, endpoints: 2, ports: 3 },
  },
);
export type EndpointSlice = Static<typeof EndpointSlice>;
