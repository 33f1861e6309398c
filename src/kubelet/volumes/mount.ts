// Host mounts the volume manager makes: tmpfs for memory-backed volumes (emptyDir medium Memory, and as
// upstream secret, downwardAPI and projected volumes when we are root), found again through
// /proc/self/mountinfo so a restarted kubelet unmounts what an earlier one mounted.
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { spawner } from "../../runtime/spawner/spawner.js";

async function run(cmd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  const r = await spawner().run(cmd, args);
  return { code: r.code, stderr: r.stderr.trim() };
}

/** Decodes mountinfo's octal escapes ("\040" is a space). */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Mount points at or under `dir`, deepest first. */
export function mountsUnder(dir: string): string[] {
  let text: string;
  try {
    text = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return [];
  }
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    if (f.length < 5) continue;
    const mp = unescape(f[4]);
    if (mp === dir || mp.startsWith(prefix)) out.push(mp);
  }
  return out.sort((a, b) => b.length - a.length);
}

/** Whether dir is a mount point of its own filesystem (what the kubelet mounts here: tmpfs). A device other
 * than its parent's says so with two stats; mountinfo, read per volume, grows with every pod's mounts. */
export function isMountPoint(dir: string): boolean {
  try {
    return statSync(dir).dev !== statSync(dirname(dir)).dev;
  } catch {
    return false;
  }
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
