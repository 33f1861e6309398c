// The host calls made both ways: by the fork server itself and by the programs (the in-process spawner).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ForkedSpawner, inProcessSpawner, useSpawner, type Spawner } from "./spawner.js";
import { mkfifo, mount, unmount, unmountOrDetach, unshareOnto } from "./hostcalls.js";

/** The filesystem type and super options mounted at path, undefined when nothing is. */
function mounted(path: string): { type: string; options: string } | undefined {
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const f = line.split(" ");
    if (f[4] !== path) continue;
    const dash = f.indexOf("-", 6);
    return { type: f[dash + 1] ?? "", options: f[dash + 3] ?? "" };
  }
  return undefined;
}

const root = process.platform === "linux" && process.getuid?.() === 0;

for (const [name, make] of [
  ["fork server", () => new ForkedSpawner()],
  ["programs", () => inProcessSpawner],
] as const) {
  test(`host calls (${name}): mount, unmount, mkfifo`, { skip: !root && "needs root" }, async () => {
    const s: Spawner = make();
    const prev = useSpawner(s);
    const base = mkdtempSync(join(tmpdir(), "k8ts-hostcalls-"));
    try {
      const dir = join(base, "m");
      mkdirSync(dir);
      assert.equal(await mount("tmpfs", dir, "tmpfs", "nodev,size=1048576"), "");
      const m = mounted(dir);
      assert.equal(m?.type, "tmpfs");
      assert.match(m?.options ?? "", /size=1024k/);
      writeFileSync(join(dir, "f"), "x");
      assert.equal(await unmount([dir]), "");
      assert.equal(mounted(dir), undefined);

      // errors are text, as mount(8) and umount(8) give them
      assert.match(
        await mount("tmpfs", join(base, "missing"), "tmpfs"),
        /No such file or directory|does not exist/,
      );
      assert.match(await unmount([dir]), /not mounted|Invalid argument/);

      // lazily, several at once
      const dirs = ["a", "b"].map((d) => join(base, d));
      for (const d of dirs) {
        mkdirSync(d);
        assert.equal(await mount("tmpfs", d, "tmpfs"), "");
      }
      assert.equal(await unmount(dirs, true), "");
      for (const d of dirs) assert.equal(mounted(d), undefined);

      // busy (a file open in it): detached lazily instead
      assert.equal(await mount("tmpfs", dir, "tmpfs"), "");
      const fd = openSync(join(dir, "open"), "w");
      try {
        assert.match(await unmount([dir]), /busy/i);
        assert.equal(await unmountOrDetach(dir), "");
        assert.equal(mounted(dir), undefined);
      } finally {
        closeSync(fd);
      }
      assert.match(await unmountOrDetach(dir), /not mounted|Invalid argument/);

      const fifos = ["one", "two"].map((f) => join(base, `${f}.fifo`));
      assert.equal(await mkfifo(fifos), "");
      for (const f of fifos) {
        const st = statSync(f);
        assert.ok(st.isFIFO());
        assert.equal(st.mode & 0o777, 0o600);
      }
      assert.match(await mkfifo([fifos[0]]), /exists/);
    } finally {
      useSpawner(prev);
      s.close();
      rmSync(base, { recursive: true, force: true });
    }
  });

  test(
    `host calls (${name}): new namespaces pinned to files, the hostname set`,
    { skip: !root && "needs root" },
    async () => {
      const s: Spawner = make();
      const prev = useSpawner(s);
      const base = mkdtempSync(join(tmpdir(), "k8ts-hostcalls-ns-"));
      // a private mount to pin in: a bind mount of a namespace under a shared one would propagate
      execFileSync("mount", ["--bind", base, base]);
      execFileSync("mount", ["--make-private", base]);
      const pins = { net: join(base, "net"), ipc: join(base, "ipc"), uts: join(base, "uts") };
      try {
        for (const p of Object.values(pins)) writeFileSync(p, "");
        const r = await unshareOnto(pins, "pinned-host");
        assert.equal(r.code, 0, r.stderr);
        for (const p of Object.values(pins)) assert.equal(mounted(p)?.type, "nsfs", `${p} not pinned`);
        const inside = (args: string[]) =>
          execFileSync("nsenter", [`--uts=${pins.uts}`, `--net=${pins.net}`, ...args], { encoding: "utf8" });
        assert.equal(inside(["hostname"]).trim(), "pinned-host");
        // a new network namespace: loopback only, and not the host's
        assert.notEqual(
          inside(["readlink", "/proc/self/ns/net"]).trim(),
          execFileSync("readlink", ["/proc/self/ns/net"], { encoding: "utf8" }).trim(),
        );
        assert.equal(await unmount(Object.values(pins), true), "");

        // the kernel's 64-byte limit: code 103, as a failed hostname(1) inside unshare(1)
        const bad = await unshareOnto(pins, "h".repeat(100));
        assert.equal(bad.code, 103);
        assert.match(bad.stderr, /hostname/);
        await unmount(
          Object.values(pins).filter((p) => mounted(p)),
          true,
        );
        // a file that is not there: the message names it
        const missing = await unshareOnto({ net: join(base, "gone"), ipc: "", uts: "" }, "");
        assert.notEqual(missing.code, 0);
        assert.match(missing.stderr, /gone/);
      } finally {
        useSpawner(prev);
        s.close();
        for (const p of Object.values(pins)) if (mounted(p)) execFileSync("umount", ["-l", p]);
        execFileSync("umount", ["-l", base]);
        rmSync(base, { recursive: true, force: true });
      }
    },
  );
}
