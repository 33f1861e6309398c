// Atomic volume contents, as upstream's pkg/volume/util AtomicWriter: the files are written into a new
// timestamped directory (..2006_01_02_15_04_05.NNNN), the "..data" symlink is swapped to it in one rename,
// each top-level name is a symlink through ..data, names no longer in the payload are removed, and the old
// directory goes. A reader therefore sees either the old or the new set of files, never a mix.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, normalize } from "node:path";

export interface FileProjection {
  data: Buffer;
  mode: number;
}

const dataDirName = "..data";
const newDataDirName = "..data_tmp";
const maxFileNameLength = 255;
const maxPathLength = 4096;

/** upstream validatePath. */
export function validatePath(p: string): string | undefined {
  if (p === "") return `invalid path: must not be empty: ""`;
  if (p.startsWith("/")) return `invalid path: must be relative path: ${p}`;
  if (p.length > maxPathLength)
    return `invalid path: must be less than or equal to ${maxPathLength} characters`;
  const items = p.split("/");
  for (const item of items) {
    if (item === "..") return `invalid path: must not contain '..': ${p}`;
    if (item.length > maxFileNameLength)
      return `invalid path: filenames must be less than or equal to ${maxFileNameLength} characters`;
  }
  if (items[0].startsWith("..") && items[0].length > 2) return `invalid path: must not start with '..': ${p}`;
  return undefined;
}

function timestampPrefix(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.`;
}

/** os.MkdirTemp's naming: the prefix and a random decimal number. */
function newTimestampDir(targetDir: string): string {
  for (;;) {
    const dir = join(targetDir, timestampPrefix() + String(Math.floor(Math.random() * 4294967295)));
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

/** Every file and directory under dir, relative ("a", "a/b"). */
function walk(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    out.push(p);
    if (e.isDirectory()) out.push(...walk(dir, p));
  }
  return out;
}

/** Writes `payload` (relative path → file) into targetDir atomically; throws with upstream's messages. */
export function atomicWrite(targetDir: string, payload: Map<string, FileProjection>): void {
  const clean = new Map<string, FileProjection>();
  for (const [k, v] of payload) {
    const err = validatePath(k);
    if (err) throw new Error(err);
    clean.set(normalize(k).replace(/\/$/, ""), v);
  }
  const dataDir = join(targetDir, dataDirName);
  let oldTsDir = "";
  try {
    oldTsDir = readlinkSync(dataDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const oldTsPath = oldTsDir ? join(targetDir, oldTsDir) : "";
  let toRemove: string[] = [];
  let shouldWrite = true;
  if (oldTsDir && existsSync(oldTsPath)) {
    const wanted = new Set<string>();
    for (const k of clean.keys()) {
      const parts = k.split("/");
      for (let i = 1; i <= parts.length; i++) wanted.add(parts.slice(0, i).join("/"));
    }
    toRemove = walk(oldTsPath).filter((p) => !wanted.has(p));
    shouldWrite =
      toRemove.length > 0 ||
      [...clean].some(([k, v]) => {
        // Content only, as upstream: modes are set when content changes.
        try {
          return !readFileSync(join(oldTsPath, k)).equals(v.data);
        } catch {
          return true;
        }
      });
  }
  if (shouldWrite) {
    const tsDir = newTimestampDir(targetDir);
    chmodSync(tsDir, 0o755);
    const tsName = tsDir.slice(targetDir.length + 1);
    try {
      for (const [k, v] of clean) {
        const full = join(tsDir, k);
        mkdirSync(dirname(full), { recursive: true, mode: 0o755 });
        writeFileSync(full, v.data, { mode: v.mode });
        chmodSync(full, v.mode);
      }
      const tmp = join(targetDir, newDataDirName);
      rmSync(tmp, { force: true });
      symlinkSync(tsName, tmp);
      renameSync(tmp, dataDir);
    } catch (e) {
      rmSync(tsDir, { recursive: true, force: true });
      throw e;
    }
    // The user-visible names: a symlink per top-level entry through ..data.
    for (const k of clean.keys()) {
      const top = k.split("/")[0];
      const visible = join(targetDir, top);
      try {
        lstatSync(visible);
      } catch {
        symlinkSync(join(dataDirName, top), visible);
      }
    }
  }
  for (const p of toRemove) {
    if (p.includes("/")) continue;
    try {
      unlinkSync(join(targetDir, p));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  if (shouldWrite && oldTsDir) rmSync(oldTsPath, { recursive: true, force: true });
}
