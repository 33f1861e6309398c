// endpointslices.discovery.k8s.io: address types and formats, port defaults, generation also bumped by label changes.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import {
  type FieldError,
  duplicate,
  invalid,
  notSupported,
  required,
  tooMany,
} from "../../validation/field.js";
import { isDNS1123Label, isQualifiedName, validateLabels } from "../../validation/names.js";
import {
  isIPv4String,
  isIPv6String,
  isValidIPForLegacyField,
  validateEndpointIP,
} from "../../validation/ip.js";
import { isFullyQualifiedDomainName } from "../../validation/hostnames.js";

// Kept for importers of this module; defined in src/api/validation/hostnames.ts.
export { isFullyQualifiedDomainName };
import { EndpointSlice } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = EndpointSlice & KubeObject;
type Endpoint = EndpointSlice["endpoints"][number];
type Port = NonNullable<EndpointSlice["ports"]>[number];

const supportedAddressTypes = ["FQDN", "IPv4", "IPv6"];
/** "IP" was a v1beta1 type: still accepted on update of objects stored with it. */
const deprecatedAddressTypes = ["IP"];
const supportedPortProtocols = ["SCTP", "TCP", "UDP"];
const maxTopologyLabels = 16;
const maxAddresses = 100;
const maxPorts = 100;
const maxEndpoints = 1000;

function validateAddress(field: string, address: string, addressType: string): FieldError[] {
  // Unknown (deprecated) address types fall through unvalidated, as upstream.
  switch (addressType) {
    case "IPv4":
    case "IPv6": {
      const errs = isValidIPForLegacyField(field, address);
      if (errs.length) return errs;
      if (addressType === "IPv4" && !isIPv4String(address))
        errs.push(invalid(field, address, "must be an IPv4 address"));
      if (addressType === "IPv6" && !isIPv6String(address))
        errs.push(invalid(field, address, "must be an IPv6 address"));
      return [...errs, ...validateEndpointIP(field, address)];
    }
    case "FQDN":
      return isFullyQualifiedDomainName(field, address);
    default:
      return [];
  }
}

function validateEndpoints(endpoints: Endpoint[], addressType: string): FieldError[] {
  if (endpoints.length > maxEndpoints) return [tooMany("endpoints", endpoints.length, maxEndpoints)];
  const errs: FieldError[] = [];
  endpoints.forEach((ep, i) => {
    const path = `endpoints[${i}]`;
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(required(`${path}.addresses`, "must contain at least 1 address"));
    else if (addrs.length > maxAddresses) errs.push(tooMany(`${path}.addresses`, addrs.length, maxAddresses));
    addrs.forEach((a, j) => errs.push(...validateAddress(`${path}.addresses[${j}]`, a, addressType)));
    // deprecatedTopology is "topology" in the internal type upstream validates.
    const topology = ep.deprecatedTopology ?? {};
    const n = Object.keys(topology).length;
    if (n > maxTopologyLabels) errs.push(tooMany(`${path}.topology`, n, maxTopologyLabels));
    errs.push(...validateLabels(topology, `${path}.topology`));
    if (ep.hostname !== undefined)
      for (const m of isDNS1123Label(ep.hostname)) errs.push(invalid(`${path}.hostname`, ep.hostname, m));
  });
  return errs;
}

function validatePorts(ports: Port[]): FieldError[] {
  if (ports.length > maxPorts) return [tooMany("ports", ports.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = `ports[${i}]`;
    const name = port.name ?? "";
    if (name.length > 0) for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
    if (port.protocol === undefined) errs.push(required(`${path}.protocol`));
    else if (!supportedPortProtocols.includes(port.protocol))
      errs.push(notSupported(`${path}.protocol`, port.protocol, supportedPortProtocols));
    if (port.appProtocol !== undefined)
      for (const m of isQualifiedName(port.appProtocol))
        errs.push(invalid(`${path}.appProtocol`, port.appProtocol, m));
  });
  return errs;
}

function validate(obj: EndpointSlice, validAddressTypes: string[]): FieldError[] {
  const errs: FieldError[] = [];
  const t = obj.addressType ?? "";
  if (t === "") errs.push(required("addressType"));
  else if (!validAddressTypes.includes(t)) errs.push(notSupported("addressType", t, validAddressTypes));
  errs.push(...validateEndpoints(obj.endpoints ?? [], t));
  errs.push(...validatePorts(obj.ports ?? []));
  return errs;
}

export function validateEndpointSlice(obj: EndpointSlice): FieldError[] {
  return validate(obj, supportedAddressTypes);
}

export function validateEndpointSliceUpdate(obj: EndpointSlice, old: EndpointSlice): FieldError[] {
  const errs = validate(obj, [...supportedAddressTypes, ...deprecatedAddressTypes].sort());
  if (obj.addressType !== old.addressType)
    errs.push(invalid("addressType", obj.addressType, "field is immutable"));
  return errs;
}

export function defaultEndpointSlice(obj: EndpointSlice): void {
  for (const port of obj.ports ?? []) {
    port.name ??= "";
    port.protocol ??= "TCP";
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** v1 writes clear deprecatedTopology (unless the endpoints did not change), as upstream's dropTopologyOnV1. */
function dropTopology(obj: EndpointSlice, old?: EndpointSlice): void {
  if (old && same(old.endpoints, obj.endpoints)) return;
  for (const ep of obj.endpoints ?? []) delete ep.deprecatedTopology;
}

const listWithMore = (list: string[], more: boolean, count: number, max: number) =>
  more ? `${list.join(",")} + ${count - max} more...` : list.join(",") || "<unset>";

/** PORTS: up to three port numbers (or names, or "*"), then "+ N more...". */
export function formatDiscoveryPorts(ports: Port[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const p of ports ?? []) {
    if (list.length < max)
      list.push(p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : "*");
    else if (list.length === max) more = true;
    count++;
  }
  return listWithMore(list, more, count, max);
}

/** ENDPOINTS: up to three addresses across all endpoints, then "+ N more...". */
export function formatDiscoveryEndpoints(endpoints: Endpoint[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? [])
    for (const a of ep.addresses ?? []) {
      if (list.length < max) list.push(a);
      else if (list.length === max) more = true;
      count++;
    }
  return listWithMore(list, more, count, max);
}

export const endpointSlices: ResourceType<Obj> = {
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  plural: "endpointslices",
  singular: "endpointslice",
  namespaced: true,
  schema: EndpointSlice,
  generation: true,
  defaults: defaultEndpointSlice,
  prepareForCreate: (obj) => dropTopology(obj),
  prepareForUpdate: (obj, old) => {
    // Upstream bumps the generation for label changes too (controllers key on the service label).
    if (!same(obj.metadata.labels, old.metadata.labels))
      obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
    dropTopology(obj, old);
  },
  validate: validateEndpointSlice,
  validateUpdate: validateEndpointSliceUpdate,
  printerColumns: [
    nameColumn,
    {
      name: "AddressType",
      type: "string",
      description: "addressType specifies the type of address carried by this EndpointSlice.",
      priority: 0,
      cell: (o: Obj) => o.addressType ?? "",
    },
    {
      name: "Ports",
      type: "string",
      description: "ports specifies the list of network ports exposed by each endpoint in this slice.",
      priority: 0,
      cell: (o: Obj) => formatDiscoveryPorts(o.ports),
    },
    {
      name: "Endpoints",
      type: "string",
      description: "endpoints is a list of unique endpoints in this slice.",
      priority: 0,
      cell: (o: Obj) => formatDiscoveryEndpoints(o.endpoints),
    },
    ageColumn,
  ],
};
