// Builds a real busybox image from Debian's busybox-static so pods run with no registry:
// one layer with /bin/busybox, its applet symlinks and a minimal /etc, tagged with the
// version the binary reports (1.35.0 -> busybox:1.35). Same binary, same image ID.
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import tar from "tar-stream";
import { MediaType, hostPlatform, type ImageConfig, type Manifest } from "./oci.js";
import { normalizeName, type Image, type ImageStore } from "./store.js";

const run = promisify(execFile);

export const busyboxPath = "/bin/busybox";

export type BuildResult = { ok: true; image: Image; version: string } | { ok: false; message: string };

/** "1.35.0" from the first line of `busybox` ("BusyBox v1.35.0 (Debian ...) multi-call binary."). */
export async function busyboxVersion(bin = busyboxPath): Promise<string | undefined> {
  const out = await run(bin, [], { encoding: "utf8" }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? "", // older busybox exits 1 when run bare
  );
  return /BusyBox v(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1];
}

/** The tag the binary earns: major.minor of its version. */
export function busyboxTag(version: string): string {
  return `busybox:${version.split(".").slice(0, 2).join(".")}`;
}

const passwd =
  "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n";
const group = "root:x:0:\ndaemon:x:1:\nnobody:x:65534:\n";

/**
 * Builds the image into the store. The tag defaults to the one the binary's version gives;
 * a tag naming another busybox version is refused, since the image would lie.
 */
export async function buildBusyboxImage(
  store: ImageStore,
  tag?: string,
  bin = busyboxPath,
): Promise<BuildResult> {
  const st = await fs.stat(bin).catch(() => undefined);
  if (st === undefined) return { ok: false, message: `${bin} not found: install Debian's busybox-static` };
  const version = await busyboxVersion(bin);
  if (version === undefined) return { ok: false, message: `${bin} does not report a BusyBox version` };
  const honest = busyboxTag(version);
  const wanted = tag ?? honest;
  const name = normalizeName(wanted);
  if (name === undefined) return { ok: false, message: `invalid image name ${wanted}` };
  const honestName = normalizeName(honest) as string;
  if (name.startsWith("docker.io/library/busybox:") && name !== honestName) {
    return {
      ok: false,
      message: `${bin} is BusyBox ${version}; it would be tagged ${honest}, not ${wanted}`,
    };
  }
  const applets = (await run(bin, ["--list-full"], { encoding: "utf8" })).stdout
    .split("\n")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "bin/busybox");
  const binary = await fs.readFile(bin);
  const mtime = new Date(Math.floor(st.mtimeMs / 1000) * 1000); // the package's, so rebuilds are identical

  const pack = tar.pack();
  const dirs = new Map<string, number>([
    ["bin", 0o755],
    ["dev", 0o755],
    ["etc", 0o755],
    ["home", 0o755],
    ["proc", 0o555],
    ["root", 0o700],
    ["sbin", 0o755],
    ["sys", 0o555],
    ["tmp", 0o1777],
    ["usr", 0o755],
    ["usr/bin", 0o755],
    ["usr/sbin", 0o755],
    ["var", 0o755],
    ["var/www", 0o755],
  ]);
  for (const a of applets) {
    const d = a.split("/").slice(0, -1).join("/");
    if (d !== "" && !dirs.has(d)) dirs.set(d, 0o755);
  }
  const entries = (): void => {
    for (const [d, mode] of [...dirs].sort(([a], [b]) => a.localeCompare(b)))
      pack.entry({ name: d + "/", type: "directory", mode, mtime, uid: 0, gid: 0 });
    pack.entry(
      { name: "bin/busybox", type: "file", mode: 0o755, mtime, uid: 0, gid: 0, size: binary.length },
      binary,
    );
    pack.entry({ name: "etc/passwd", mode: 0o644, mtime, uid: 0, gid: 0 }, passwd);
    pack.entry({ name: "etc/group", mode: 0o644, mtime, uid: 0, gid: 0 }, group);
    for (const a of [...applets].sort())
      pack.entry({ name: a, type: "symlink", linkname: "/bin/busybox", mode: 0o777, mtime, uid: 0, gid: 0 });
    pack.finalize();
  };
  const ingesting = store.ingest(Readable.from(pack as AsyncIterable<Buffer>));
  entries();
  const layer = await ingesting; // plain tar: its digest is also its DiffID
  const created = mtime.toISOString();
  const config: ImageConfig = {
    created,
    ...hostPlatform(),
    config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["sh"] },
    rootfs: { type: "layers", diff_ids: [layer.digest] },
    history: [
      {
        created,
        created_by: `k8ts: ${bin} (BusyBox ${version}, Debian busybox-static) with its applet links`,
        comment: "k8ts buildBusyboxImage",
      },
    ],
  };
  const configDesc = await store.writeJSON(config, MediaType.ociConfig);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: configDesc,
    layers: [{ mediaType: MediaType.ociLayer, digest: layer.digest, size: layer.size }],
    annotations: { "org.opencontainers.image.version": version },
  };
  const md = await store.writeJSON(manifest, MediaType.ociManifest);
  return { ok: true, image: await store.commitImage(md, [name]), version };
}
