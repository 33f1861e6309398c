import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import tar from "tar-stream";
import { importArchive } from "./archive.js";
import { buildBusyboxImage, busyboxTag, busyboxVersion } from "./busybox.js";
import { MediaType, type ImageConfig, type Manifest } from "./oci.js";
import { ImageStore } from "./store.js";
import { buildUmociImage, missingTool, skopeoArchive } from "./testdata.js";

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const noBusybox =
  (await missingTool("/bin/busybox")) === undefined
    ? false
    : "/bin/busybox is missing (apt-get install busybox-static)";
const missingArchiveTools = await missingTool("umoci", "skopeo", "/bin/busybox");
const noArchiveTools =
  missingArchiveTools === undefined
    ? false
    : `${missingArchiveTools} is not installed (apt-get install umoci skopeo busybox-static)`;

async function tempStore(t: {
  after(fn: () => Promise<void>): void;
}): Promise<{ dir: string; store: ImageStore }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-store-test-"));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  return { dir, store: await ImageStore.open(path.join(dir, "store")) };
}

test("busybox image from busybox-static, honestly tagged and runnable", { skip: noBusybox }, async (t) => {
  const { store } = await tempStore(t);
  const version = await busyboxVersion();
  assert.ok(version !== undefined);
  const r = await buildBusyboxImage(store);
  assert.ok(r.ok, r.ok ? "" : r.message);
  const tag = busyboxTag(version);
  assert.deepEqual(r.image.repoTags, [`docker.io/library/${tag}`]);
  assert.deepEqual(r.image.config.config?.Cmd, ["sh"]);
  // rebuilding yields the same image ID (the layer is reproducible)
  const again = await buildBusyboxImage(store);
  assert.ok(again.ok);
  assert.equal(again.image.id, r.image.id);
  assert.equal((await store.list()).length, 1);
  // a tag claiming another busybox version is refused
  const lie = await buildBusyboxImage(store, "busybox:0.1");
  assert.ok(!lie.ok);
  assert.match(lie.message, /is BusyBox .*; it would be tagged busybox:/);

  const lower = await store.lowerDirs(tag.replace(/^busybox/, "busybox"));
  assert.ok(lower !== undefined && lower.length === 1);
  const root = lower[0];
  assert.equal(await fs.readlink(path.join(root, "bin", "sh")), "/bin/busybox");
  assert.match(await fs.readFile(path.join(root, "etc", "passwd"), "utf8"), /^root:x:0:0:/);
  assert.equal((await fs.stat(path.join(root, "tmp"))).mode & 0o7777, 0o1777);
  if (isRoot) {
    const { stdout } = await run("chroot", [
      root,
      "/bin/sh",
      "-c",
      "echo $((6 * 7)); httpd --help 2>&1 | head -1",
    ]);
    assert.match(stdout, /^42\n.*BusyBox/);
  }
});

test(
  "docker-archive and OCI archive import, list, status and refcounted remove",
  { skip: noArchiveTools },
  async (t) => {
    const { dir, store } = await tempStore(t);
    const layout = await buildUmociImage(path.join(dir), "v1", "archived");
    const dockerTar = path.join(dir, "docker.tar");
    const ociTar = path.join(dir, "oci.tar");
    await skopeoArchive(layout, "v1", "docker-archive", dockerTar, "example.com/team/app:1.0");
    await skopeoArchive(layout, "v1", "oci-archive", ociTar, "example.com/team/app:oci");

    const d = await importArchive(store, dockerTar);
    assert.ok(d.ok, d.ok ? "" : d.message);
    assert.deepEqual(
      d.images.map((i) => i.repoTags),
      [["example.com/team/app:1.0"]],
    );
    const o = await importArchive(store, ociTar);
    assert.ok(o.ok, o.ok ? "" : o.message);
    const ociImage = o.images[0];
    assert.ok(ociImage !== undefined);
    assert.ok(ociImage.repoTags.length === 1, JSON.stringify(ociImage.repoTags));
    // both carry the same config, so the same image ID, and share unpacked layers
    assert.equal(ociImage.id, d.images[0]?.id);
    assert.deepEqual(ociImage.config.config?.Entrypoint, ["/bin/sh"]);

    const listed = await store.list();
    assert.deepEqual(
      listed.flatMap((i) => i.repoTags).sort(),
      ["example.com/team/app:1.0", ...ociImage.repoTags].sort(),
    );
    assert.equal((await store.status("example.com/team/app:1.0"))?.id, ociImage.id);
    assert.equal((await store.status(ociImage.id.slice(7, 19)))?.id, ociImage.id);
    assert.equal(await store.status("example.com/team/app:2.0"), undefined);

    const lower = await store.lowerDirs("example.com/team/app:1.0");
    const marker = path.join(lower?.[0] as string, "etc", "marker");
    assert.equal(await fs.readFile(marker, "utf8"), "archived");

    // removing one name keeps content another name uses
    const r1 = await store.remove("example.com/team/app:1.0");
    assert.deepEqual(r1?.untagged, ["example.com/team/app:1.0"]);
    assert.equal(await fs.readFile(marker, "utf8"), "archived");
    // a held image keeps its content after its last name goes
    await store.hold(ociImage.id, "container-1");
    const r2 = await store.remove(ociImage.repoTags[0]);
    assert.ok(r2 !== undefined && !r2.deleted.includes(ociImage.diffIDs[0]));
    assert.equal(await fs.readFile(marker, "utf8"), "archived");
    const released = await store.release(ociImage.id, "container-1");
    assert.ok(released.deleted.includes(ociImage.id));
    await assert.rejects(fs.access(marker));
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(await fs.readdir(path.join(store.root, "oci", "blobs", "sha256")), []);
    assert.equal(await store.remove("example.com/team/app:1.0"), undefined);

    // `docker save | gzip` imports too
    const gz = path.join(dir, "docker.tar.gz");
    await pipeline(createReadStream(dockerTar), createGzip(), createWriteStream(gz));
    const fromGz = await importArchive(store, gz);
    assert.ok(fromGz.ok, fromGz.ok ? "" : fromGz.message);
    assert.deepEqual(fromGz.images[0]?.repoTags, ["example.com/team/app:1.0"]);
    assert.equal(await fs.readFile(marker, "utf8"), "archived");
    await store.remove("example.com/team/app:1.0");

    const bad = path.join(dir, "not-a-tar");
    await fs.writeFile(bad, "hello");
    const r = await importArchive(store, bad);
    assert.ok(!r.ok);
    assert.match(r.message, /not-a-tar/);
  },
);

/** Stores a one-image manifest whose layers are built from tar entries. */
async function storeLayers(
  store: ImageStore,
  layers: { name: string; type?: "file" | "directory" | "symlink"; body?: string; linkname?: string }[][],
): Promise<string> {
  const descs = [];
  for (const entries of layers) {
    const pack = tar.pack();
    const ingesting = store.ingest(Readable.from(pack as AsyncIterable<Buffer>));
    for (const e of entries)
      pack.entry(
        {
          name: e.name,
          type: e.type ?? "file",
          mode: e.type === "directory" ? 0o755 : 0o644,
          linkname: e.linkname,
        },
        e.body ?? "",
      );
    pack.finalize();
    descs.push(await ingesting);
  }
  const config: ImageConfig = {
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: descs.map((d) => d.digest) },
  };
  const c = await store.writeJSON(config, MediaType.ociConfig);
  const m: Manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: c,
    layers: descs.map((d) => ({ mediaType: MediaType.ociLayer, digest: d.digest, size: d.size })),
  };
  const md = await store.writeJSON(m, MediaType.ociManifest);
  await store.commitImage(md, ["example.com/layers:test"]);
  return "example.com/layers:test";
}

test("a layer that climbs out of its directory is refused", async (t) => {
  const { dir, store } = await tempStore(t);
  // root unpacks when the image is stored, others when its layers are first asked for
  const unpack = async (layers: Parameters<typeof storeLayers>[1]): Promise<void> => {
    await store.lowerDirs(await storeLayers(store, layers));
  };
  await assert.rejects(unpack([[{ name: "ok/../../../escaped", body: "x" }]]), /escapes the layer root/);
  await assert.rejects(
    unpack([
      [
        { name: "link", type: "symlink", linkname: dir },
        { name: "link/escaped", body: "x" },
      ],
    ]),
    /goes through a non-directory/,
  );
  await assert.rejects(fs.access(path.join(dir, "escaped")));
});

test(
  "whiteouts and opaque directories hide lower content under overlayfs",
  { skip: isRoot ? false : "needs root (mknod whiteouts, trusted.* xattrs, mount)" },
  async (t) => {
    const { dir, store } = await tempStore(t);
    const ref = await storeLayers(store, [
      [
        { name: "keep", body: "kept" },
        { name: "gone", body: "deleted above" },
        { name: "dir/", type: "directory" },
        { name: "dir/old", body: "hidden by opaque" },
      ],
      [
        { name: ".wh.gone" },
        { name: "dir/", type: "directory" },
        { name: "dir/.wh..wh..opq" },
        { name: "dir/new", body: "fresh" },
      ],
    ]);
    const lower = await store.lowerDirs(ref);
    assert.ok(lower !== undefined && lower.length === 2);
    const merged = path.join(dir, "merged");
    await fs.mkdir(merged);
    await run("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=${lower.join(":")}`, merged]);
    try {
      assert.deepEqual((await fs.readdir(merged)).sort(), ["dir", "keep"]);
      assert.deepEqual(await fs.readdir(path.join(merged, "dir")), ["new"]);
      assert.equal(await fs.readFile(path.join(merged, "keep"), "utf8"), "kept");
    } finally {
      await run("umount", [merged]);
    }
  },
);

test("opening the store drops temp files of writers that died", async (t) => {
  const { store } = await tempStore(t);
  const dead = path.join(store.tmpDir, "ingest-999999999-abcdef");
  const mine = store.tempPath("ingest");
  await fs.writeFile(dead, "partial");
  await fs.writeFile(mine, "in progress");
  await ImageStore.open(store.root);
  await assert.rejects(fs.access(dead));
  await fs.access(mine);
});
