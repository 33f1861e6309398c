// Host mounts the volume manager makes: tmpfs for memory-backed volumes (emptyDir medium Memory, and as
// upstream secret, downwardAPI and projected volumes when we are root), found again through
// /proc/self/mountinfo so a restarted kubelet unmounts what an earlier one mounted.
import { spawner } from "../../runtime/spawner/spawner.js";
// the one reader of the host's mount table, and the two-stat check for what is mounted per pod
export { isMountedOver as isMountPoint, mountsUnder } from "../../runtime/runc/mounts.js";

async function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const r = await spawner().run(cmd, args);
  return { code: r.code, stderr: r.stderr.trim() };
}

/** mount -t tmpfs [-o size=N] tmpfs dir; the error text on failure. */
export async function mountTmpfs(dir: string, sizeBytes?: number): Promise<string | undefined> {
  const args = ["-t", "tmpfs"];
  if (sizeBytes && sizeBytes > 0) args.push("-o", `size=${sizeBytes}`);
  args.push("tmpfs", dir);
  const r = await run("mount", args);
  return r.code === 0 ? undefined : `mount failed: exit status ${r.code}: ${r.stderr}`;
}

export async function unmount(dir: string): Promise<string | undefined> {
  const r = await run("umount", [dir]);
  if (r.code === 0) return undefined;
  // Busy (a process still has it open): detach it lazily, as upstream's cleanup eventually does.
  const lazy = await run("umount", ["-l", dir]);
  return lazy.code === 0 ? undefined : `unmount failed: exit status ${r.code}: ${r.stderr}`;
}

/** Whether this process may mount (root on Linux). */
export function canMount(): boolean {
  return process.platform === "linux" && typeof process.getuid === "function" && process.getuid() === 0;
}
