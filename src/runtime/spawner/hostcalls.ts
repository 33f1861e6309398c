// The few system calls the node makes on the host: mount(2), umount2(2), mkfifo(3), and a child that enters new
// namespaces and pins them to files. The fork server makes them itself (no process for one call: mount(8)
// alone costs an exec and its libraries, about 0.7 ms of CPU, and a pod needs five such calls to start); with
// the in-process spawner, or on an architecture whose syscall numbers are not below, the programs that make
// them run instead (mount, umount, mkfifo, unshare). Both give mount(8)-like error text.
import { spawner, type RunResult } from "./spawner.js";

/** Linux syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl; include/uapi/asm-generic/unistd.h). */
const syscallNumbers: Partial<
  Record<NodeJS.Architecture, { mount: number; umount2: number; unshare: number; sethostname: number }>
> = {
  x64: { mount: 165, umount2: 166, unshare: 272, sethostname: 170 },
  arm64: { mount: 40, umount2: 39, unshare: 97, sethostname: 161 },
};

const MS_RDONLY = 0x1;
const MS_NOSUID = 0x2;
const MS_NODEV = 0x4;
const MS_NOEXEC = 0x8;
const MS_BIND = 0x1000;
const MNT_DETACH = 0x2;
const CLONE_NEWUTS = 0x04000000;
const CLONE_NEWIPC = 0x08000000;
const CLONE_NEWNET = 0x40000000;

/** mount(8)'s option words that are flags; the rest is the filesystem's data string. */
const flagWords: Record<string, number> = {
  ro: MS_RDONLY,
  rw: 0,
  nosuid: MS_NOSUID,
  nodev: MS_NODEV,
  noexec: MS_NOEXEC,
  bind: MS_BIND,
};

async function viaSpawner(op: "sys" | "ns", args: (string | number)[]): Promise<RunResult | undefined> {
  const s = spawner();
  return s.sys ? s.sys(op, args) : undefined;
}

async function program(file: string, args: string[]): Promise<RunResult> {
  return spawner().run(file, args);
}

/** "" for success, else what the call or the program said. */
function outcome(r: RunResult, what: string): string {
  return r.code === 0 ? "" : r.stderr.trim() || `${what} exited with ${r.code}`;
}

/** `mount -t fstype [-o options] source target`: "" when mounted, else the error text. */
export async function mount(source: string, target: string, fstype: string, options = ""): Promise<string> {
  const nr = syscallNumbers[process.arch];
  if (nr) {
    let flags = 0;
    const data: string[] = [];
    for (const w of options.split(",").filter(Boolean)) {
      if (w in flagWords) flags |= flagWords[w];
      else data.push(w);
    }
    const r = await viaSpawner("sys", ["mount", nr.mount, flags, source, target, fstype, data.join(",")]);
    if (r) return outcome(r, "mount");
  }
  return outcome(
    await program("mount", ["-t", fstype, ...(options ? ["-o", options] : []), source, target]),
    "mount",
  );
}

/** `umount [-l] target...`: "" when all are unmounted, else the error text (one line per target). */
export async function unmount(targets: string[], lazy = false): Promise<string> {
  if (targets.length === 0) return "";
  const nr = syscallNumbers[process.arch];
  if (nr) {
    const r = await viaSpawner("sys", ["umount", nr.umount2, lazy ? MNT_DETACH : 0, ...targets]);
    if (r) return outcome(r, "umount");
  }
  return outcome(await program("umount", [...(lazy ? ["-l"] : []), ...targets]), "umount");
}

/** Unmounts target, or when that fails (busy: a process still has it open) detaches it lazily; "" when
 * either worked, else the first attempt's error. */
export async function unmountOrDetach(target: string): Promise<string> {
  const err = await unmount([target]);
  return err === "" || (await unmount([target], true)) === "" ? "" : err;
}

/** `mkfifo -m mode path...`: "" when made, else the error text. */
export async function mkfifo(paths: string[], mode = 0o600): Promise<string> {
  if (paths.length === 0) return "";
  const octal = mode.toString(8);
  const r =
    (await viaSpawner("sys", ["mkfifo", octal, ...paths])) ??
    (await program("mkfifo", ["-m", octal, ...paths]));
  return outcome(r, "mkfifo");
}

export interface NamespacePins {
  /** The files to bind-mount the new network, IPC and UTS namespaces onto; "" keeps the host's. */
  net: string;
  ipc: string;
  uts: string;
}

/**
 * `unshare --net=FILE --ipc=FILE --uts=FILE hostname NAME`: new namespaces pinned to their files (which must
 * exist), the UTS one named (when hostname is not ""). The result as unshare's: code 0, or 103 when the
 * hostname could not be set, else non-zero with a message naming the file it could not bind-mount onto.
 */
export async function unshareOnto(pins: NamespacePins, hostname: string): Promise<RunResult> {
  const nr = syscallNumbers[process.arch];
  const kinds = (["net", "ipc", "uts"] as const).filter((k) => pins[k] !== "");
  if (nr) {
    const flags =
      (pins.net ? CLONE_NEWNET : 0) | (pins.ipc ? CLONE_NEWIPC : 0) | (pins.uts ? CLONE_NEWUTS : 0);
    const r = await viaSpawner("ns", [
      nr.unshare,
      nr.sethostname,
      nr.mount,
      flags,
      pins.uts ? hostname : "",
      ...kinds.flatMap((k) => [k, pins[k]]),
    ]);
    if (r) return r;
  }
  const flags = kinds.map((k) => `--${k}=${pins[k]}`);
  const cmd = pins.uts && hostname ? ["hostname", hostname] : ["true"];
  const r = await spawner().run("unshare", [...flags, ...cmd]);
  // hostname(1) failing inside: the code unshare passes on, as the fork server's child says it
  return r.code !== 0 && r.stderr.trim().startsWith("hostname") ? { ...r, code: 103 } : r;
}
