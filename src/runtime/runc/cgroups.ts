// cgroup v1 paths of sandboxes and containers. Every container's cgroup is /k8ts/<sandbox>/<container>
// in each hierarchy, so removing a sandbox removes one directory tree per controller.
import { readFileSync, readdirSync, rmdirSync, existsSync } from "node:fs";
import { join } from "node:path";

export const CGROUP_ROOT = "/sys/fs/cgroup";
export const CGROUP_PARENT = "k8ts";

export function containerCgroupsPath(sandboxId: string, containerId: string): string {
  return `/${CGROUP_PARENT}/${sandboxId}/${containerId}`;
}

export function readNumber(path: string): number {
  try {
    return Number(readFileSync(path, "utf8").trim());
  } catch {
    return 0;
  }
}

export interface CgroupUsage {
  cpuUsageCoreNanoSeconds: number;
  memoryUsageBytes: number;
  memoryWorkingSetBytes: number;
}

export function cgroupUsage(cgroupsPath: string): CgroupUsage {
  const cpu = readNumber(join(CGROUP_ROOT, "cpuacct", cgroupsPath, "cpuacct.usage"));
  const usage = readNumber(join(CGROUP_ROOT, "memory", cgroupsPath, "memory.usage_in_bytes"));
  let inactiveFile = 0;
  try {
    const stat = readFileSync(join(CGROUP_ROOT, "memory", cgroupsPath, "memory.stat"), "utf8");
    inactiveFile = Number(/^total_inactive_file (\d+)$/m.exec(stat)?.[1] ?? 0);
  } catch {
    inactiveFile = 0;
  }
  // The kubelet's working set: usage minus inactive file pages.
  return {
    cpuUsageCoreNanoSeconds: cpu,
    memoryUsageBytes: usage,
    memoryWorkingSetBytes: Math.max(0, usage - inactiveFile),
  };
}

/** Removes a cgroup tree (deepest first) in every hierarchy; empty cgroups only, as the kernel requires. */
export function removeCgroupTree(relative: string): void {
  for (const controller of controllers()) {
    const dir = join(CGROUP_ROOT, controller, relative);
    if (existsSync(dir)) removeDirTree(dir);
  }
}

/** The cgroup trees left under /k8ts (for leak checks). */
export function leftoverCgroups(sandboxId?: string): string[] {
  const out: string[] = [];
  for (const controller of controllers()) {
    const dir = join(CGROUP_ROOT, controller, CGROUP_PARENT, sandboxId ?? "");
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) out.push(join(dir, e.name));
    if (sandboxId) out.push(dir);
  }
  return out;
}

function controllers(): string[] {
  try {
    return readdirSync(CGROUP_ROOT).filter((c) => existsSync(join(CGROUP_ROOT, c, "cgroup.procs")));
  } catch {
    return [];
  }
}

function removeDirTree(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) removeDirTree(join(dir, e.name));
  try {
    rmdirSync(dir);
  } catch {
    // busy (a process still in it): the caller's leak check reports it
  }
}
