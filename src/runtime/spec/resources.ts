// A container's requests and limits as cgroup values, with the kubelet's formulas (kuberuntime's
// calculateLinuxResources, milliCPUToShares, milliCPUToQuota).
import { quantityMilliValue, quantityValue, type QuantityLike } from "../../api/resource/quantity.js";
import type { LinuxContainerResources } from "../cri.js";

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const QUOTA_PERIOD = 100_000;
export const MIN_QUOTA = 1000;

export function milliCPUToShares(milliCPU: number): number {
  if (milliCPU === 0) return MIN_SHARES;
  const shares = Math.floor((milliCPU * 1024) / 1000);
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, shares));
}

export function milliCPUToQuota(milliCPU: number, period = QUOTA_PERIOD): number {
  if (milliCPU === 0) return 0;
  return Math.max(MIN_QUOTA, Math.floor((milliCPU * period) / 1000));
}

export interface ResourceRequirements {
  requests?: Record<string, QuantityLike>;
  limits?: Record<string, QuantityLike>;
}

/** cpu.shares from the CPU request (the limit when only a limit is set), quota from the CPU limit, the memory limit. */
export function linuxContainerResources(r: ResourceRequirements, pidsLimit = 0): LinuxContainerResources {
  const cpuRequest = r.requests?.cpu ?? r.limits?.cpu;
  const cpuLimit = r.limits?.cpu;
  const memoryLimit = r.limits?.memory;
  const out: LinuxContainerResources = {
    cpuShares: milliCPUToShares(cpuRequest === undefined ? 0 : quantityMilliValue(cpuRequest)),
  };
  if (cpuLimit !== undefined) {
    out.cpuPeriod = QUOTA_PERIOD;
    out.cpuQuota = milliCPUToQuota(quantityMilliValue(cpuLimit));
  }
  if (memoryLimit !== undefined) out.memoryLimitInBytes = quantityValue(memoryLimit);
  if (pidsLimit > 0) out.pidsLimit = pidsLimit;
  return out;
}
