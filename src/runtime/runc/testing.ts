// For the runc runtime's tests: why they cannot run here, if they cannot.
import { execFileSync } from "node:child_process";
import { hostBusybox } from "./busybox-rootfs.js";

/** Undefined when root, runc and busybox are there; else the reason to skip. */
export function runcSkipReason(): string | undefined {
  if (process.platform !== "linux") return "runc runtime needs Linux";
  if (process.getuid?.() !== 0) return "runc runtime tests need root (CI runs them as root)";
  try {
    execFileSync("runc", ["--version"], { stdio: "ignore" });
  } catch {
    return "runc is not installed (apt-get install runc)";
  }
  if (!hostBusybox()) return "busybox is not installed (apt-get install busybox-static)";
  return undefined;
}
