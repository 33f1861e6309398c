// Endpoints: the kind and its `endpoints` resource (SetDefaults_Endpoints, ValidateEndpoints, columns).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Int32, AtomicList } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference } from "./reference.js";
import type { ResourceType } from "../../registry.js";
import { type FieldError, invalid, required, notSupported } from "../../validation/field.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "../../validation/names.js";
import { isValidIP, validateNonSpecialIP } from "../../validation/ip.js";
import { isValidPortNum } from "../../validation/ports.js";
import { nameColumn, ageColumn } from "./columns.js";

export const EndpointAddress = Struct(
  {
    ip: Type.String({ description: "The IP of this endpoint." }),
    hostname: Type.String({ description: "The Hostname of this endpoint" }),
    nodeName: Type.String({ "x-proto-pointer": true, description: "Optional: Node hosting this endpoint." }),
    targetRef: Field(ObjectReference, "Reference to object providing the endpoint."),
  },
  {
    $id: "io.k8s.api.core.v1.EndpointAddress",
    required: ["ip"],
    description: "EndpointAddress is a tuple that describes single IP address.",
    "x-proto": { ip: 1, hostname: 3, nodeName: 4, targetRef: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type EndpointAddress = Static<typeof EndpointAddress>;

export const EndpointPort = Struct(
  {
    name: Type.String({ description: "The name of this port." }),
    port: Int32({ description: "The port number of the endpoint." }),
    protocol: Type.String({ description: "The IP protocol for this port." }),
    appProtocol: Type.String({
      "x-proto-pointer": true,
      description: "The application protocol for this port.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.EndpointPort",
    required: ["port"],
    description: "EndpointPort is a tuple that describes a single port.",
    "x-proto": { name: 1, port: 2, protocol: 3, appProtocol: 4 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type EndpointPort = Static<typeof EndpointPort>;

export const EndpointSubset = Struct(
  {
    addresses: AtomicList(EndpointAddress, {
      description: "IP addresses which offer the related ports that are marked as ready.",
    }),
    notReadyAddresses: AtomicList(EndpointAddress, {
      description:
        "IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.",
    }),
    ports: AtomicList(EndpointPort, { description: "Port numbers available on the related IP addresses." }),
  },
  {
    $id: "io.k8s.api.core.v1.EndpointSubset",
    description: "EndpointSubset is a group of addresses with a common set of ports.",
    "x-proto": { addresses: 1, notReadyAddresses: 2, ports: 3 },
  },
);
export type EndpointSubset = Static<typeof EndpointSubset>;

export const Endpoints = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    subsets: AtomicList(EndpointSubset, {
      description: "The set of all endpoints is the union of all subsets.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.Endpoints",
    description: "Endpoints is a collection of endpoints that implement the actual service.",
    "x-proto": { metadata: 1, subsets: 2 },
  },
);
export type Endpoints = Static<typeof Endpoints> & KubeObject;

const supportedProtocols = ["SCTP", "TCP", "UDP"];

function validateEndpointAddress(addr: EndpointAddress, path: string): FieldError[] {
  const errs = isValidIP(`${path}.ip`, addr.ip);
  if (addr.hostname)
    for (const m of isDNS1123Label(addr.hostname)) errs.push(invalid(`${path}.hostname`, addr.hostname, m));
  if (addr.nodeName !== undefined)
    for (const m of isDNS1123Subdomain(addr.nodeName))
      errs.push(invalid(`${path}.nodeName`, addr.nodeName, m));
  errs.push(...validateNonSpecialIP(addr.ip, `${path}.ip`));
  return errs;
}

function validateEndpointPort(port: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? "";
  if (requireName && name === "") errs.push(required(`${path}.name`));
  else if (name !== "") for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
  for (const m of isValidPortNum(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
  if (!port.protocol) errs.push(required(`${path}.protocol`));
  else if (!supportedProtocols.includes(port.protocol))
    errs.push(notSupported(`${path}.protocol`, port.protocol, supportedProtocols));
  if (port.appProtocol !== undefined)
    for (const m of isQualifiedName(port.appProtocol))
      errs.push(invalid(`${path}.appProtocol`, port.appProtocol, m));
  return errs;
}

/** ValidateEndpoints (create and update; metadata is checked by the API server). */
export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs: FieldError[] = [];
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    const ready = ss.addresses ?? [];
    const notReady = ss.notReadyAddresses ?? [];
    // Headless services may have no ports, but every subset needs an address.
    if (ready.length === 0 && notReady.length === 0)
      errs.push(required(p, "must specify `addresses` or `notReadyAddresses`"));
    ready.forEach((a, j) => errs.push(...validateEndpointAddress(a, `${p}.addresses[${j}]`)));
    notReady.forEach((a, j) => errs.push(...validateEndpointAddress(a, `${p}.notReadyAddresses[${j}]`)));
    const ports = ss.ports ?? [];
    ports.forEach((port, j) =>
      errs.push(...validateEndpointPort(port, ports.length > 1, `${p}.ports[${j}]`)),
    );
  });
  return errs;
}

/** net.JoinHostPort: IPv6 hosts in brackets. */
const joinHostPort = (host: string, port: number) =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;

/** formatEndpoints: up to three "ip:port" entries, then " + N more...", "<none>" when empty. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    // Headless services may publish addresses without ports.
    const ports = ss.ports?.length ? ss.ports.map((p) => p.port) : [undefined];
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(port === undefined ? a.ip : joinHostPort(a.ip, port));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpoints: ResourceType<Endpoints> = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  plural: "endpoints",
  singular: "endpoints",
  namespaced: true,
  shortNames: ["ep"],
  schema: Endpoints,
  defaults: (ep) => {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = "TCP";
  },
  validate: validateEndpoints,
  printerColumns: [
    nameColumn,
    {
      name: "Endpoints",
      type: "string",
      priority: 0,
      description: "The set of all endpoints is the union of all subsets.",
      cell: (ep: Endpoints) => formatEndpoints(ep),
    },
    ageColumn,
  ],
};
