// Node: the kind and its cluster-scoped `nodes` resource (status written by the kubelet).
import type { Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { NodeSpec, NodeStatus, type Taint } from "./node-types.js";
import type { KubeObject } from "../../meta/v1/types.js";
import type { ResourceType, PrinterColumn } from "../../registry.js";
import {
  type FieldError,
  Path,
  required,
  invalid,
  duplicate,
  forbidden,
  notSupported,
} from "../../validation/field.js";
import { isQualifiedName, isValidLabelValue } from "../../validation/names.js";
import { nameColumn, ageColumn } from "./columns.js";
import { applyResourceListDefaults } from "./volume-defaults.js";
import { supportedTaintEffects } from "./pod-validation.js";
import { isValidCIDRForLegacyField, parseCIDR } from "../../validation/ip.js";
import { Field } from "../../schema.js";

export const Node = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(NodeSpec, "Spec defines the behavior of a node."),
    status: Field(
      NodeStatus,
      "Most recently observed status of the node. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.Node",
    description: "Node is a worker node in Kubernetes.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export type Node = Static<typeof Node>;

/** SetDefaults_NodeStatus: allocatable is capacity until the kubelet reports otherwise. */
export function applyNodeDefaults(node: Node): void {
  const status = node.status;
  if (status && status.allocatable === undefined && status.capacity !== undefined)
    status.allocatable = { ...status.capacity };
  applyResourceListDefaults(status?.capacity);
  applyResourceListDefaults(status?.allocatable);
}

/** validateNodeTaints: key a qualified name, value a label value, effect required and known, unique by key+effect. */
function validateNodeTaints(taints: Taint[], p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const ip = p.index(i);
    for (const m of isQualifiedName(t.key ?? "")) errs.push(invalid(ip.child("key").s, t.key, m));
    const valueErrs = isValidLabelValue(t.value ?? "");
    if (valueErrs.length) errs.push(invalid(ip.child("value").s, t.value, valueErrs.join(";")));
    if (!t.effect) errs.push(required(ip.child("effect").s));
    else if (!supportedTaintEffects.includes(t.effect))
      errs.push(notSupported(ip.child("effect").s, t.effect, supportedTaintEffects));
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) {
      // core.Taint, the internal struct: Go field names.
      const taint = { Key: t.key, Value: t.value ?? "", Effect: t.effect, TimeAdded: t.timeAdded ?? null };
      errs.push({ ...duplicate(ip.s, taint), detail: "taints must be unique by key and effect pair" });
      return;
    }
    seen.add(key);
  });
  return errs;
}

/** A CIDR ("10.42.0.0/24", "fd00::/64") as netutils.ParseCIDRSloppy parses it. */
export function isValidCIDR(s: string): boolean {
  return parseCIDR(s) !== null;
}

function validatePodCIDRs(cidrs: string[], errs: FieldError[]): void {
  const p = new Path("spec").child("podCIDRs");
  cidrs.forEach((c, i) => {
    errs.push(...isValidCIDRForLegacyField(p.index(i).s, c));
  });
  if (cidrs.length > 1) {
    const v4 = cidrs.filter((c) => !c.includes(":")).length;
    if (cidrs.length > 2 || v4 !== 1)
      errs.push(invalid(p.s, cidrs, "may specify no more than one CIDR for each IP family"));
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(duplicate(p.index(i).s, c));
      seen.add(c);
    });
  }
}

/** ValidateNode. Upstream reports taint errors under "metadata.taints" (sic), kept for fidelity. */
export function validateNode(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  const taints = node.spec?.taints ?? [];
  if (taints.length) errs.push(...validateNodeTaints(taints, new Path("metadata").child("taints")));
  if (node.spec?.podCIDRs?.length) validatePodCIDRs(node.spec.podCIDRs, errs);
  return errs;
}

const podCIDRImmutable = 'node updates may not change podCIDR except from "" to valid';

/** ValidateNodeUpdate: podCIDRs and providerID may only be set once; addresses unique. */
export function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs: FieldError[] = [];
  const addresses = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const k = `${a.type}\u0000${a.address}`;
    if (addresses.has(k)) errs.push(duplicate(new Path("status").child("addresses").index(i).s, a));
    addresses.add(k);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden("spec.podCIDRs", podCIDRImmutable));
    else
      oldCIDRs.forEach((c, i) => {
        if (c !== newCIDRs[i]) errs.push(forbidden("spec.podCIDRs", podCIDRImmutable));
      });
  }
  const oldProvider = old.spec?.providerID ?? "";
  if (oldProvider && oldProvider !== (node.spec?.providerID ?? ""))
    errs.push(forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  const taints = node.spec?.taints ?? [];
  if (taints.length) errs.push(...validateNodeTaints(taints, new Path("metadata").child("taints")));
  if ((node.spec?.externalID ?? "") !== (old.spec?.externalID ?? ""))
    errs.push(forbidden("spec.externalID", "may not be updated"));
  return errs;
}

const labelNodeRolePrefix = "node-role.kubernetes.io/";
const nodeLabelRole = "kubernetes.io/role";

/** Roles from node-role.kubernetes.io/<role> labels and the kubernetes.io/role label, sorted. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role) roles.add(role);
    } else if (k === nodeLabelRole && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

/** "Ready", "NotReady", "Unknown", plus ",SchedulingDisabled" when cordoned. */
export function nodeStatusCell(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === "Ready");
  if (ready) status.push(ready.status === "True" ? "Ready" : "NotReady");
  else status.push("Unknown");
  if (node.spec?.unschedulable) status.push("SchedulingDisabled");
  return status.join(",");
}

const address = (node: Node, type: string) =>
  (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? "<none>";
const orUnknown = (s: string | undefined) => (s ? s : "<unknown>");

export const nodeColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    priority: 0,
    description: "The status of the node",
    cell: (n: Node) => nodeStatusCell(n),
  },
  {
    name: "Roles",
    type: "string",
    priority: 0,
    description: "The roles of the node",
    cell: (n: Node) => findNodeRoles(n).join(",") || "<none>",
  },
  ageColumn,
  {
    name: "Version",
    type: "string",
    priority: 0,
    description: "Kubelet Version reported by the node.",
    cell: (n: Node) => n.status?.nodeInfo?.kubeletVersion ?? "",
  },
  {
    name: "Internal-IP",
    type: "string",
    priority: 1,
    description: "List of addresses reachable to the node.",
    cell: (n: Node) => address(n, "InternalIP"),
  },
  {
    name: "External-IP",
    type: "string",
    priority: 1,
    description: "List of addresses reachable to the node.",
    cell: (n: Node) => address(n, "ExternalIP"),
  },
  {
    name: "OS-Image",
    type: "string",
    priority: 1,
    description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    cell: (n: Node) => orUnknown(n.status?.nodeInfo?.osImage),
  },
  {
    name: "Kernel-Version",
    type: "string",
    priority: 1,
    description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    cell: (n: Node) => orUnknown(n.status?.nodeInfo?.kernelVersion),
  },
  {
    name: "Container-Runtime",
    type: "string",
    priority: 1,
    description:
      "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    cell: (n: Node) => orUnknown(n.status?.nodeInfo?.containerRuntimeVersion),
  },
];

export const nodes: ResourceType<Node & KubeObject> = {
  group: "",
  version: "v1",
  kind: "Node",
  plural: "nodes",
  singular: "node",
  namespaced: false,
  shortNames: ["no"],
  schema: Node,
  status: true,
  keepStatusOnCreate: true,
  extraSubresources: [
    {
      name: "proxy",
      kind: "NodeProxyOptions",
      verbs: ["create", "delete", "get", "patch", "update"],
    },
  ],
  defaults: (node) => applyNodeDefaults(node),
  // A node registers with its status (the kubelet creates it), so create keeps status.
  prepareForUpdate: (node, old) => {
    node.status = old.status;
  },
  validate: (node) => validateNode(node),
  validateUpdate: (node, old) => validateNodeUpdate(node, old),
  fieldSelectors: {
    "spec.unschedulable": (n) => String(n.spec?.unschedulable ?? false),
  },
  printerColumns: nodeColumns,
};
