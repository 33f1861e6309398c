// The OCI runtime spec (config.json) for a pod's sandbox holder and for its containers. Containers join the
// sandbox's network namespace (a pinned netns) and its IPC and UTS namespaces (through the holder's pid);
// each has its own mount and PID namespace, as the CRI runtimes do by default.
import type { LinuxContainerResources, LinuxContainerSecurityContext, Mount } from "../cri.js";
import { effectiveCapabilities, hostBoundingCapabilities } from "./capabilities.js";

const HOST_BOUNDING = hostBoundingCapabilities();

export interface OciNamespace {
  type: "pid" | "network" | "ipc" | "uts" | "mount" | "cgroup";
  path?: string;
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options: string[];
}

/** The mounts every container gets (as `runc spec` and containerd give them). */
function baseMounts(privileged: boolean): OciMount[] {
  return [
    { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
    {
      destination: "/dev",
      type: "tmpfs",
      source: "tmpfs",
      options: ["nosuid", "strictatime", "mode=755", "size=65536k"],
    },
    {
      destination: "/dev/pts",
      type: "devpts",
      source: "devpts",
      options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
    },
    {
      destination: "/dev/shm",
      type: "tmpfs",
      source: "shm",
      options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"],
    },
    { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
    {
      destination: "/sys",
      type: "sysfs",
      source: "sysfs",
      options: ["nosuid", "noexec", "nodev", privileged ? "rw" : "ro"],
    },
    {
      destination: "/sys/fs/cgroup",
      type: "cgroup",
      source: "cgroup",
      options: ["nosuid", "noexec", "nodev", "relatime", privileged ? "rw" : "ro"],
    },
  ];
}

const MASKED_PATHS = [
  "/proc/acpi",
  "/proc/asound",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
];
const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

export interface ContainerSpecInput {
  /** The process gets a terminal (runc's own stdin must then be one). */
  terminal?: boolean;
  rootfs: string;
  readonlyRootfs: boolean;
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  additionalGids: number[];
  hostname?: string;
  namespaces: OciNamespace[];
  cgroupsPath: string;
  resources?: LinuxContainerResources;
  security?: LinuxContainerSecurityContext;
  mounts: Mount[];
  /** Extra files bind-mounted read-only or read-write (resolv.conf, hostname). */
  sysctls?: Record<string, string>;
}

/** What the runtime reads back of a spec's process. */
export interface OciProcessArgs {
  args: string[];
  env: string[];
  cwd: string;
}

export function containerSpec(
  input: ContainerSpecInput,
): Record<string, unknown> & { mounts: OciMount[]; process: OciProcessArgs & Record<string, unknown> } {
  const sc = input.security ?? {};
  const privileged = sc.privileged === true;
  const caps = effectiveCapabilities({
    privileged,
    add: sc.capabilities?.addCapabilities,
    drop: sc.capabilities?.dropCapabilities,
    bounding: HOST_BOUNDING,
  });
  const mounts: OciMount[] = [...baseMounts(privileged)];
  for (const m of input.mounts) {
    const options = ["rbind", m.readonly ? "ro" : "rw"];
    if (m.propagation === "PROPAGATION_BIDIRECTIONAL") options.push("rshared");
    else if (m.propagation === "PROPAGATION_HOST_TO_CONTAINER") options.push("rslave");
    else options.push("rprivate");
    mounts.push({ destination: m.containerPath, type: "bind", source: m.hostPath, options });
  }
  const r = input.resources ?? {};
  const resources: Record<string, unknown> = {
    devices: [{ allow: privileged, access: "rwm" }],
  };
  const cpu: Record<string, number> = {};
  if (r.cpuShares) cpu.shares = r.cpuShares;
  if (r.cpuQuota && r.cpuQuota > 0) {
    cpu.quota = r.cpuQuota;
    cpu.period = r.cpuPeriod || 100_000;
  }
  if (Object.keys(cpu).length > 0) resources.cpu = cpu;
  if (r.memoryLimitInBytes && r.memoryLimitInBytes > 0) resources.memory = { limit: r.memoryLimitInBytes };
  if (r.pidsLimit && r.pidsLimit > 0) resources.pids = { limit: r.pidsLimit };
  if (!privileged) {
    // The character devices every container has (null, zero, full, random, urandom, tty, ptmx).
    (resources.devices as unknown[]).push(
      ...[
        [1, 3],
        [1, 5],
        [1, 7],
        [1, 8],
        [1, 9],
        [5, 0],
        [5, 2],
      ].map(([major, minor]) => ({ allow: true, type: "c", major, minor, access: "rwm" })),
      { allow: true, type: "c", major: 136, access: "rwm" },
    );
  }
  return {
    ociVersion: "1.0.2-dev",
    process: {
      terminal: input.terminal === true,
      user: {
        uid: input.uid,
        gid: input.gid,
        ...(input.additionalGids.length ? { additionalGids: input.additionalGids } : {}),
      },
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      noNewPrivileges: sc.noNewPrivs === true && !privileged,
    },
    root: { path: input.rootfs, readonly: input.readonlyRootfs },
    ...(input.hostname ? { hostname: input.hostname } : {}),
    mounts,
    linux: {
      resources,
      cgroupsPath: input.cgroupsPath,
      namespaces: input.namespaces,
      ...(input.sysctls && Object.keys(input.sysctls).length ? { sysctl: input.sysctls } : {}),
      ...(privileged ? {} : { maskedPaths: MASKED_PATHS, readonlyPaths: READONLY_PATHS }),
    },
  };
}
