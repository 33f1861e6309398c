// Resource names in resource lists and quotas ("cpu", "requests.memory", "count/pods", "example.com/gpu"),
// as upstream's pkg/apis/core/helper and the resource-name validators in validation.go.
import { type FieldError, invalid } from "../../validation/field.js";
import { isQualifiedName } from "../../validation/names.js";
import {
  tryQuantity,
  formatQuantity,
  compareQuantities,
  quantityScaledValue,
} from "../../resource/quantity.js";

const hugePagesPrefix = "hugepages-";
const requestsHugePagesPrefix = "requests.hugepages-";
const requestsPrefix = "requests.";
const defaultNamespacePrefix = "kubernetes.io/";

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);
const objectCountResources = [
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
];
const computeQuotaResources = [
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
];
const standardQuotaResources = new Set([
  ...computeQuotaResources,
  "requests.storage",
  ...objectCountResources,
]);
const standardResources = new Set([...standardQuotaResources, "storage"]);
const integerResources = new Set(objectCountResources);
const standardLimitRangeTypes = new Set(["Pod", "Container", "PersistentVolumeClaim"]);

export const isHugePageResourceName = (n: string) => n.startsWith(hugePagesPrefix);
const isQuotaHugePageResourceName = (n: string) =>
  n.startsWith(hugePagesPrefix) || n.startsWith(requestsHugePagesPrefix);

/** Unprefixed names and *kubernetes.io/ names are native. */
export const isNativeResource = (n: string) => !n.includes("/") || n.includes(defaultNamespacePrefix);

export function isExtendedResourceName(n: string): boolean {
  if (isNativeResource(n) || n.startsWith(requestsPrefix)) return false;
  return isQualifiedName(requestsPrefix + n).length === 0;
}

/** Native, non-hugepage resources may be overcommitted (request below limit). */
export const isOvercommitAllowed = (n: string) => isNativeResource(n) && !isHugePageResourceName(n);

export const isStandardQuotaResourceName = (n: string) =>
  standardQuotaResources.has(n) || isQuotaHugePageResourceName(n);
const isStandardResourceName = (n: string) => standardResources.has(n) || isQuotaHugePageResourceName(n);
const isStandardContainerResourceName = (n: string) =>
  standardContainerResources.has(n) || isHugePageResourceName(n);
export const isIntegerResourceName = (n: string) => integerResources.has(n) || isExtendedResourceName(n);

/** validateResourceName: a qualified name; unprefixed ones must be standard. */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (errs.length) return errs;
  if (!name.includes("/") && !isStandardResourceName(name))
    return [invalid(path, name, "must be a standard resource type or fully qualified")];
  return [];
}

/** validateContainerResourceName: what a container (or a Pod/Container limit range) may name. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes("/")) {
    if (!isStandardContainerResourceName(name))
      return [...errs, invalid(path, name, "must be a standard resource for containers")];
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    return [...errs, invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return errs;
}

/** ValidateResourceQuotaResourceName. */
export function validateResourceQuotaResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes("/") && !isStandardQuotaResourceName(name))
    return [...errs, invalid(path, name, "must be a standard resource for quota")];
  return errs;
}

/** validateLimitRangeTypeName: Pod, Container, PersistentVolumeClaim or a qualified name. */
export function validateLimitRangeTypeName(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalid(path, type, m));
  if (errs.length) return errs;
  if (!type.includes("/") && !standardLimitRangeTypes.has(type))
    return [invalid(path, type, "must be a standard limit type or fully qualified")];
  return [];
}

/** validateLimitRangeResourceName: Pod/Container limits name container resources, others any resource. */
export function validateLimitRangeResourceName(limitType: string, name: string, path: string): FieldError[] {
  return limitType === "Pod" || limitType === "Container"
    ? validateContainerResourceName(name, path)
    : validateResourceName(name, path);
}

/** ValidateResourceQuantityValue: non-negative, and whole for countable resources. */
export function validateResourceQuantityValue(
  resource: string,
  value: string | number,
  path: string,
): FieldError[] {
  const q = tryQuantity(value);
  // A value that is not a quantity at all is rejected when the body is decoded.
  if (!q) return [];
  const errs: FieldError[] = [];
  if (compareQuantities(q, 0) < 0)
    errs.push(invalid(path, formatQuantity(q), "must be greater than or equal to 0"));
  if (isIntegerResourceName(resource) && quantityScaledValue(q, -3) % 1000n !== 0n)
    errs.push(invalid(path, formatQuantity(q), "must be an integer"));
  return errs;
}
