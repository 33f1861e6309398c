// The mount points of a container's mounts (/etc/hosts, /etc/hostname, /etc/resolv.conf, the service-account
// token's directory, volumes' paths) that its image lacks, made once per image and set of mounts in a
// read-only layer laid over the image, as Docker's init layer holds them. runc would otherwise make them in
// every container's writable layer: a dozen new inodes on disk per container, each an overlay copy-up of its
// parent, and inode allocation on a busy disk is what starting many pods at once waited on.
// The layer holds only what the merged image does not have, so the container sees what runc would have made.
// It lives on the runtime's state tmpfs: it is derived data, rebuilt on demand after a reboot.
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  chownSync,
  chmodSync,
  type Stats,
} from "node:fs";
import { join, posix } from "node:path";
import type { OciMount } from "./oci-spec.js";

/** One entry of a layer: a directory (made, or standing for the image's own one) or an empty file. */
export interface MountPointEntry {
  path: string;
  kind: "dir" | "file";
  /** The image's directory this one stands for (overlay shows the topmost layer's attributes). */
  from?: { mode: number; uid: number; gid: number; mtimeMs: number };
}

type Lookup = { kind: "missing" } | { kind: "dir"; st: Stats } | { kind: "other" };

/** What the merged image has at path (relative, no leading slash): the topmost layer's entry; a whiteout (a
 * 0/0 character device) means nothing. An opaque directory above a lower layer's entry is not seen (Node
 * cannot read xattrs): the entry then looks present and is left to runc, which is only slower. */
function lookup(layersTopFirst: string[], rel: string): Lookup {
  for (const layer of layersTopFirst) {
    let st: Stats;
    try {
      st = lstatSync(join(layer, rel));
    } catch {
      continue;
    }
    if (st.isCharacterDevice() && st.rdev === 0) return { kind: "missing" };
    return st.isDirectory() ? { kind: "dir", st } : { kind: "other" };
  }
  return { kind: "missing" };
}

/**
 * The entries a layer needs so that every mount point of mounts exists, given the image's layers (bottom
 * first, as the overlay's lowerdir is built from them). Mirrors runc: a mount is made on the root filesystem
 * unless an earlier mount covers its path; a bind mount's point is a directory when its source is one, else
 * a file; other mounts need a directory. Paths through a symlink, or whose last part the image already has,
 * are left to runc.
 */
export function mountPointEntries(mounts: OciMount[], lowerDirs: string[]): MountPointEntry[] {
  const layers = [...lowerDirs].reverse();
  const entries = new Map<string, MountPointEntry>();
  const done: string[] = [];
  const known = new Map<string, Lookup>();
  const look = (rel: string): Lookup => {
    let l = known.get(rel);
    if (l === undefined) known.set(rel, (l = lookup(layers, rel)));
    return l;
  };
  for (const m of mounts) {
    const dest = posix.normalize(m.destination).replace(/(.)\/+$/, "$1");
    const covered = done.some((d) => dest === d || dest.startsWith(d === "/" ? d : `${d}/`));
    done.push(dest);
    if (covered || !dest.startsWith("/") || dest === "/") continue;
    let kind: "dir" | "file" = "dir";
    if (m.type === "bind") {
      try {
        kind = statSync(m.source).isDirectory() ? "dir" : "file";
      } catch {
        continue; // runc reports the missing source
      }
    }
    const parts = dest.slice(1).split("/");
    const add: MountPointEntry[] = [];
    let missing = false;
    let through = true;
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(0, i + 1).join("/");
      const last = i === parts.length - 1;
      if (!missing) {
        const l = look(rel);
        if (l.kind === "dir" && !last) {
          const { mode, uid, gid, mtimeMs } = l.st;
          add.push({ path: rel, kind: "dir", from: { mode: mode & 0o7777, uid, gid, mtimeMs } });
          continue;
        }
        if (l.kind !== "missing") {
          // the image has it (or a symlink or file on the way): runc deals with it as it is
          through = false;
          break;
        }
        missing = true;
      }
      add.push({ path: rel, kind: last ? kind : "dir" });
    }
    if (!through) continue;
    for (const e of add) if (!entries.has(e.path)) entries.set(e.path, e);
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Builds a layer's directory tree at dir (which must not exist). */
function build(dir: string, entries: MountPointEntry[]): void {
  mkdirSync(dir, { mode: 0o755 });
  // parents sort before their children; attributes are set after the children are made (mtime)
  for (const e of entries) {
    const p = join(dir, e.path);
    // as runc makes them: 0755 under runc's umask 022
    if (e.kind === "dir") mkdirSync(p, { mode: 0o755 });
    else closeSync(openSync(p, "wx", 0o755));
  }
  for (const e of [...entries].reverse()) {
    if (!e.from) continue;
    const p = join(dir, e.path);
    chownSync(p, e.from.uid, e.from.gid);
    chmodSync(p, e.from.mode);
    utimesSync(p, e.from.mtimeMs / 1000, e.from.mtimeMs / 1000);
  }
}

/** How many layers no container uses are kept for the next container of the same pod template. */
const KEEP_UNUSED = 16;

/** The layers under one directory, shared by the containers that need the same entries on the same image. */
export class MountPointLayers {
  private readonly refs = new Map<string, number>();
  /** Layers no container uses, oldest first. */
  private readonly unused: string[] = [];

  constructor(private readonly dir: string) {}

  /** Counts the containers a previous runtime left (their keys), and removes every other layer. */
  open(inUse: Iterable<string>): void {
    for (const k of inUse) this.refs.set(k, (this.refs.get(k) ?? 0) + 1);
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir))
      if (!this.refs.has(name)) rmSync(join(this.dir, name), { recursive: true, force: true });
  }

  /** Removes every layer when none is used (the runtime closes with no container left). */
  clear(): void {
    if (this.refs.size > 0) return;
    this.unused.length = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The layer for these entries on this image (made when missing), counted as used until release(key).
   * Synchronous, so a release running meanwhile never removes a layer about to be mounted. */
  acquire(lowerDirs: string[], entries: MountPointEntry[]): { key: string; dir: string } | undefined {
    if (entries.length === 0) return undefined;
    const key = createHash("sha256")
      .update(JSON.stringify({ lowerDirs, entries }))
      .digest("hex")
      .slice(0, 32);
    const dir = join(this.dir, key);
    if (!existsSync(dir)) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const tmp = join(this.dir, `.${key}.${randomBytes(4).toString("hex")}`);
      try {
        build(tmp, entries);
        renameSync(tmp, dir);
      } catch (e) {
        rmSync(tmp, { recursive: true, force: true });
        throw e;
      }
    }
    this.refs.set(key, (this.refs.get(key) ?? 0) + 1);
    const i = this.unused.indexOf(key);
    if (i >= 0) this.unused.splice(i, 1);
    return { key, dir };
  }

  /** A container using the layer is gone; the oldest unused layers beyond a few are removed. */
  release(key: string): void {
    const n = (this.refs.get(key) ?? 0) - 1;
    if (n > 0) {
      this.refs.set(key, n);
      return;
    }
    this.refs.delete(key);
    this.unused.push(key);
    while (this.unused.length > KEEP_UNUSED) {
      const old = this.unused.shift()!;
      rmSync(join(this.dir, old), { recursive: true, force: true });
    }
  }
}
