// Service validation as upstream's ValidateService / ValidateServiceUpdate / ValidateServiceStatusUpdate
// (pkg/apis/core/validation/validation.go), with its messages and field paths.
import {
  type FieldError,
  invalid,
  required,
  forbidden,
  duplicate,
  notSupported,
} from "../../validation/field.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  validateLabels,
} from "../../validation/names.js";
import {
  isValidIP,
  isValidCIDR,
  validateNonSpecialIP,
  isIPv6String,
  parseIP,
  to4,
} from "../../validation/ip.js";
import { isValidPortName, isValidPortNum, validatePortNumOrName } from "../../validation/ports.js";

// Kept for importers of this module; defined in src/api/validation/ports.ts.
export { isValidPortName, validatePortNumOrName };
import type { Service, ServicePort, LoadBalancerStatus } from "./service-types.js";

const supportedProtocols = ["SCTP", "TCP", "UDP"];
const supportedTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const supportedAffinity = ["ClientIP", "None"];
const supportedTrafficPolicies = ["Cluster", "Local"];
const supportedIPFamilies = ["IPv4", "IPv6"];
const supportedIPFamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const supportedIPModes = ["Proxy", "VIP"];
const maxClientIPServiceAffinitySeconds = 86400;
const annotationTopologyHints = "service.kubernetes.io/topology-aware-hints";
const annotationTopologyMode = "service.kubernetes.io/topology-mode";
const annotationSourceRanges = "service.beta.kubernetes.io/load-balancer-source-ranges";

export const isHeadlessService = (s: Service): boolean =>
  s.spec?.clusterIPs?.length === 1 && s.spec.clusterIPs[0] === "None";

/** NodePort, LoadBalancer, or ClusterIP with external IPs (apiservice.ExternallyAccessible). */
export const externallyAccessible = (s: Service): boolean =>
  s.spec?.type === "LoadBalancer" ||
  s.spec?.type === "NodePort" ||
  (s.spec?.type === "ClusterIP" && (s.spec.externalIPs?.length ?? 0) > 0);

/** LoadBalancer with externalTrafficPolicy Local needs a health-check node port (apiservice.NeedsHealthCheck). */
export const needsHealthCheck = (s: Service): boolean =>
  s.spec?.type === "LoadBalancer" && s.spec.externalTrafficPolicy === "Local";

function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? "";
  if (requireName && name === "") errs.push(required(`${path}.name`));
  else if (name !== "") {
    for (const m of isDNS1123Label(name)) errs.push(invalid(`${path}.name`, name, m));
    if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
    else names.add(name);
  }
  for (const m of isValidPortNum(sp.port)) errs.push(invalid(`${path}.port`, sp.port, m));
  if (!sp.protocol) errs.push(required(`${path}.protocol`));
  else if (!supportedProtocols.includes(sp.protocol))
    errs.push(notSupported(`${path}.protocol`, sp.protocol, supportedProtocols));
  errs.push(...validatePortNumOrName(sp.targetPort, `${path}.targetPort`));
  if (sp.appProtocol !== undefined)
    for (const m of isQualifiedName(sp.appProtocol))
      errs.push(invalid(`${path}.appProtocol`, sp.appProtocol, m));
  return errs;
}

function validateClientIPAffinityConfig(svc: Service): FieldError[] {
  const path = "spec.sessionAffinityConfig";
  const detail = "when session affinity type is ClientIP";
  const cfg = svc.spec?.sessionAffinityConfig;
  if (!cfg) return [required(path, detail)];
  if (!cfg.clientIP) return [required(`${path}.clientIP`, detail)];
  const timeout = cfg.clientIP.timeoutSeconds;
  if (timeout === undefined) return [required(`${path}.clientIP.timeoutSeconds`, detail)];
  if (timeout <= 0 || timeout > maxClientIPServiceAffinitySeconds)
    return [
      invalid(
        `${path}.clientIP.timeoutSeconds`,
        timeout,
        `must be greater than 0 and less than ${maxClientIPServiceAffinitySeconds}`,
      ),
    ];
  return [];
}

/** ValidateServiceClusterIPsRelatedFields: clusterIP/clusterIPs agreement, families, policy, dual-stack. */
export function validateClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  const clusterIPs = "spec.clusterIPs";
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(required(clusterIPs));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalid(clusterIPs, ips, "first value must match `clusterIP`"));
  } else if (ips.length !== 0) {
    errs.push(invalid(clusterIPs, ips, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (!supportedIPFamilies.includes(f))
      errs.push(notSupported(`spec.ipFamilies[${i}]`, f, supportedIPFamilies));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && !supportedIPFamilyPolicies.includes(spec.ipFamilyPolicy))
    errs.push(notSupported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, supportedIPFamilyPolicies));
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid(clusterIPs, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const ipErrs = isValidIP(`${clusterIPs}[${i}]`, ip);
    if (ipErrs.length) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(invalid(clusterIPs, ips, "may only hold up to 2 values"));
  if (hasInvalidIPs) return errs;
  if (ips.length > 1) {
    const v6 = ips.filter((ip) => isIPv6String(ip)).length;
    if (v6 === 0 || v6 === ips.length)
      errs.push(invalid(clusterIPs, ips, "may specify no more than one IP for each IP family"));
  }
  const families = spec.ipFamilies ?? [];
  if (!isHeadlessService(svc) && ips.length > 0 && families.length > 0) {
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      const v6 = isIPv6String(ip);
      if (families[i] === "IPv4" && v6)
        errs.push(
          invalid(`${clusterIPs}[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      if (families[i] === "IPv6" && !v6)
        errs.push(
          invalid(`${clusterIPs}[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
    });
  }
  return errs;
}

function validateLoadBalancerClass(svc: Service, old?: Service): FieldError[] {
  const errs: FieldError[] = [];
  const path = "spec.loadBalancerClass";
  const cls = svc.spec?.loadBalancerClass;
  if (old && old.spec?.type === "LoadBalancer" && svc.spec?.type === "LoadBalancer") {
    if ((old.spec.loadBalancerClass ?? null) !== (cls ?? null))
      errs.push(invalid(path, cls ?? null, "may not change once set"));
  }
  if (svc.spec?.type === "LoadBalancer") {
    if (cls !== undefined) for (const m of isQualifiedName(cls)) errs.push(invalid(path, cls, m));
  } else if (cls !== undefined) {
    errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

/** ValidateService (metadata name/labels are checked by the API server). */
export function validateService(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? {};
  const annotations = svc.metadata.annotations ?? {};
  const hints = annotations[annotationTopologyHints];
  const mode = annotations[annotationTopologyMode];
  if (hints !== undefined && mode !== undefined && hints !== mode)
    errs.push(
      invalid(
        `metadata.annotations[${annotationTopologyMode}]`,
        mode,
        `must match annotations[${annotationTopologyHints}] when both are specified`,
      ),
    );
  const ports = spec.ports ?? [];
  const headless = isHeadlessService(svc);
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") errs.push(required("spec.ports"));
  switch (spec.type) {
    case "LoadBalancer":
    case "NodePort":
      if (headless)
        errs.push(
          invalid("spec.clusterIPs[0]", "None", `may not be set to 'None' for ${spec.type} services`),
        );
      break;
    case "ExternalName": {
      if ((spec.clusterIPs?.length ?? 0) > 0)
        errs.push(forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
      if ((spec.ipFamilies?.length ?? 0) > 0)
        errs.push(forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
      if (spec.ipFamilyPolicy !== undefined)
        errs.push(forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
      // A trailing dot marks the CNAME fully qualified.
      const cname = (spec.externalName ?? "").replace(/\.$/, "");
      if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(invalid("spec.externalName", cname, m));
      else errs.push(required("spec.externalName"));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (spec.selector) errs.push(...validateLabels(spec.selector, "spec.selector"));
  if (!spec.sessionAffinity) errs.push(required("spec.sessionAffinity"));
  else if (!supportedAffinity.includes(spec.sessionAffinity))
    errs.push(notSupported("spec.sessionAffinity", spec.sessionAffinity, supportedAffinity));
  if (spec.sessionAffinity === "ClientIP") errs.push(...validateClientIPAffinityConfig(svc));
  else if (spec.sessionAffinity === "None" && spec.sessionAffinityConfig)
    errs.push(forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  errs.push(...validateClusterIPsRelatedFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const ipErrs = isValidIP(path, ip);
    errs.push(...(ipErrs.length ? ipErrs : validateNonSpecialIP(ip, path)));
  });
  if (!spec.type) errs.push(required("spec.type"));
  else if (!supportedTypes.includes(spec.type))
    errs.push(notSupported("spec.type", spec.type, supportedTypes));
  if (spec.type === "ClusterIP")
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol}/${p.port}`;
    // The key is a core.ServicePort{Protocol, Port}, printed as the internal struct (Go field names).
    const shown = {
      Name: "",
      Protocol: p.protocol,
      AppProtocol: null,
      Port: p.port,
      TargetPort: 0,
      NodePort: 0,
    };
    if (portKeys.has(key)) errs.push(duplicate(`spec.ports[${i}]`, shown));
    portKeys.add(key);
  });
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    // Upstream's path really is capitalised here.
    const path = "spec.LoadBalancerSourceRanges";
    if (spec.type !== "LoadBalancer")
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => errs.push(...isValidCIDR(`${path}[${i}]`, r.trim())));
  } else if (annotations[annotationSourceRanges] !== undefined) {
    const path = `metadata.annotations[${annotationSourceRanges}]`;
    if (spec.type !== "LoadBalancer")
      errs.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    const val = annotations[annotationSourceRanges].trim();
    if (val !== "") for (const cidr of val.split(",")) errs.push(...isValidCIDR(path, cidr.trim()));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== "LoadBalancer")
    errs.push(
      forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"),
    );
  if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === undefined)
    errs.push(required("allocateLoadBalancerNodePorts"));
  errs.push(...validateLoadBalancerClass(svc));
  errs.push(...validateExternalTrafficPolicy(svc));
  if (spec.internalTrafficPolicy === undefined) {
    // Not forbidden on ExternalName for historical reasons.
    if (spec.type === "NodePort" || spec.type === "LoadBalancer" || spec.type === "ClusterIP")
      errs.push(required("spec.internalTrafficPolicy"));
  } else if (!supportedTrafficPolicies.includes(spec.internalTrafficPolicy)) {
    errs.push(
      notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, supportedTrafficPolicies),
    );
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== "PreferClose")
    errs.push(notSupported("spec.trafficDistribution", spec.trafficDistribution, ["PreferClose"]));
  return errs;
}

function validateExternalTrafficPolicy(svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const spec = svc.spec ?? {};
  const etp = spec.externalTrafficPolicy ?? "";
  if (!externallyAccessible(svc)) {
    if (etp !== "")
      errs.push(
        invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"),
      );
  } else if (etp === "") {
    errs.push(required("spec.externalTrafficPolicy"));
  } else if (!supportedTrafficPolicies.includes(etp)) {
    errs.push(notSupported("spec.externalTrafficPolicy", etp, supportedTrafficPolicies));
  }
  const hc = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(svc)) {
    if (hc !== 0)
      errs.push(
        invalid(
          "spec.healthCheckNodePort",
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
  } else if (hc === 0) {
    errs.push(required("spec.healthCheckNodePort"));
  } else {
    for (const m of isValidPortNum(hc)) errs.push(invalid("spec.healthCheckNodePort", hc, m));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === "ExternalName" || old.spec?.type === "ExternalName") return [];
  if (isHeadlessService(old) && isHeadlessService(svc)) return [];
  const errs: FieldError[] = [];
  const was = old.spec?.clusterIPs ?? [];
  const now = svc.spec?.clusterIPs ?? [];
  const path = "spec.clusterIPs";
  if (was.length === now.length) {
    was.forEach((ip, i) => {
      if (ip !== now[i]) errs.push(invalid(`${path}[${i}]`, now, "may not change once set"));
    });
  } else if (was.length > now.length) {
    if (now.length === 0) errs.push(invalid(`${path}[0]`, now, "primary clusterIP can not be unset"));
    if (was.length > 0 && now.length > 0 && now[0] !== was[0])
      errs.push(invalid(`${path}[0]`, now, "may not change once set"));
    if (now.length === 1 && svc.spec?.ipFamilyPolicy !== "SingleStack")
      errs.push(
        invalid(
          "spec.ipFamilyPolicy",
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
  } else if (was.length > 0 && now[0] !== was[0]) {
    errs.push(invalid(`${path}[0]`, now, "may not change once set"));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: Service, svc: Service): FieldError[] {
  if (svc.spec?.type === "ExternalName" || old.spec?.type === "ExternalName") return [];
  const oldHeadless = isHeadlessService(old);
  if (oldHeadless !== isHeadlessService(svc) || oldHeadless) return [];
  const errs: FieldError[] = [];
  const was = old.spec?.ipFamilies ?? [];
  const now = svc.spec?.ipFamilies ?? [];
  const path = "spec.ipFamilies[0]";
  if (was.length === now.length) {
    was.forEach((f, i) => {
      if (f !== now[i]) errs.push(invalid(path, now, "may not change once set"));
    });
  } else if (was.length > now.length) {
    if ((svc.spec?.clusterIPs?.length ?? 0) === 0)
      errs.push(invalid(path, now, "primary ipFamily can not be unset"));
    if (now.length > 0 && now[0] !== was[0])
      errs.push(invalid(path, svc.spec?.clusterIPs ?? [], "may not change once set"));
    if (now.length === 1 && svc.spec?.ipFamilyPolicy !== "SingleStack")
      errs.push(
        invalid(
          "spec.ipFamilyPolicy",
          svc.spec?.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
  } else if (was.length > 0 && now.length > 0 && now[0] !== was[0]) {
    errs.push(invalid(path, svc.spec?.clusterIPs ?? [], "may not change once set"));
  }
  return errs;
}

/** ValidateServiceUpdate: clusterIPs/ipFamilies stay put, loadBalancerClass and health-check port too. */
export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = [
    ...validateUpgradeDowngradeClusterIPs(old, svc),
    ...validateUpgradeDowngradeIPFamilies(old, svc),
    ...validateLoadBalancerClass(svc, old),
  ];
  if (
    needsHealthCheck(old) &&
    needsHealthCheck(svc) &&
    old.spec?.healthCheckNodePort !== svc.spec?.healthCheckNodePort
  )
    errs.push(forbidden("spec.healthCheckNodePort", "field is immutable"));
  return [...errs, ...validateService(svc)];
}

/** ValidateLoadBalancerStatus (services/status writes). */
export function validateLoadBalancerStatus(
  status: LoadBalancerStatus | undefined,
  svc: Service,
): FieldError[] {
  const errs: FieldError[] = [];
  const ingress = status?.ingress ?? [];
  const path = "status.loadBalancer.ingress";
  if (svc.spec?.type !== "LoadBalancer" && ingress.length !== 0)
    return [forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'")];
  ingress.forEach((ing, i) => {
    const p = `${path}[${i}]`;
    if (ing.ip) errs.push(...isValidIP(`${p}.ip`, ing.ip));
    if (ing.ipMode === undefined) {
      if (ing.ip) errs.push(required(`${p}.ipMode`, "must be specified when `ip` is set"));
    } else if (!ing.ip) {
      errs.push(forbidden(`${p}.ipMode`, "may not be specified when `ip` is not set"));
    } else if (!supportedIPModes.includes(ing.ipMode)) {
      errs.push(notSupported(`${p}.ipMode`, ing.ipMode, supportedIPModes));
    }
    if (ing.hostname) {
      for (const m of isDNS1123Subdomain(ing.hostname)) errs.push(invalid(`${p}.hostname`, ing.hostname, m));
      const ip = parseIP(ing.hostname);
      if (ip && (to4(ip.bytes) || ip.bytes.length === 16))
        errs.push(invalid(`${p}.hostname`, ing.hostname, "must be a DNS name, not an IP address"));
    }
  });
  return errs;
}

/** ValidateServiceStatusUpdate: only the load-balancer status is checked. */
export function validateServiceStatusUpdate(svc: Service): FieldError[] {
  return validateLoadBalancerStatus(svc.status?.loadBalancer, svc);
}
