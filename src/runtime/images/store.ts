// The node's image store: an OCI image layout (blobs by sha256, index.json naming the
// manifests) plus a cache of unpacked layers, one directory per DiffID, that the runtime
// stacks as overlayfs lowerdirs. Several processes may use it (the server and
// `k8ts image import`), so index.json changes go through a lock directory and atomic renames.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { unpackLayer } from "./layer.js";
import {
  ContainerdImageNameAnnotation,
  MediaType,
  RefNameAnnotation,
  isIndexMediaType,
  type Descriptor,
  type ImageConfig,
  type Index,
  type Manifest,
} from "./oci.js";
import { formatReference, parseReference, repositoryName } from "./reference.js";

/** An image as the CRI's ImageService reports it, plus what the runtime needs to build a rootfs. */
export interface Image {
  /** The config digest ("sha256:..."), as containerd's image ID. */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  /** Bytes of the compressed layers and the config. */
  size: number;
  manifestDigest: string;
  config: ImageConfig;
  /** Layer DiffIDs, bottom first. */
  diffIDs: string[];
  /** config.User: the user the image runs as when the pod does not say. */
  user: string;
  /** Set when a container or the kubelet holds the image (it cannot be collected while held). */
  pinned: boolean;
}

export interface RemoveResult {
  /** The names that were removed ("untagged"). */
  untagged: string[];
  /** Blob and layer digests whose content was deleted. */
  deleted: string[];
}

const lockStaleMs = 60_000;

function sha256Hex(digest: string): string {
  const m = /^sha256:([a-f0-9]{64})$/.exec(digest);
  if (m?.[1] === undefined) throw new Error(`unsupported digest ${digest}`);
  return m[1];
}

class Hasher extends Transform {
  readonly hash = createHash("sha256");
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

export class ImageStore {
  readonly root: string;
  private readonly layoutDir: string;
  private readonly layersDir: string;
  private readonly holdsDir: string;
  readonly tmpDir: string;
  private readonly unpacking = new Map<string, Promise<string>>();
  /** Parsed manifests and configs by digest: content-addressed, so never stale while the blob exists. The
   * kubelet asks for an image's status for every container it starts; reading and parsing them each time
   * made 30 pods starting at once wait on the file system. */
  private readonly parsed = new Map<string, unknown>();
  /** index.json as last parsed, with the version (inode, size, mtime) of the file it was parsed from:
   * `k8ts image import` in another process may rewrite it at any time. */
  private index?: { version: string; index: Index };

  private constructor(root: string) {
    this.root = path.resolve(root);
    this.layoutDir = path.join(this.root, "oci");
    // Layers unpacked without root lack their owners and whiteouts, so they live apart and
    // never stand in for root's (which the runc runtime mounts).
    this.layersDir = path.join(this.root, "layers", isRoot() ? "sha256" : "rootless-sha256");
    this.holdsDir = path.join(this.root, "holds");
    this.tmpDir = path.join(this.root, "tmp");
  }

  /** Opens (creating if needed) the store under `root`. */
  static async open(root: string): Promise<ImageStore> {
    const s = new ImageStore(root);
    await fs.mkdir(path.join(s.layoutDir, "blobs", "sha256"), { recursive: true });
    await fs.mkdir(s.layersDir, { recursive: true });
    await fs.mkdir(s.holdsDir, { recursive: true });
    await fs.mkdir(s.tmpDir, { recursive: true });
    const layoutFile = path.join(s.layoutDir, "oci-layout");
    await fs
      .writeFile(layoutFile, JSON.stringify({ imageLayoutVersion: "1.0.0" }), { flag: "wx" })
      .catch(ignoreExists);
    const indexFile = path.join(s.layoutDir, "index.json");
    const empty: Index = { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [] };
    await fs.writeFile(indexFile, JSON.stringify(empty), { flag: "wx" }).catch(ignoreExists);
    await s.removeAbandonedTemp();
    return s;
  }

  /** Drops tmp entries whose writer died mid-way (the name carries the writer's pid). */
  private async removeAbandonedTemp(): Promise<void> {
    for (const name of await fs.readdir(this.tmpDir).catch(() => [] as string[])) {
      const pid = Number(/^[a-z]+-(\d+)-[a-f0-9]+$/.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid <= 0 || pidAlive(pid)) continue;
      await fs.rm(path.join(this.tmpDir, name), { recursive: true, force: true });
    }
  }

  // ---- blobs ----

  blobPath(digest: string): string {
    return path.join(this.layoutDir, "blobs", "sha256", sha256Hex(digest));
  }

  async hasBlob(digest: string): Promise<boolean> {
    return fs.access(this.blobPath(digest)).then(
      () => true,
      () => false,
    );
  }

  /** A fresh path in the store's tmp dir (same filesystem, so renames into place are atomic). */
  tempPath(prefix: string): string {
    return path.join(this.tmpDir, `${prefix}-${process.pid}-${randomBytes(6).toString("hex")}`);
  }

  /**
   * Writes a stream as a blob. With `expected`, the content must hash (and measure) to it,
   * otherwise nothing is stored and an error says what arrived.
   */
  async ingest(
    src: Readable,
    expected?: { digest: string; size?: number },
  ): Promise<Descriptor & { mediaType: "" }> {
    const tmp = this.tempPath("ingest");
    const h = new Hasher();
    try {
      await pipeline(src, h, createWriteStream(tmp, { mode: 0o644 }));
      const digest = `sha256:${h.hash.digest("hex")}`;
      if (expected !== undefined && expected.digest !== digest)
        throw new Error(`digest mismatch: expected ${expected.digest}, got ${digest}`);
      if (expected?.size !== undefined && expected.size !== h.size)
        throw new Error(`size mismatch for ${digest}: expected ${expected.size}, got ${h.size}`);
      await fs.rename(tmp, this.blobPath(digest));
      return { mediaType: "", digest, size: h.size };
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  /** Moves a file into the blobs as the blob it hashes to (for archives unpacked into tmp). */
  async ingestFile(file: string, expectedDigest?: string): Promise<Descriptor & { mediaType: "" }> {
    const expected = expectedDigest === undefined ? undefined : { digest: expectedDigest };
    const d = await this.ingest(createReadStream(file), expected);
    await fs.rm(file, { force: true });
    return d;
  }

  /** Stores bytes exactly as given (a manifest's digest is over its bytes, so JSON from a registry is kept verbatim). */
  async writeBlob(bytes: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    if (!(await this.hasBlob(digest))) {
      const tmp = this.tempPath("blob");
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, this.blobPath(digest));
    }
    return { mediaType, digest, size: bytes.length };
  }

  async writeJSON(value: unknown, mediaType: string): Promise<Descriptor> {
    return this.writeBlob(Buffer.from(JSON.stringify(value)), mediaType);
  }

  async readJSON<T>(digest: string): Promise<T> {
    return JSON.parse(await fs.readFile(this.blobPath(digest), "utf8")) as T;
  }

  /** A manifest or config blob, parsed once. Callers must not modify it. */
  private async readCached<T>(digest: string): Promise<T> {
    const hit = this.parsed.get(digest);
    if (hit !== undefined) return hit as T;
    const v = await this.readJSON<T>(digest);
    this.parsed.set(digest, v);
    return v;
  }

  // ---- index.json ----

  private get indexFile(): string {
    return path.join(this.layoutDir, "index.json");
  }

  private async readIndex(): Promise<Index> {
    const st = await fs.stat(this.indexFile, { bigint: true });
    const version = `${st.ino}/${st.size}/${st.mtimeNs}`;
    if (this.index?.version === version) return structuredClone(this.index.index);
    const index = JSON.parse(await fs.readFile(this.indexFile, "utf8")) as Index;
    this.index = { version, index };
    return structuredClone(index);
  }

  /** Runs `fn` holding the store's lock (a directory; mkdir is atomic across processes). */
  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const lock = path.join(this.root, "index.lock");
    for (let i = 0; ; i++) {
      try {
        await fs.mkdir(lock);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const st = await fs.stat(lock).catch(() => undefined);
        if (st !== undefined && Date.now() - st.mtimeMs > lockStaleMs)
          await fs.rm(lock, { recursive: true, force: true });
        await new Promise((r) => setTimeout(r, Math.min(5 * (i + 1), 50)));
      }
    }
    try {
      return await fn();
    } finally {
      await fs.rm(lock, { recursive: true, force: true });
    }
  }

  private async writeIndex(index: Index): Promise<void> {
    const tmp = this.tempPath("index");
    await fs.writeFile(tmp, JSON.stringify(index));
    await fs.rename(tmp, this.indexFile);
  }

  /**
   * Names a stored manifest: each normalized name moves to it (a name points at one image).
   * With no names the image is kept untagged (as `docker load` of an untagged image).
   */
  async commitImage(manifest: Descriptor, names: string[]): Promise<Image> {
    // root unpacks at import/pull so containers start without waiting; others when asked for lowerDirs
    if (isRoot()) await this.unpackManifest(manifest.digest);
    await this.locked(async () => {
      const index = await this.readIndex();
      const named = new Set(names);
      let manifests = index.manifests.filter((d) => {
        const n = d.annotations?.[RefNameAnnotation];
        if (n !== undefined && named.has(n)) return false;
        // an untagged record of the same manifest is replaced by a named one
        return !(n === undefined && d.digest === manifest.digest && names.length > 0);
      });
      const base: Descriptor = {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.size,
      };
      if (names.length === 0) {
        if (!manifests.some((d) => d.digest === manifest.digest)) manifests.push(base);
      } else {
        manifests = manifests.concat(
          names.map((n) => ({
            ...base,
            annotations: { [RefNameAnnotation]: n, [ContainerdImageNameAnnotation]: n },
          })),
        );
      }
      await this.writeIndex({ ...index, manifests });
    });
    const img = await this.status(manifest.digest);
    if (img === undefined) throw new Error(`image ${manifest.digest} vanished while being committed`);
    return img;
  }

  /** Gives a stored image one more name, like `docker tag`. */
  async tag(image: string, name: string): Promise<Image | undefined> {
    const img = await this.status(image);
    const n = normalizeName(name);
    if (img === undefined || n === undefined) return undefined;
    const size = (await fs.stat(this.blobPath(img.manifestDigest))).size;
    return this.commitImage({ mediaType: MediaType.ociManifest, digest: img.manifestDigest, size }, [n]);
  }

  // ---- layers ----

  /** The directory holding a layer's unpacked content. */
  layerPath(diffID: string): string {
    return path.join(this.layersDir, sha256Hex(diffID));
  }

  /** Unpacks every layer of a manifest not unpacked yet, checking each against the config's DiffIDs. */
  async unpackManifest(manifestDigest: string): Promise<void> {
    const manifest = await this.readCached<Manifest>(manifestDigest);
    const config = await this.readCached<ImageConfig>(manifest.config.digest);
    const diffIDs = config.rootfs.diff_ids;
    if (diffIDs.length !== manifest.layers.length) {
      throw new Error(
        `image ${manifestDigest}: ${manifest.layers.length} layers but ${diffIDs.length} diff_ids`,
      );
    }
    for (const [i, layer] of manifest.layers.entries()) {
      await this.unpackOnce(layer.digest, diffIDs[i]);
    }
  }

  private unpackOnce(blobDigest: string, diffID: string): Promise<string> {
    const dir = this.layerPath(diffID);
    let p = this.unpacking.get(dir);
    if (p === undefined) {
      p = this.unpack(blobDigest, diffID, dir).finally(() => this.unpacking.delete(dir));
      this.unpacking.set(dir, p);
    }
    return p;
  }

  private async unpack(blobDigest: string, diffID: string, dir: string): Promise<string> {
    if (await exists(dir)) return dir;
    const tmp = this.tempPath("layer");
    try {
      const { diffID: got } = await unpackLayer(this.blobPath(blobDigest), tmp);
      if (got !== diffID)
        throw new Error(`layer ${blobDigest}: DiffID is ${got}, the image config says ${diffID}`);
      await fs.rename(tmp, dir).catch(async (e: NodeJS.ErrnoException) => {
        // another process unpacked the same layer first
        if (e.code !== "ENOTEMPTY" && e.code !== "EEXIST") throw e;
      });
      return dir;
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  /**
   * The unpacked layer directories of an image, top layer first: the order overlayfs
   * wants in `lowerdir=` (join them with ":").
   */
  async lowerDirs(image: string): Promise<string[] | undefined> {
    const img = await this.status(image);
    if (img === undefined) return undefined;
    await this.unpackManifest(img.manifestDigest);
    return img.diffIDs.map((d) => this.layerPath(d)).reverse();
  }

  // ---- images ----

  /** Every image, one entry per manifest with all its names. */
  async list(): Promise<Image[]> {
    const index = await this.readIndex();
    const byManifest = new Map<string, string[]>();
    for (const d of index.manifests) {
      if (isIndexMediaType(d.mediaType)) continue;
      const names = byManifest.get(d.digest) ?? [];
      const n = d.annotations?.[RefNameAnnotation];
      if (n !== undefined) names.push(n);
      byManifest.set(d.digest, names);
    }
    const held = await this.heldIDs();
    const out: Image[] = [];
    for (const [digest, names] of byManifest) {
      const img = await this.describe(digest, names, held);
      if (img !== undefined) out.push(img);
    }
    return out;
  }

  /**
   * Finds an image by name ("busybox", "docker.io/library/busybox:1.35"), by name@digest,
   * by ID ("sha256:<config digest>", or a unique prefix of its hex as `docker` allows),
   * or by manifest digest.
   */
  async status(image: string): Promise<Image | undefined> {
    const images = await this.list();
    const name = normalizeName(image);
    if (name !== undefined) {
      const byName = images.find((i) => i.repoTags.includes(name) || i.repoDigests.includes(name));
      if (byName !== undefined) return byName;
      // name@digest where the digest is known under another name
      const r = parseReference(image);
      if (r.ok && r.ref.digest !== undefined) {
        const d = r.ref.digest;
        const hit = images.find(
          (i) =>
            i.manifestDigest === d && i.repoDigests.some((x) => x.startsWith(repositoryName(r.ref) + "@")),
        );
        if (hit !== undefined) return hit;
      }
    }
    const hex = image.startsWith("sha256:") ? image.slice(7) : image;
    if (/^[a-f0-9]{6,64}$/.test(hex)) {
      const hits = images.filter((i) => i.id.slice(7).startsWith(hex) || i.manifestDigest.slice(7) === hex);
      // one image may be stored under several manifests (imported twice in two formats)
      if (hits.length > 0 && hits.every((i) => i.id === hits[0]?.id)) return hits[0];
    }
    return undefined;
  }

  private async describe(
    manifestDigest: string,
    names: string[],
    held: Set<string>,
  ): Promise<Image | undefined> {
    if (!this.parsed.has(manifestDigest) && !(await this.hasBlob(manifestDigest))) return undefined;
    const manifest = await this.readCached<Manifest>(manifestDigest);
    const config = structuredClone(await this.readCached<ImageConfig>(manifest.config.digest));
    const repoTags: string[] = [];
    const repoDigests = new Set<string>();
    for (const n of names) {
      const r = parseReference(n);
      if (!r.ok) continue;
      if (r.ref.tag !== undefined && r.ref.digest === undefined) repoTags.push(formatReference(r.ref));
      repoDigests.add(`${repositoryName(r.ref)}@${manifestDigest}`);
    }
    const size = manifest.config.size + manifest.layers.reduce((a, l) => a + l.size, 0);
    return {
      id: manifest.config.digest,
      repoTags,
      repoDigests: [...repoDigests],
      size,
      manifestDigest,
      config,
      diffIDs: config.rootfs.diff_ids,
      user: config.config?.User ?? "",
      pinned: held.has(manifest.config.digest),
    };
  }

  // ---- holds (refcounts) ----

  /** Records that `holder` (a container ID) uses the image; held content survives `remove`. */
  async hold(imageID: string, holder: string): Promise<void> {
    const dir = path.join(this.holdsDir, sha256Hex(imageID));
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, encodeURIComponent(holder)), "");
  }

  /** Drops a hold; content no longer named nor held is collected. */
  async release(imageID: string, holder: string): Promise<RemoveResult> {
    const dir = path.join(this.holdsDir, sha256Hex(imageID));
    await fs.rm(path.join(dir, encodeURIComponent(holder)), { force: true });
    await fs.rmdir(dir).catch(() => undefined);
    return { untagged: [], deleted: await this.locked(() => this.collect()) };
  }

  private async heldIDs(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const hex of await fs.readdir(this.holdsDir)) {
      const holders = await fs.readdir(path.join(this.holdsDir, hex)).catch(() => []);
      if (holders.length > 0) ids.add(`sha256:${hex}`);
    }
    return ids;
  }

  /**
   * Removes an image the way `crictl rmi`/`k8ts image rm` does: by a name, only that name
   * goes; by ID, every name of the image goes. Blobs and layers that no remaining name
   * and no hold refers to are deleted. Undefined when nothing matches.
   */
  async remove(image: string): Promise<RemoveResult | undefined> {
    const img = await this.status(image);
    if (img === undefined) return undefined;
    const name = normalizeName(image);
    const byName = name !== undefined && (img.repoTags.includes(name) || img.repoDigests.includes(name));
    // by ID, every manifest with this config goes
    const manifestsOfImage = new Set(
      byName
        ? [img.manifestDigest]
        : (await this.list()).filter((i) => i.id === img.id).map((i) => i.manifestDigest),
    );
    return this.locked(async () => {
      const index = await this.readIndex();
      const untagged: string[] = [];
      const manifests = index.manifests.filter((d) => {
        if (!manifestsOfImage.has(d.digest)) return true;
        const n = d.annotations?.[RefNameAnnotation];
        const drop = byName
          ? n === name || (name?.includes("@") === true && n !== undefined && sameRepo(n, name))
          : true;
        if (drop && n !== undefined) untagged.push(n);
        return !drop;
      });
      await this.writeIndex({ ...index, manifests });
      return { untagged, deleted: await this.collect() };
    });
  }

  /** Deletes blobs and unpacked layers nothing refers to. Called with the lock held. */
  private async collect(): Promise<string[]> {
    const index = await this.readIndex();
    const held = await this.heldIDs();
    const liveBlobs = new Set<string>();
    const liveLayers = new Set<string>();
    const keep = async (manifestDigest: string): Promise<void> => {
      if (!(await this.hasBlob(manifestDigest))) return;
      const m = await this.readJSON<Manifest>(manifestDigest);
      liveBlobs.add(manifestDigest);
      liveBlobs.add(m.config.digest);
      for (const l of m.layers) liveBlobs.add(l.digest);
      const c = await this.readJSON<ImageConfig>(m.config.digest);
      for (const d of c.rootfs.diff_ids) liveLayers.add(d);
    };
    for (const d of index.manifests) await keep(d.digest);
    // held images keep their content even with no name left
    const blobDir = path.join(this.layoutDir, "blobs", "sha256");
    const blobs = await fs.readdir(blobDir);
    if (held.size > 0) {
      for (const hex of blobs) {
        const digest = `sha256:${hex}`;
        if (liveBlobs.has(digest)) continue;
        const m = await this.readJSON<Partial<Manifest>>(digest).catch(() => undefined);
        if (m?.config !== undefined && held.has(m.config.digest)) await keep(digest);
      }
    }
    const deleted: string[] = [];
    for (const hex of blobs) {
      const digest = `sha256:${hex}`;
      if (liveBlobs.has(digest)) continue;
      await fs.rm(path.join(blobDir, hex), { force: true });
      this.parsed.delete(digest);
      deleted.push(digest);
    }
    for (const dir of ["sha256", "rootless-sha256"].map((d) => path.join(this.root, "layers", d))) {
      for (const hex of await fs.readdir(dir).catch(() => [] as string[])) {
        const diffID = `sha256:${hex}`;
        if (liveLayers.has(diffID) || this.unpacking.has(path.join(dir, hex))) continue;
        await fs.rm(path.join(dir, hex), { recursive: true, force: true });
        if (!deleted.includes(diffID)) deleted.push(diffID);
      }
    }
    return deleted;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Normalizes a name for lookups; "sha256:…" and bare hex IDs are not names. */
export function normalizeName(image: string): string | undefined {
  if (/^(sha256:)?[a-f0-9]{64}$/.test(image)) return undefined;
  const r = parseReference(image);
  return r.ok ? formatReference(r.ref) : undefined;
}

function sameRepo(a: string, b: string): boolean {
  const ra = parseReference(a);
  const rb = parseReference(b);
  return ra.ok && rb.ok && repositoryName(ra.ref) === repositoryName(rb.ref);
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

function ignoreExists(e: NodeJS.ErrnoException): void {
  if (e.code !== "EEXIST") throw e;
}
