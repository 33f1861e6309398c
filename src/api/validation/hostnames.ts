// Host name and domain formats beyond plain DNS names (apimachinery util/validation): wildcard hosts
// (Ingress), domain-prefixed paths (IngressClass controller, Job managedBy), fully qualified domain
// names (EndpointSlice hostnames, ...).
import { type FieldError, invalid, required } from "./field.js";
import { dns1123SubdomainFmt, isDNS1123Label, isDNS1123Subdomain } from "./names.js";

const wildcardFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardRe = new RegExp(`^${wildcardFmt}$`);

/** IsWildcardDNS1123Subdomain: "*.example.com". */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push("must be no more than 253 characters");
  if (!wildcardRe.test(value))
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character" +
        ` (e.g. '*.example.com', regex used for validation is '${wildcardFmt}')`,
    );
  return errs;
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPathRe = new RegExp(`^${httpPathFmt}$`);

/** IsDomainPrefixedPath: "acme.io/foo". */
export function isDomainPrefixedPath(field: string, value: string): FieldError[] {
  if (value.length === 0) return [required(field)];
  const slash = value.indexOf("/");
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? "" : value.slice(slash + 1);
  if (slash < 0 || host.length === 0 || path.length === 0)
    return [invalid(field, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(host).map((m) => invalid(field, host, m));
  if (!httpPathRe.test(path))
    errs.push(invalid(field, path, `Invalid path (regex used for validation is '${httpPathFmt}')`));
  return errs;
}

/** IsFullyQualifiedDomainName: a DNS subdomain with at least two labels (a trailing dot is allowed). */
export function isFullyQualifiedDomainName(field: string, value: string): FieldError[] {
  if (value.length === 0) return [required(field)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalid(field, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2)
    return [invalid(field, name, "should be a domain with at least two segments separated by dots")];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length) return [invalid(field, label, errs.join(","))];
  }
  return [];
}
