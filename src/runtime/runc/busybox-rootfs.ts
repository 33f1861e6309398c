// A one-layer image made from the host's static busybox (Debian's busybox-static): /bin/busybox and a
// symlink per applet, plus /etc/passwd and /etc/group. It stands in for the image store in tests and
// for the sandbox holder's root filesystem; the image store (src/runtime/images) replaces it for pods.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import type { ImageConfig, ImageLayers, ImageSpec, RootfsProvider, RuntimeResult } from "../cri.js";
import { fail, ok } from "../cri.js";

export const HOST_BUSYBOX_CANDIDATES = ["/bin/busybox", "/usr/bin/busybox"];

export function hostBusybox(): string | undefined {
  return HOST_BUSYBOX_CANDIDATES.find((p) => existsSync(p));
}

/** Builds (once) the busybox root filesystem in dir; returns dir. */
export function buildBusyboxRootfs(dir: string, busybox = hostBusybox()): string {
  if (existsSync(join(dir, "bin", "busybox"))) return dir;
  if (!busybox) throw new Error("busybox not found (install busybox-static)");
  for (const d of ["bin", "etc", "tmp", "proc", "sys", "dev", "root", "home"])
    mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, "tmp"), 0o1777);
  copyFileSync(busybox, join(dir, "bin", "busybox"));
  chmodSync(join(dir, "bin", "busybox"), 0o755);
  const applets = execFileSync(busybox, ["--list"], { encoding: "utf8" })
    .split("\n")
    .filter((a) => a && a !== "busybox");
  for (const a of applets) {
    const p = join(dir, "bin", a);
    if (!existsSync(p)) symlinkSync("busybox", p);
  }
  writeFileSync(
    join(dir, "etc", "passwd"),
    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
  );
  writeFileSync(join(dir, "etc", "group"), "root:x:0:\nnobody:x:65534:\n");
  return dir;
}

/** Serves one image name from a busybox root filesystem. */
export class BusyboxRootfsProvider implements RootfsProvider {
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly config: ImageConfig,
  ) {}

  resolve(image: ImageSpec): Promise<RuntimeResult<ImageLayers>> {
    if (image.image !== this.name)
      return Promise.resolve(fail("NotFound", `image "${image.image}" not found`));
    return Promise.resolve(
      ok({ imageRef: `local/${this.name}`, lowerDirs: [buildBusyboxRootfs(this.dir)], config: this.config }),
    );
  }
}
