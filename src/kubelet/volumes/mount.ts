// Host mounts the volume manager makes: tmpfs for memory-backed volumes (emptyDir medium Memory, and as
// upstream secret, downwardAPI and projected volumes when we are root), found again through
// /proc/self/mountinfo so a restarted kubelet unmounts what an earlier one mounted.
import { mount, unmountOrDetach } from "../../runtime/spawner/hostcalls.js";
// the one reader of the host's mount table, and the two-stat check for what is mounted per pod
export { isMountedOver as isMountPoint, mountsUnder } from "../../runtime/runc/mounts.js";

/** mount -t tmpfs [-o size=N] tmpfs dir; the error text on failure. */
export async function mountTmpfs(dir: string, sizeBytes?: number): Promise<string | undefined> {
  const err = await mount("tmpfs", dir, "tmpfs", sizeBytes && sizeBytes > 0 ? `size=${sizeBytes}` : "");
  return err === "" ? undefined : `mount failed: ${err}`;
}

/** Unmounts dir, lazily when busy (as upstream's cleanup eventually does); the error text on failure. */
export async function unmount(dir: string): Promise<string | undefined> {
  const err = await unmountOrDetach(dir);
  return err === "" ? undefined : `unmount failed: ${err}`;
}

/** Whether this process may mount (root on Linux). */
export function canMount(): boolean {
  return process.platform === "linux" && typeof process.getuid === "function" && process.getuid() === 0;
}
