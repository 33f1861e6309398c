// The `services` resource: defaults (SetDefaults_Service), strategy (pkg/registry/core/service), columns
// (printService). Cluster IP, node port and IP family allocation happen in the API server's allocator.
import type { ResourceType, PrinterColumn } from "../../registry.js";
import { nameIsDNS1035Label } from "../../validation/names.js";
import { nameColumn, ageColumn } from "./columns.js";
import type { Service, ServicePort } from "./service-types.js";
import { Service as ServiceSchema } from "./service-types.js";
import { externallyAccessible, validateService, validateServiceUpdate } from "./service-validation.js";

export * from "./service-types.js";
export {
  validateService,
  validateServiceUpdate,
  validateServiceStatusUpdate,
  validateLoadBalancerStatus,
  isHeadlessService,
  externallyAccessible,
  needsHealthCheck,
} from "./service-validation.js";

/** ClientIP affinity lasts three hours unless set (v1.DefaultClientIPServiceAffinitySeconds). */
export const defaultClientIPServiceAffinitySeconds = 10800;

/** SetDefaults_Service. */
export function defaultService(svc: Service): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (
    spec.sessionAffinity === "ClientIP" &&
    spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  )
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultClientIPServiceAffinitySeconds } };
  if (!spec.type) spec.type = "ClusterIP";
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = "TCP";
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === "") p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (
    spec.internalTrafficPolicy === undefined &&
    ["NodePort", "LoadBalancer", "ClusterIP"].includes(spec.type)
  )
    spec.internalTrafficPolicy = "Cluster";
  if (spec.type === "LoadBalancer") {
    spec.allocateLoadBalancerNodePorts ??= true;
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = "VIP";
  }
}

const sameList = (a: string[] | undefined, b: string[] | undefined) =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);
const needsClusterIP = (s: Service) => s.spec?.type !== "ExternalName";
const needsNodePort = (s: Service) => s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer";
const needsHCNodePort = (s: Service) =>
  s.spec?.type === "LoadBalancer" && s.spec.externalTrafficPolicy === "Local";

/** NormalizeClusterIPs: keep the singular and plural cluster IP fields in step for old and new clients. */
export function normalizeClusterIPs(svc: Service, old?: Service): void {
  const spec = (svc.spec ??= {});
  if (!old) {
    if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const was = old.spec ?? {};
  if (was.clusterIPs?.length && !spec.clusterIPs?.length && was.clusterIP === spec.clusterIP)
    spec.clusterIPs = was.clusterIPs;
  if ((was.clusterIP ?? "") !== (spec.clusterIP ?? "")) {
    if (was.clusterIP && !spec.clusterIP) {
      if (sameList(was.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameList(was.clusterIPs, spec.clusterIPs) && spec.clusterIP) {
      spec.clusterIPs = [spec.clusterIP];
    }
  }
}

/** patchAllocatedValues: a resubmitted manifest keeps the IPs and ports the server allocated. */
function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const was = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && was.clusterIP) spec.clusterIP = was.clusterIP;
    if (!spec.clusterIPs?.length && was.clusterIPs?.length) spec.clusterIPs = was.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const used = new Set((spec.ports ?? []).map((p) => p.nodePort).filter(Boolean));
    const byName = new Map<string, number | undefined>();
    for (const p of was.ports ?? []) byName.set(p.name ?? "", p.nodePort);
    for (const p of spec.ports ?? []) {
      const np = byName.get(p.name ?? "");
      // Only reuse a node port the user did not already claim elsewhere in the new spec.
      if (!p.nodePort && np && !used.has(np)) p.nodePort = np;
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(svc) && !spec.healthCheckNodePort && was.healthCheckNodePort)
    spec.healthCheckNodePort = was.healthCheckNodePort;
}

/** dropTypeDependentFields: switching type releases what the old type had allocated (if unchanged). */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const was = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if ((was.clusterIP ?? "") === (spec.clusterIP ?? "") && sameList(was.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameList(was.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if ((was.ipFamilyPolicy ?? "") === (spec.ipFamilyPolicy ?? "")) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: Service) => new Set((s.spec?.ports ?? []).map((p) => p.nodePort).filter(Boolean));
  const oldPorts = nodePorts(old);
  if (needsNodePort(old) && !needsNodePort(svc) && [...nodePorts(svc)].every((p) => oldPorts.has(p)))
    for (const p of spec.ports ?? []) delete p.nodePort;
  if (needsHCNodePort(old) && !needsHCNodePort(svc) && was.healthCheckNodePort === spec.healthCheckNodePort)
    delete spec.healthCheckNodePort;
  if (was.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      was.allocateLoadBalancerNodePorts === spec.allocateLoadBalancerNodePorts
    )
      delete spec.allocateLoadBalancerNodePorts;
    if ((was.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
}

/** trimFieldsForDualStackDowngrade: switching a dual-stack service to SingleStack drops the secondary. */
function trimFieldsForDualStackDowngrade(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const wasDual =
    old.spec?.ipFamilyPolicy === "RequireDualStack" || old.spec?.ipFamilyPolicy === "PreferDualStack";
  if (wasDual && spec.ipFamilyPolicy === "SingleStack") {
    if ((spec.clusterIPs?.length ?? 0) > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
    if ((spec.ipFamilies?.length ?? 0) > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
  }
}

/** makePortString: "80/TCP", "80:30080/TCP", comma separated. */
export function servicePortsCell(ports: ServicePort[] | undefined): string {
  const s = (ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(",");
  return s || "<none>";
}

/** getServiceExternalIP as the API server prints it (its tables are always generated "wide"). */
export function serviceExternalIPCell(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case "ClusterIP":
    case "NodePort":
      return external.length ? external.join(",") : "<none>";
    case "LoadBalancer": {
      const lb = [
        ...new Set(
          (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || "").filter(Boolean),
        ),
      ].sort();
      if (external.length) return [...lb, ...external].join(",");
      return lb.length ? lb.join(",") : "<pending>";
    }
    case "ExternalName":
      return spec.externalName ?? "";
  }
  return "<unknown>";
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(",") : "<none>";
}

const serviceColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Type",
    type: "string",
    priority: 0,
    description: "type determines how the Service is exposed.",
    cell: (s: Service) => s.spec?.type ?? "",
  },
  {
    name: "Cluster-IP",
    type: "string",
    priority: 0,
    description: "clusterIP is the IP address of the service and is usually assigned randomly.",
    cell: (s: Service) => s.spec?.clusterIPs?.[0] ?? "<none>",
  },
  {
    name: "External-IP",
    type: "string",
    priority: 0,
    description:
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.",
    cell: (s: Service) => serviceExternalIPCell(s),
  },
  {
    name: "Port(s)",
    type: "string",
    priority: 0,
    description: "The list of ports that are exposed by this service.",
    cell: (s: Service) => servicePortsCell(s.spec?.ports),
  },
  ageColumn,
  {
    name: "Selector",
    type: "string",
    priority: 1,
    description: "Route service traffic to pods with label keys and values matching this selector.",
    cell: (s: Service) => formatLabels(s.spec?.selector),
  },
];

export const services: ResourceType<Service> = {
  group: "",
  version: "v1",
  kind: "Service",
  plural: "services",
  singular: "service",
  namespaced: true,
  shortNames: ["svc"],
  categories: ["all"],
  schema: ServiceSchema,
  status: true,
  extraSubresources: [
    { name: "proxy", kind: "ServiceProxyOptions", verbs: ["create", "delete", "get", "patch", "update"] },
  ],
  nameValidator: nameIsDNS1035Label,
  defaults: defaultService,
  prepareForCreate: (svc) => {
    // A new Service has an empty load-balancer status, which upstream serializes as {loadBalancer: {}}.
    svc.status = { loadBalancer: {} };
    normalizeClusterIPs(svc);
  },
  prepareForUpdate: (svc, old) => {
    svc.status = old.status;
    patchAllocatedValues(svc, old);
    normalizeClusterIPs(svc, old);
    dropTypeDependentFields(svc, old);
    trimFieldsForDualStackDowngrade(svc, old);
  },
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  fieldSelectors: {
    "spec.clusterIP": (s) => s.spec?.clusterIP ?? "",
    "spec.type": (s) => s.spec?.type ?? "",
  },
  printerColumns: serviceColumns,
};
