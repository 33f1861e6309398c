// networkpolicies.networking.k8s.io: policyTypes default from the rules present, ports default to TCP.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, forbidden, invalid, notSupported, required } from "../../validation/field.js";
import { isValidPortName, isValidPortNum } from "../../validation/ports.js";
import { cidrContainsNetwork, isValidCIDRForLegacyField, parseCIDR } from "../../validation/ip.js";
import { formatLabelSelector, validateLabelSelector } from "../../validation/labelselector.js";
import { NetworkPolicy } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = NetworkPolicy & KubeObject;
type Spec = NonNullable<NetworkPolicy["spec"]>;
type Port = NonNullable<NonNullable<Spec["ingress"]>[number]["ports"]>[number];
type Peer = NonNullable<NonNullable<Spec["ingress"]>[number]["from"]>[number];

interface Options {
  allowInvalidLabelValueInSelector: boolean;
  /** CIDRs already stored in the old object stay valid on update. */
  allowCIDRs: string[];
}

const protocols = ["TCP", "UDP", "SCTP"];

function validatePort(port: Port, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !protocols.includes(port.protocol))
    errs.push(notSupported(`${path}.protocol`, port.protocol, protocols));
  if (port.port !== undefined) {
    if (typeof port.port === "number") {
      for (const m of isValidPortNum(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
      if (port.endPort !== undefined) {
        if (port.endPort < port.port)
          errs.push(invalid(`${path}.endPort`, port.endPort, "must be greater than or equal to `port`"));
        for (const m of isValidPortNum(port.endPort)) errs.push(invalid(`${path}.endPort`, port.endPort, m));
      }
    } else {
      if (port.endPort !== undefined)
        errs.push(
          invalid(`${path}.endPort`, port.endPort, "may not be specified when `port` is non-numeric"),
        );
      for (const m of isValidPortName(port.port)) errs.push(invalid(`${path}.port`, port.port, m));
    }
  } else if (port.endPort !== undefined) {
    errs.push(invalid(`${path}.endPort`, port.endPort, "may not be specified when `port` is not specified"));
  }
  return errs;
}

function validateIPBlock(ipb: NonNullable<Peer["ipBlock"]>, path: string, opts: Options): FieldError[] {
  if (!ipb.cidr) return [required(`${path}.cidr`)];
  const errs = isValidCIDRForLegacyField(`${path}.cidr`, ipb.cidr, opts.allowCIDRs);
  const cidr = parseCIDR(ipb.cidr);
  if (!cidr) return errs;
  (ipb.except ?? []).forEach((e, i) => {
    const p = `${path}.except[${i}]`;
    errs.push(...isValidCIDRForLegacyField(p, e, opts.allowCIDRs));
    const except = parseCIDR(e);
    if (!except) return;
    if (!cidrContainsNetwork(cidr, except) || cidr.bits >= except.bits)
      errs.push(invalid(p, e, "must be a strict subset of `cidr`"));
  });
  return errs;
}

function validatePeer(peer: Peer, path: string, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  if (peer.podSelector) {
    n++;
    errs.push(
      ...validateLabelSelector(
        peer.podSelector,
        `${path}.podSelector`,
        opts.allowInvalidLabelValueInSelector,
      ),
    );
  }
  if (peer.namespaceSelector) {
    n++;
    errs.push(
      ...validateLabelSelector(
        peer.namespaceSelector,
        `${path}.namespaceSelector`,
        opts.allowInvalidLabelValueInSelector,
      ),
    );
  }
  if (peer.ipBlock) {
    n++;
    errs.push(...validateIPBlock(peer.ipBlock, `${path}.ipBlock`, opts));
  }
  if (n === 0) errs.push(required(path, "must specify a peer"));
  else if (n > 1 && peer.ipBlock) errs.push(forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateSpec(spec: Spec, opts: Options): FieldError[] {
  const errs = validateLabelSelector(
    spec.podSelector,
    "spec.podSelector",
    opts.allowInvalidLabelValueInSelector,
  );
  (spec.ingress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, `spec.ingress[${i}].ports[${j}]`)));
    (rule.from ?? []).forEach((p, j) => errs.push(...validatePeer(p, `spec.ingress[${i}].from[${j}]`, opts)));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, `spec.egress[${i}].ports[${j}]`)));
    (rule.to ?? []).forEach((p, j) => errs.push(...validatePeer(p, `spec.egress[${i}].to[${j}]`, opts)));
  });
  const types = spec.policyTypes ?? [];
  const allowed = ["Ingress", "Egress"];
  if (types.length > allowed.length) {
    errs.push(invalid("spec.policyTypes", types, "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (!allowed.includes(t)) errs.push(notSupported(`spec.policyTypes[${i}]`, t, allowed));
  });
  return errs;
}

function storedCIDRs(old: NetworkPolicy): string[] {
  const peers = [
    ...(old.spec?.ingress ?? []).flatMap((r) => r.from ?? []),
    ...(old.spec?.egress ?? []).flatMap((r) => r.to ?? []),
  ];
  return peers.flatMap((p) => (p.ipBlock ? [p.ipBlock.cidr, ...(p.ipBlock.except ?? [])] : []));
}

export function validateNetworkPolicy(obj: NetworkPolicy): FieldError[] {
  return validateSpec(obj.spec ?? { podSelector: {} }, {
    allowInvalidLabelValueInSelector: false,
    allowCIDRs: [],
  });
}

export function validateNetworkPolicyUpdate(obj: NetworkPolicy, old: NetworkPolicy): FieldError[] {
  return validateSpec(obj.spec ?? { podSelector: {} }, {
    // Upstream relaxes selector value checks when the stored podSelector is already invalid.
    allowInvalidLabelValueInSelector: validateLabelSelector(old.spec?.podSelector, "").length > 0,
    allowCIDRs: storedCIDRs(old),
  });
}

export function defaultNetworkPolicy(obj: NetworkPolicy): void {
  const spec = (obj.spec ??= { podSelector: {} });
  if (!spec.policyTypes?.length) {
    // Every policy affects ingress; it affects egress too when it has egress rules.
    spec.policyTypes = spec.egress?.length ? ["Ingress", "Egress"] : ["Ingress"];
  }
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
    for (const port of rule.ports ?? []) port.protocol ??= "TCP";
}

export const networkPolicies: ResourceType<Obj> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "NetworkPolicy",
  plural: "networkpolicies",
  singular: "networkpolicy",
  namespaced: true,
  shortNames: ["netpol"],
  schema: NetworkPolicy,
  generation: true,
  defaults: defaultNetworkPolicy,
  validate: validateNetworkPolicy,
  validateUpdate: validateNetworkPolicyUpdate,
  printerColumns: [
    nameColumn,
    {
      name: "Pod-Selector",
      type: "string",
      description: "podSelector selects the pods to which this NetworkPolicy object applies.",
      priority: 0,
      cell: (o: Obj) => formatLabelSelector(o.spec?.podSelector ?? {}),
    },
    ageColumn,
  ],
};
