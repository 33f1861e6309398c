// Which runtime a node uses by default (DESIGN.md: runc where root on Linux with runc present, else
// process), with the reason to tell the user.
import { execFileSync } from "node:child_process";
import { hostBusybox } from "./runc/busybox-rootfs.js";

export type RuntimeName = "runc" | "process";

export interface RuntimeChoice {
  name: RuntimeName;
  /** Why, in words for a log line or `kubectl describe node`. */
  reason: string;
}

export function defaultRuntime(runc = "runc"): RuntimeChoice {
  if (process.platform !== "linux")
    return {
      name: "process",
      reason: `containers need Linux (this is ${process.platform}); pods run as host processes, not isolated`,
    };
  if (process.getuid?.() !== 0)
    return { name: "process", reason: "containers need root; pods run as host processes, not isolated" };
  try {
    execFileSync(runc, ["--version"], { stdio: "ignore" });
  } catch {
    return {
      name: "process",
      reason: "runc is not installed (apt-get install runc); pods run as host processes, not isolated",
    };
  }
  if (!hostBusybox())
    return {
      name: "process",
      reason:
        "busybox-static is not installed (the sandbox holder runs busybox); pods run as host processes, not isolated",
    };
  return { name: "runc", reason: "root on Linux with runc" };
}
