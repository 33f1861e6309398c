// The host's mount table as the runc runtime needs it: which paths are mount points, what is mounted under a
// directory, and the few mounts it makes once per boot (the private ones it pins namespaces in, the tmpfs
// for its volatile state, the shared /run/netns that `ip netns` expects).
import { mkdirSync, readFileSync, statfsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { command } from "./command.js";
import { unmount } from "../spawner/hostcalls.js";

/** statfs f_type of tmpfs (linux/magic.h TMPFS_MAGIC). */
const TMPFS_MAGIC = 0x01021994;

interface MountEntry {
  path: string;
  /** The optional fields: "shared:N", "master:N", ... */
  propagation: string[];
}

function mountTable(): MountEntry[] {
  let text: string;
  try {
    text = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return [];
  }
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const f = line.split(" ");
    const path = f[4];
    if (!path) continue;
    const end = f.indexOf("-", 6);
    out.push({
      // mountinfo escapes space, tab, newline and backslash as octal
      path: path.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))),
      propagation: f.slice(6, end < 0 ? undefined : end),
    });
  }
  return out;
}

/** Whether path is a mount point, from the mount table: also true for a directory bind-mounted on itself. */
export function isMountPoint(path: string): boolean {
  return mountTable().some((m) => m.path === path);
}

/** Whether another filesystem is mounted on path: its device differs from its parent's. Two stats, where the
 * mount table grows with every pod's mounts; right for what is mounted per pod (an overlay root filesystem,
 * a namespace pinned by a bind mount of its nsfs file, a tmpfs), not for a bind mount within one filesystem. */
export function isMountedOver(path: string): boolean {
  try {
    return statSync(path).dev !== statSync(dirname(path)).dev;
  } catch {
    return false;
  }
}

/** The paths among these that have another filesystem mounted on them (see isMountedOver). */
export function mountedOf(paths: string[]): string[] {
  return paths.filter(isMountedOver);
}

/** Mount points at or below dir, deepest first (the order to unmount them in); a path with mounts stacked on
 * it is listed once per mount. */
export function mountsUnder(dir: string): string[] {
  return mountTable()
    .map((m) => m.path)
    .filter((p) => p === dir || p.startsWith(dir + "/"))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts (lazily) everything at or below dir; "" when nothing is left mounted, else why. */
export async function unmountUnder(dir: string): Promise<string> {
  const mounted = mountsUnder(dir);
  if (mounted.length === 0) return "";
  const err = await unmount(mounted, true);
  const left = mountsUnder(dir);
  return left.length === 0 ? "" : `unmounting ${left.join(", ")}: ${err}`;
}

/** Runs a set-up script under an exclusive lock on lockDir (flock(1)), so runtimes opening at the same time
 * do not both mount (a second mount would hide what the first one holds). */
async function underLock(lockDir: string, what: string, script: string, arg: string): Promise<void> {
  const r = await command("flock", [lockDir, "sh", "-c", script, "k8ts-mount", arg]);
  if (r.code !== 0) throw new Error(`${what}: ${r.stderr.trim()}`);
}

/** Makes dir a mount of its own with private propagation (once per boot; every runtime on the host shares it). */
export async function ensurePrivateMount(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  if (isMountPoint(dir)) return;
  await underLock(
    dir,
    `making ${dir} a private mount`,
    'mountpoint -q "$1" || { mount --bind "$1" "$1" && mount --make-private "$1"; }',
    dir,
  );
}

/** Makes dir a tmpfs of its own (private propagation) unless it already is on one. /run is a tmpfs on
 * systemd hosts, as upstream's runtimes expect for their state (/run/containerd, /run/runc); on a host whose
 * /run is on disk this keeps the runtime's per-pod files off the disk all the same. */
export async function ensureTmpfs(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (statfsSync(dir).type === TMPFS_MAGIC) return;
  await underLock(
    dir,
    `mounting a tmpfs on ${dir}`,
    'mountpoint -q "$1" || { mount -t tmpfs -o mode=0700 k8ts-state "$1" && mount --make-private "$1"; }',
    dir,
  );
}

/** What `ip netns add` does to its directory before its first namespace: /run/netns becomes a mount point
 * with shared propagation, so unmounting a namespace there unmounts it in every mount namespace (and
 * `ip netns` tools see the pins this runtime makes). */
export async function ensureSharedMount(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const top = mountTable()
    .filter((m) => m.path === dir)
    .at(-1);
  if (top?.propagation.some((p) => p.startsWith("shared:"))) return;
  await underLock(
    dir,
    `making ${dir} a shared mount`,
    'mountpoint -q "$1" || mount --rbind "$1" "$1" && mount --make-rshared "$1"',
    dir,
  );
}
