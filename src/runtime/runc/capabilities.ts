import { readFileSync } from "node:fs";

// Capabilities as Docker and containerd grant them by default, changed by a securityContext's add/drop.
export const DEFAULT_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "FSETID",
  "FOWNER",
  "MKNOD",
  "NET_RAW",
  "SETGID",
  "SETUID",
  "SETFCAP",
  "SETPCAP",
  "NET_BIND_SERVICE",
  "SYS_CHROOT",
  "KILL",
  "AUDIT_WRITE",
];

/** Every capability up to CAP_CHECKPOINT_RESTORE (40), for privileged containers. */
export const ALL_CAPABILITIES = [
  "CHOWN",
  "DAC_OVERRIDE",
  "DAC_READ_SEARCH",
  "FOWNER",
  "FSETID",
  "KILL",
  "SETGID",
  "SETUID",
  "SETPCAP",
  "LINUX_IMMUTABLE",
  "NET_BIND_SERVICE",
  "NET_BROADCAST",
  "NET_ADMIN",
  "NET_RAW",
  "IPC_LOCK",
  "IPC_OWNER",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_CHROOT",
  "SYS_PTRACE",
  "SYS_PACCT",
  "SYS_ADMIN",
  "SYS_BOOT",
  "SYS_NICE",
  "SYS_RESOURCE",
  "SYS_TIME",
  "SYS_TTY_CONFIG",
  "MKNOD",
  "LEASE",
  "AUDIT_WRITE",
  "AUDIT_CONTROL",
  "SETFCAP",
  "MAC_OVERRIDE",
  "MAC_ADMIN",
  "SYSLOG",
  "WAKE_ALARM",
  "BLOCK_SUSPEND",
  "AUDIT_READ",
  "PERFMON",
  "BPF",
  "CHECKPOINT_RESTORE",
];

const bare = (c: string): string => c.toUpperCase().replace(/^CAP_/, "");

/** The capabilities this process may grant (its bounding set), which a container can never exceed. */
export function hostBoundingCapabilities(status = "/proc/self/status"): string[] {
  try {
    const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync(status, "utf8"))?.[1];
    if (!hex) return [...ALL_CAPABILITIES];
    const mask = BigInt("0x" + hex);
    return ALL_CAPABILITIES.filter((_, bit) => (mask & (1n << BigInt(bit))) !== 0n);
  } catch {
    return [...ALL_CAPABILITIES];
  }
}

/** The capability set (CAP_-prefixed, as OCI wants) for a container: drop first, then add, as the CRI runtimes
 * do; privileged gets every capability the host can grant. */
export function effectiveCapabilities(opts: {
  privileged?: boolean;
  add?: string[];
  drop?: string[];
  bounding?: string[];
}): string[] {
  const bounding = opts.bounding ?? ALL_CAPABILITIES;
  if (opts.privileged) return bounding.map((c) => `CAP_${c}`);
  const add = (opts.add ?? []).map(bare);
  const drop = (opts.drop ?? []).map(bare);
  let caps = drop.includes("ALL") ? [] : DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c));
  if (add.includes("ALL")) caps = [...ALL_CAPABILITIES];
  else for (const c of add) if (!caps.includes(c) && ALL_CAPABILITIES.includes(c)) caps.push(c);
  return caps.filter((c) => bounding.includes(c)).map((c) => `CAP_${c}`);
}
