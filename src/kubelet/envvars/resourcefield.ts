// Container resources through the downward API (resourceFieldRef), as upstream's pkg/api/v1/resource
// ExtractContainerResourceValue: cpu rounded up to whole units of the divisor (millicores), memory and
// ephemeral-storage likewise in bytes; a missing limit is the node's allocatable (MergeContainerResourceLimits).
import { cpus, totalmem } from "node:os";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ResourceList } from "../../api/core/v1/resources.js";
import type { ResourceFieldSelector } from "../../api/core/v1/env.js";
import {
  parseQuantity,
  quantityMilliValue,
  quantityValue,
  type Quantity,
} from "../../api/resource/quantity.js";

let hostSize: ResourceList | undefined;

/** What a limit defaults to when the container has none: the node's allocatable, else this host's size
 * (read once: os.cpus() parses /proc/cpuinfo, a millisecond per call). */
export function defaultAllocatable(allocatable?: ResourceList): ResourceList {
  if (allocatable) return allocatable;
  hostSize ??= { cpu: String(cpus().length), memory: String(totalmem()) };
  return { ...hostSize };
}

function q(v: string | number | undefined): Quantity | undefined {
  if (v === undefined) return undefined;
  const p = parseQuantity(v);
  return "error" in p ? undefined : p;
}

const isZero = (x: Quantity | undefined) => !x || x.mantissa === 0n;

/** upstream MergeContainerResourceLimits for cpu, memory, ephemeral-storage and hugepages-*. */
export function limitsWithDefaults(container: Container, allocatable: ResourceList): ResourceList {
  const limits: ResourceList = { ...(container.resources?.limits ?? {}) };
  for (const [name, v] of Object.entries(allocatable)) {
    const standard =
      name === "cpu" || name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-");
    if (standard && limits[name] === undefined) limits[name] = v;
  }
  return limits;
}

function ceilDiv(a: number, b: number): string {
  return String(Math.ceil(a / b));
}

/** upstream ExtractContainerResourceValue for one container whose limits are already defaulted. */
export function extractContainerResourceValue(
  fs: ResourceFieldSelector,
  resources: { limits?: ResourceList; requests?: ResourceList },
): { value: string } | { error: string } {
  let divisor = q(fs.divisor);
  if (isZero(divisor)) divisor = q("1")!;
  const res = fs.resource ?? "";
  const dot = res.indexOf(".");
  const kind = res.slice(0, dot);
  const name = res.slice(dot + 1);
  const list = kind === "limits" ? resources.limits : kind === "requests" ? resources.requests : undefined;
  if (
    list &&
    (name === "cpu" || name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-"))
  ) {
    const v = q(list[name]) ?? q(0)!;
    if (name === "cpu") return { value: ceilDiv(quantityMilliValue(v), quantityMilliValue(divisor!)) };
    return { value: ceilDiv(quantityValue(v), quantityValue(divisor!)) };
  }
  return { error: `unsupported container resource : ${res}` };
}

/** upstream containerResourceRuntimeValue / ExtractResourceValueByContainerNameAndNodeAllocatable. */
export function resourceFieldValue(
  fs: ResourceFieldSelector,
  pod: Pod,
  container: Container | undefined,
  allocatable: ResourceList,
): { value: string } | { error: string } {
  let c = container;
  if (fs.containerName) {
    c = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
      (x) => x.name === fs.containerName,
    );
    if (!c) return { error: `container ${fs.containerName} not found` };
  }
  if (!c) return { error: `container  not found` };
  return extractContainerResourceValue(fs, {
    limits: limitsWithDefaults(c, allocatable),
    requests: c.resources?.requests,
  });
}
