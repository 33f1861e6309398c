// Ingress validation (pkg/apis/networking/validation): rules, paths, backends, TLS, status.
import { type FieldError, invalid, notSupported, required } from "../../validation/field.js";
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  nameIsDNSLabel,
  nameIsPathSegment,
} from "../../validation/names.js";
import { isValidIPForLegacyField, parseIP } from "../../validation/ip.js";
import { isValidPortName, isValidPortNum } from "../../validation/ports.js";
import { isWildcardDNS1123Subdomain } from "../../validation/hostnames.js";
import type { Ingress } from "./types.js";

type Spec = NonNullable<Ingress["spec"]>;
type Backend = NonNullable<Spec["defaultBackend"]>;
type Rule = NonNullable<Spec["rules"]>[number];

const supportedPathTypes = ["Exact", "ImplementationSpecific", "Prefix"];
const invalidPathSequences = ["//", "/./", "/../", "%2f", "%2F"];
const invalidPathSuffixes = ["/..", "/."];

interface Options {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
  /** Service names checked as DNS-1123 labels instead of DNS-1035 (for objects stored that way). */
  allowRelaxedServiceNameValidation: boolean;
}

/** Secret names are DNS subdomains; an empty name is allowed (the controller's default certificate). */
function validateTLSSecretName(name: string | undefined): string[] {
  return name ? isDNS1123Subdomain(name) : [];
}

function validateBackend(b: Backend, path: string, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  if (b.resource && b.service) return [invalid(path, "", "cannot set both resource and service backends")];
  if (b.resource) {
    const r = b.resource;
    const p = `${path}.resource`;
    if (r.apiGroup !== undefined)
      for (const m of isDNS1123Subdomain(r.apiGroup)) errs.push(invalid(`${p}.apiGroup`, r.apiGroup, m));
    if (!r.kind) errs.push(required(`${p}.kind`));
    else for (const m of nameIsPathSegment(r.kind, false)) errs.push(invalid(`${p}.kind`, r.kind, m));
    if (!r.name) errs.push(required(`${p}.name`));
    else for (const m of nameIsPathSegment(r.name, false)) errs.push(invalid(`${p}.name`, r.name, m));
    return errs;
  }
  if (b.service) {
    const s = b.service;
    if (!s.name) errs.push(required(`${path}.service.name`));
    else {
      const msgs = opts.allowRelaxedServiceNameValidation
        ? nameIsDNSLabel(s.name, false)
        : isDNS1035Label(s.name);
      for (const m of msgs) errs.push(invalid(`${path}.service.name`, s.name, m));
    }
    const portName = s.port?.name ?? "";
    const portNumber = s.port?.number ?? 0;
    if (portName && portNumber) errs.push(invalid(path, "", "cannot set both port name & port number"));
    else if (portName)
      for (const m of isValidPortName(portName)) errs.push(invalid(`${path}.service.port.name`, portName, m));
    else if (portNumber)
      for (const m of isValidPortNum(portNumber))
        errs.push(invalid(`${path}.service.port.number`, portNumber, m));
    else errs.push(required(path, "port name or number is required"));
    return errs;
  }
  return [invalid(path, "", "resource or service backend is required")];
}

function validateRuleValue(rule: Rule, path: string, opts: Options): FieldError[] {
  if (!rule.http) return [];
  const errs: FieldError[] = [];
  const http = `${path}.http`;
  if (!rule.http.paths?.length) errs.push(required(`${http}.paths`));
  (rule.http.paths ?? []).forEach((p, i) => {
    const pp = `${http}.paths[${i}]`;
    const value = p.path ?? "";
    if (p.pathType === undefined) {
      errs.push(required(`${pp}.pathType`, "pathType must be specified"));
      return;
    }
    switch (p.pathType) {
      case "Exact":
      case "Prefix":
        if (!value.startsWith("/")) errs.push(invalid(`${pp}.path`, value, "must be an absolute path"));
        if (value.length > 0) {
          for (const seq of invalidPathSequences)
            if (value.includes(seq)) errs.push(invalid(`${pp}.path`, value, `must not contain '${seq}'`));
          for (const suf of invalidPathSuffixes)
            if (value.endsWith(suf)) errs.push(invalid(`${pp}.path`, value, `cannot end with '${suf}'`));
        }
        break;
      case "ImplementationSpecific":
        if (value.length > 0 && !value.startsWith("/"))
          errs.push(invalid(`${pp}.path`, value, "must be an absolute path"));
        break;
      default:
        errs.push(notSupported(`${pp}.pathType`, p.pathType, supportedPathTypes));
    }
    errs.push(...validateBackend(p.backend, `${pp}.backend`, opts));
  });
  return errs;
}

function validateRules(rules: Rule[], opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  rules.forEach((rule, i) => {
    const path = `spec.rules[${i}]`;
    let wildcard = false;
    const host = rule.host ?? "";
    if (host.length > 0) {
      if (parseIP(host) !== undefined)
        errs.push(invalid(`${path}.host`, host, "must be a DNS name, not an IP address"));
      if (host.includes("*")) {
        for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(`${path}.host`, host, m));
        wildcard = true;
      } else {
        for (const m of isDNS1123Subdomain(host)) errs.push(invalid(`${path}.host`, host, m));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateRuleValue(rule, path, opts));
  });
  return errs;
}

function validateSpec(spec: Spec, opts: Options): FieldError[] {
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend)
    errs.push(invalid("spec", spec.rules ?? null, "either `defaultBackend` or `rules` must be specified"));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, "spec.defaultBackend", opts));
  if (rules.length) errs.push(...validateRules(rules, opts));
  (spec.tls ?? []).forEach((tls, t) => {
    (tls.hosts ?? []).forEach((host, i) => {
      const p = `spec.tls[${t}].hosts[${i}]`;
      const msgs = host.includes("*") ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(p, host, m));
    });
    if (!opts.allowInvalidSecretName)
      for (const m of validateTLSSecretName(tls.secretName))
        errs.push(invalid(`spec.tls[${t}].secretName`, tls.secretName, m));
  });
  if (spec.ingressClassName !== undefined)
    for (const m of isDNS1123Subdomain(spec.ingressClassName))
      errs.push(invalid("spec.ingressClassName", spec.ingressClassName, m));
  return errs;
}

/** A name that is a DNS-1123 label but not a DNS-1035 label (e.g. "1st-svc"): allowed if already stored. */
function relaxedServiceName(name: string | undefined): boolean {
  return !!name && nameIsDNSLabel(name, false).length === 0 && isDNS1035Label(name).length > 0;
}

function storedOptions(old: Ingress): Options {
  const spec = old.spec ?? {};
  const services = [
    spec.defaultBackend?.service?.name,
    ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend.service?.name)),
  ];
  return {
    allowInvalidSecretName: (spec.tls ?? []).some((t) => validateTLSSecretName(t.secretName).length > 0),
    allowInvalidWildcardHostRule: (spec.rules ?? []).some(
      (r) =>
        (r.host ?? "").includes("*") &&
        validateRuleValue(r, "", {
          allowInvalidSecretName: false,
          allowInvalidWildcardHostRule: false,
          allowRelaxedServiceNameValidation: false,
        }).length > 0,
    ),
    allowRelaxedServiceNameValidation: services.some(relaxedServiceName),
  };
}

const strict: Options = {
  allowInvalidSecretName: false,
  allowInvalidWildcardHostRule: false,
  allowRelaxedServiceNameValidation: false,
};

export function validateIngressCreate(ing: Ingress): FieldError[] {
  const errs = validateSpec(ing.spec ?? {}, strict);
  const annotation = ing.metadata?.annotations?.["kubernetes.io/ingress.class"];
  const className = ing.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && annotation !== className)
    errs.push(
      invalid(
        "annotations.kubernetes.io/ingress.class",
        annotation,
        "must match `ingressClassName` when both are specified",
      ),
    );
  return errs;
}

export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  return validateSpec(ing.spec ?? {}, storedOptions(old));
}

/** Status writes (ingresses/status): load-balancer addresses must be IPs / DNS names. */
export function validateIngressStatus(ing: Ingress, old: Ingress): FieldError[] {
  const errs: FieldError[] = [];
  const oldIPs = (old.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? "").filter((ip) => ip);
  (ing.status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    const p = `status.loadBalancer.ingress[${i}]`;
    if (lb.ip) errs.push(...isValidIPForLegacyField(`${p}.ip`, lb.ip, oldIPs));
    if (lb.hostname) {
      for (const m of isDNS1123Subdomain(lb.hostname)) errs.push(invalid(`${p}.hostname`, lb.hostname, m));
      if (parseIP(lb.hostname) !== undefined)
        errs.push(invalid(`${p}.hostname`, lb.hostname, "must be a DNS name, not an IP address"));
    }
  });
  return errs;
}
