// ingresses.networking.k8s.io: namespaced, status subresource, generation bumped on spec changes.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { Ingress } from "./types.js";
import { validateIngressCreate, validateIngressStatus, validateIngressUpdate } from "./ingress-validation.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = Ingress & KubeObject;
type Rule = NonNullable<NonNullable<Ingress["spec"]>["rules"]>[number];

/** HOSTS: up to three hosts, "+ N more...", "*" when no rule names a host. */
export function formatHosts(rules: Rule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${(rules ?? []).length - max} more...` : ret;
}

/** ADDRESS: unique load-balancer IPs (else hostnames), sorted, comma-joined (the server prints wide). */
export function formatIngressAddress(obj: Ingress): string {
  const set = new Set<string>();
  for (const i of obj.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip);
    else if (i.hostname) set.add(i.hostname);
  }
  return [...set].sort().join(",");
}

export const ingresses: ResourceType<Obj> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "Ingress",
  plural: "ingresses",
  singular: "ingress",
  namespaced: true,
  shortNames: ["ing"],
  schema: Ingress,
  status: true,
  generation: true,
  validate: (obj) => validateIngressCreate(obj),
  validateUpdate: (obj, old) => validateIngressUpdate(obj, old),
  printerColumns: [
    nameColumn,
    {
      name: "Class",
      type: "string",
      description: "The name of the IngressClass resource that should be used for additional configuration",
      priority: 0,
      cell: (o: Obj) => o.spec?.ingressClassName ?? "<none>",
    },
    {
      name: "Hosts",
      type: "string",
      description: "Hosts that incoming requests are matched against before the ingress rule",
      priority: 0,
      cell: (o: Obj) => formatHosts(o.spec?.rules),
    },
    {
      name: "Address",
      type: "string",
      description: "Address is a list containing ingress points for the load-balancer",
      priority: 0,
      cell: (o: Obj) => formatIngressAddress(o),
    },
    {
      name: "Ports",
      type: "string",
      description: "Ports of TLS configurations that open",
      priority: 0,
      cell: (o: Obj) => (o.spec?.tls?.length ? "80, 443" : "80"),
    },
    ageColumn,
  ],
};

/** Validation for writes to ingresses/status (the registry has no hook for it yet; see report). */
export { validateIngressStatus };
