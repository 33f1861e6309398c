// The mount points layer: exactly the points the merged image lacks (as runc would make them), the image's
// own directories' attributes on the way, and layers shared, kept for a while unused, then removed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
  chmodSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MountPointLayers, mountPointEntries, type MountPointEntry } from "./mountpoints.js";
import type { OciMount } from "./oci-spec.js";

const root = process.getuid?.() === 0;

const bind = (destination: string, source: string): OciMount => ({
  destination,
  type: "bind",
  source,
  options: ["rbind"],
});
const fsMount = (destination: string, type: string): OciMount => ({
  destination,
  type,
  source: type,
  options: [],
});

/** A two-layer image (bottom first) and host paths to bind from. */
function image(base: string): { lowerDirs: string[]; file: string; dir: string } {
  const bottom = join(base, "l0");
  const top = join(base, "l1");
  for (const d of ["etc", "proc", "var", "opt"]) mkdirSync(join(bottom, d), { recursive: true });
  chmodSync(join(bottom, "etc"), 0o750);
  utimesSync(join(bottom, "etc"), 1_000_000, 1_000_000);
  symlinkSync("../run", join(bottom, "var", "run"));
  writeFileSync(join(bottom, "data"), "a file, not a directory");
  mkdirSync(join(top, "etc"), { recursive: true });
  writeFileSync(join(top, "etc", "passwd"), "root:x:0:0::/:/bin/sh\n");
  chmodSync(join(top, "etc"), 0o711);
  utimesSync(join(top, "etc"), 2_000_000, 2_000_000);
  // the top layer deletes /opt (an overlay whiteout); mknod needs root
  if (root) execFileSync("mknod", [join(top, "opt"), "c", "0", "0"]);
  const file = join(base, "host-file");
  writeFileSync(file, "x");
  const dir = join(base, "host-dir");
  mkdirSync(dir);
  return { lowerDirs: [bottom, top], file, dir };
}

test("mountPointEntries: what the merged image lacks, as runc would make it", () => {
  const base = mkdtempSync(join(tmpdir(), "k8ts-mp-"));
  try {
    const img = image(base);
    const mounts = [
      fsMount("/proc", "proc"),
      fsMount("/dev", "tmpfs"),
      fsMount("/dev/pts", "devpts"), // inside /dev's tmpfs: not on the root filesystem
      bind("/dev/termination-log", img.file),
      bind("/etc/hosts", img.file),
      bind("/etc/hostname", img.file),
      bind("/etc/passwd", img.file), // the image has it
      bind("/var/run/secrets/kubernetes.io/serviceaccount", img.dir), // through a symlink: left to runc
      bind("/data", img.dir), // a file in the image: left to runc (which reports it)
      bind("/srv/a/b", img.file),
      bind("/srv/a/c/", img.dir),
      bind("/missing-source", join(base, "nothing")),
      ...(root ? [bind("/opt/x", img.dir)] : []),
    ];
    const got = mountPointEntries(mounts, img.lowerDirs);
    const want: MountPointEntry[] = [
      { path: "dev", kind: "dir" },
      // the top layer's /etc is what overlay shows
      { path: "etc", kind: "dir", from: { mode: 0o711, uid: 0, gid: 0, mtimeMs: 2_000_000_000 } },
      { path: "etc/hostname", kind: "file" },
      { path: "etc/hosts", kind: "file" },
      ...(root
        ? [
            { path: "opt", kind: "dir" as const },
            { path: "opt/x", kind: "dir" as const },
          ]
        : []),
      { path: "srv", kind: "dir" },
      { path: "srv/a", kind: "dir" },
      { path: "srv/a/b", kind: "file" },
      { path: "srv/a/c", kind: "dir" },
    ];
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    assert.deepEqual(
      got,
      want.map((e) => (e.from ? { ...e, from: { ...e.from, uid, gid } } : e)),
    );
    // nothing to add when the image has every point
    assert.deepEqual(
      mountPointEntries([fsMount("/proc", "proc"), bind("/etc/passwd", img.file)], img.lowerDirs),
      [],
    );
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test("MountPointLayers: one layer per image and entries, kept a while unused, swept at open", () => {
  const base = mkdtempSync(join(tmpdir(), "k8ts-mp-"));
  try {
    const img = image(base);
    const layers = new MountPointLayers(join(base, "layers"));
    layers.open([]);
    const entries = mountPointEntries([bind("/etc/hosts", img.file), bind("/srv/x", img.dir)], img.lowerDirs);
    const a = layers.acquire(img.lowerDirs, entries)!;
    const etc = statSync(join(a.dir, "etc"));
    assert.equal(etc.mode & 0o7777, 0o711, "the image's /etc mode");
    assert.equal(etc.mtimeMs, 2_000_000_000, "the image's /etc mtime");
    assert.ok(statSync(join(a.dir, "etc", "hosts")).isFile());
    assert.equal(statSync(join(a.dir, "srv", "x")).mode & 0o7777, 0o755);
    // the same entries on the same image share it; other entries get their own
    const ino = statSync(join(a.dir, "etc", "hosts")).ino;
    const b = layers.acquire(img.lowerDirs, entries)!;
    assert.equal(b.key, a.key);
    assert.equal(statSync(join(b.dir, "etc", "hosts")).ino, ino, "not made again");
    assert.equal(layers.acquire(img.lowerDirs, []), undefined, "no layer when nothing is missing");
    const other = layers.acquire(
      img.lowerDirs,
      mountPointEntries([bind("/etc/hosts", img.file)], img.lowerDirs),
    )!;
    assert.notEqual(other.key, a.key);

    // unused layers are kept (the next pod of the same template reuses them) up to a limit
    layers.release(a.key);
    layers.release(b.key);
    assert.ok(existsSync(a.dir));
    const many: string[] = [];
    for (let i = 0; i < 17; i++) {
      const l = layers.acquire(img.lowerDirs, mountPointEntries([bind(`/m${i}`, img.dir)], img.lowerDirs))!;
      many.push(l.key);
      layers.release(l.key);
    }
    assert.ok(!existsSync(a.dir), "the oldest unused layer is removed");
    assert.ok(existsSync(other.dir), "a used layer is never removed");
    assert.ok(existsSync(join(base, "layers", many[16])));

    // a new runtime keeps the layers its containers use and removes the rest
    const again = new MountPointLayers(join(base, "layers"));
    again.open([other.key]);
    assert.deepEqual(readdirSync(join(base, "layers")), [other.key]);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
