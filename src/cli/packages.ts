// What a node needs from the host to run real containers, and installing it from Debian's packages (as root,
// unless told not to). Everything is looked up first: a machine that has it all never runs apt-get.
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { promisify } from "node:util";
import type { Logger } from "../client/log.js";

const run = promisify(execFile);

/** Each thing the runc runtime, CNI and kube-proxy use, the paths it may be at, and the package that has it. */
export const hostRequirements: { what: string; paths: string[]; pkg: string }[] = [
  { what: "runc", paths: ["/usr/sbin/runc", "/usr/bin/runc"], pkg: "runc" },
  {
    what: "CNI plugins",
    paths: ["/usr/lib/cni/bridge", "/opt/cni/bin/bridge"],
    pkg: "containernetworking-plugins",
  },
  { what: "iptables", paths: ["/usr/sbin/iptables-restore", "/sbin/iptables-restore"], pkg: "iptables" },
  { what: "busybox", paths: ["/bin/busybox", "/usr/bin/busybox"], pkg: "busybox-static" },
  { what: "ip", paths: ["/usr/sbin/ip", "/sbin/ip", "/bin/ip"], pkg: "iproute2" },
];

const exists = (p: string) =>
  access(p, constants.X_OK).then(
    () => true,
    () => false,
  );

/** The Debian packages whose programs are missing. */
export async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const r of hostRequirements) {
    let found = false;
    for (const p of r.paths) if (await exists(p)) found = true;
    if (!found) missing.push(r.pkg);
  }
  return missing;
}

/**
 * Installs what is missing with apt-get when allowed and possible (root on Debian), saying what it does. Returns
 * the packages still missing afterwards; the caller falls back to the process runtime when runc cannot work.
 */
export async function ensureHostPackages(log: Logger, o: { install: boolean }): Promise<string[]> {
  const missing = await missingPackages();
  if (missing.length === 0) return [];
  const root = process.getuid?.() === 0;
  const apt = await exists("/usr/bin/apt-get");
  if (!o.install || !root || !apt) {
    log.warn(
      { missing },
      `not installing ${missing.join(" ")} (${!o.install ? "--no-install-packages" : !root ? "not root" : "no apt-get"})`,
    );
    return missing;
  }
  process.stdout.write(
    `k8ts: installing ${missing.join(" ")} with apt-get (skip with --no-install-packages)\n`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], {
      env,
      maxBuffer: 64 << 20,
    });
  } catch {
    // The package lists may be missing on a fresh machine: refresh them once and retry.
    try {
      await run("apt-get", ["update"], { env, maxBuffer: 64 << 20 });
      await run("apt-get", ["install", "-y", "--no-install-recommends", ...missing], {
        env,
        maxBuffer: 64 << 20,
      });
    } catch (err) {
      log.error({ err: String(err) }, "apt-get install failed");
    }
  }
  return missingPackages();
}
