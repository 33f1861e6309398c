// Unpacks one layer tarball into its own directory, ready to be an overlayfs lowerdir:
// AUFS-style whiteouts (.wh.NAME) become 0/0 character devices and opaque markers
// (.wh..wh..opq) the trusted.overlay.opaque xattr, as overlayfs reads them.
import { createHash, type Hash } from "node:crypto";
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { promisify } from "node:util";
import tar from "tar-stream";

const run = promisify(execFile);
const whiteoutPrefix = ".wh.";
const opaqueMarker = ".wh..wh..opq";

export type Compression = "none" | "gzip" | "zstd";

/** Reads the first bytes of a blob to tell gzip from plain tar (zstd is recognised, not supported). */
export async function detectCompression(file: string): Promise<Compression> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fh.read(buf, 0, 4, 0);
    if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return "gzip";
    if (bytesRead === 4 && buf.readUInt32LE(0) === 0xfd2fb528) return "zstd";
    return "none";
  } finally {
    await fh.close();
  }
}

/** A stream stage that hashes what passes through (the layer's DiffID is the digest of the uncompressed tar). */
class Digester extends Transform {
  readonly hash: Hash = createHash("sha256");
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

/** The uncompressed tar stream of a layer blob. */
export async function openLayer(file: string): Promise<Readable> {
  const compression = await detectCompression(file);
  if (compression === "zstd") throw new Error("zstd-compressed layers are not supported");
  const raw = createReadStream(file);
  return compression === "gzip" ? raw.pipe(createGunzip()) : raw;
}

/** Computes a layer's DiffID without unpacking it. */
export async function layerDiffID(file: string): Promise<string> {
  const d = new Digester();
  await pipeline(await openLayer(file), d, async (src: AsyncIterable<Buffer>) => {
    for await (const _ of src) void _;
  });
  return `sha256:${d.hash.digest("hex")}`;
}

/** Sets trusted.overlay.opaque=y; Node has no setxattr, so setfattr (Debian "attr") or perl's syscall does it. */
async function markOpaque(dir: string): Promise<void> {
  try {
    await run("setfattr", ["-n", "trusted.overlay.opaque", "-v", "y", dir]);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const setxattrSyscall: Record<string, number> = { x64: 188, arm64: 5 };
  const nr = setxattrSyscall[process.arch];
  if (nr === undefined) throw new Error(`cannot mark ${dir} opaque: setfattr is missing`);
  const script = `my ($p, $n, $v) = ($ARGV[0], "trusted.overlay.opaque", "y"); syscall(${nr}, $p, $n, $v, 1, 0) == 0 or die "setxattr: $!\\n";`;
  await run("perl", ["-e", script, dir]);
}

async function mknod(file: string, kind: "c" | "b" | "p", major = 0, minor = 0): Promise<void> {
  const args = kind === "p" ? [file, "p"] : [file, kind, String(major), String(minor)];
  await run("mknod", args);
}

/** Entry names are relative to the layer root; anything that climbs out is refused. */
function cleanName(name: string): string | undefined {
  if (name.split("/").includes("..")) return undefined;
  const n = path.posix.normalize("/" + name).slice(1);
  if (n === "" || n.startsWith("..")) return n === "" ? "" : undefined;
  return n.replace(/\/$/, "");
}

export interface UnpackResult {
  diffID: string;
  /** Bytes of file content written. */
  size: number;
}

/**
 * Unpacks `blob` into `dest` (which must not exist) and returns the DiffID it computed.
 * Entries whose parent is a symlink are refused so a layer cannot write outside `dest`.
 */
export async function unpackLayer(blob: string, dest: string): Promise<UnpackResult> {
  await fs.mkdir(dest, { recursive: false, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  const dirs: { p: string; mode: number; uid: number; gid: number; mtime: Date }[] = [];
  const safeDirs = new Set<string>([dest]);
  let size = 0;

  // Creates the parents of an entry, refusing to go through symlinks.
  const ensureParent = async (rel: string): Promise<string> => {
    const parts = rel.split("/").slice(0, -1);
    let cur = dest;
    for (const part of parts) {
      cur = path.join(cur, part);
      if (safeDirs.has(cur)) continue;
      const st = await fs.lstat(cur).catch(() => undefined);
      if (st === undefined) await fs.mkdir(cur, { mode: 0o755 });
      else if (!st.isDirectory()) throw new Error(`layer entry ${rel} goes through a non-directory`);
      safeDirs.add(cur);
    }
    return path.join(dest, rel);
  };

  const digester = new Digester();
  const extract = tar.extract();
  const unpack = async (): Promise<void> => {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = cleanName(h.name);
      if (rel === undefined) throw new Error(`layer entry ${h.name} escapes the layer root`);
      if (rel === "") {
        entry.resume();
        continue;
      }
      const target = await ensureParent(rel);
      const base = path.posix.basename(rel);
      if (base === opaqueMarker) {
        entry.resume();
        if (!asRoot)
          throw new Error(
            `layer has opaque directory ${path.posix.dirname(rel)}: unpacking it for overlayfs needs root`,
          );
        await markOpaque(path.dirname(target));
        continue;
      }
      if (base.startsWith(whiteoutPrefix)) {
        entry.resume();
        const hidden = path.join(path.dirname(target), base.slice(whiteoutPrefix.length));
        await fs.rm(hidden, { recursive: true, force: true });
        if (!asRoot) throw new Error(`layer has whiteout ${rel}: unpacking it for overlayfs needs root`);
        await mknod(hidden, "c", 0, 0);
        continue;
      }
      const existing = await fs.lstat(target).catch(() => undefined);
      if (existing !== undefined && !(existing.isDirectory() && h.type === "directory")) {
        await fs.rm(target, { recursive: true, force: true });
        safeDirs.delete(target);
      }
      const mode = (h.mode ?? 0o644) & 0o7777;
      switch (h.type) {
        case "directory":
          if (existing === undefined || !existing.isDirectory()) await fs.mkdir(target, { mode: 0o755 });
          safeDirs.add(target);
          dirs.push({ p: target, mode, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime ?? new Date(0) });
          entry.resume();
          continue;
        case "file":
        case "contiguous-file": {
          await pipeline(entry, createWriteStream(target, { mode: 0o600 }));
          size += h.size ?? 0;
          break;
        }
        case "symlink":
          entry.resume();
          await fs.symlink(h.linkname ?? "", target);
          break;
        case "link": {
          entry.resume();
          const linkRel = cleanName(h.linkname ?? "");
          if (linkRel === undefined || linkRel === "")
            throw new Error(`hard link ${h.name} points outside the layer`);
          await fs.link(path.join(dest, linkRel), target);
          continue; // shares the inode (and metadata) of its target
        }
        case "character-device":
        case "block-device":
          entry.resume();
          if (!asRoot) continue; // only root can create device nodes; rootless unpacking skips them
          await mknod(target, h.type === "character-device" ? "c" : "b", h.devmajor ?? 0, h.devminor ?? 0);
          break;
        case "fifo":
          entry.resume();
          await mknod(target, "p");
          break;
        default:
          entry.resume();
          continue;
      }
      if (asRoot) await fs.lchown(target, h.uid ?? 0, h.gid ?? 0);
      if (h.type !== "symlink") await fs.chmod(target, mode);
      const mtime = h.mtime ?? new Date(0);
      await fs.lutimes(target, mtime, mtime);
    }
  };
  const src = await openLayer(blob);
  const unpacking = unpack().catch((e: unknown) => {
    extract.destroy(e as Error);
    throw e;
  });
  await Promise.all([pipeline(src, digester, extract), unpacking]);
  // Directory metadata last: writing children changes a directory's mtime.
  for (const d of dirs.reverse()) {
    if (asRoot) await fs.lchown(d.p, d.uid, d.gid);
    await fs.chmod(d.p, d.mode);
    await fs.utimes(d.p, d.mtime, d.mtime);
  }
  return { diffID: `sha256:${digester.hash.digest("hex")}`, size };
}
