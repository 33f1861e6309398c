// `k8ts image import FILE`: docker-archive (`docker save`) and OCI archive tarballs
// (`skopeo copy ... oci-archive:`, `docker buildx --output type=oci`), gzipped or not.
// The archive is unpacked into the store's tmp dir, its blobs verified and moved in.
import { createWriteStream, promises as fs } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { detectCompression, layerDiffID, openLayer } from "./layer.js";
import {
  ContainerdImageNameAnnotation,
  MediaType,
  RefNameAnnotation,
  isIndexMediaType,
  selectPlatform,
  type Descriptor,
  type ImageConfig,
  type Index,
  type Manifest,
} from "./oci.js";
import { normalizeName, type Image, type ImageStore } from "./store.js";

export type ImportResult = { ok: true; images: Image[] } | { ok: false; message: string };

export interface ImportOptions {
  /** Name for images an OCI archive only tags ("1.35" in ref.name): `<baseName>:<tag>`. */
  baseName?: string;
}

/** Unpacks the regular files of a tarball into `dir` (names are kept inside it). */
async function extractArchive(file: string, dir: string): Promise<void> {
  const extract = tar.extract();
  const consume = async (): Promise<void> => {
    for await (const entry of extract) {
      const h = entry.header;
      const rel = path.posix.normalize("/" + h.name).slice(1);
      if (h.type !== "file" || rel === "" || rel.startsWith("..")) {
        entry.resume();
        continue;
      }
      const target = path.join(dir, rel);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await pipeline(entry, createWriteStream(target));
    }
  };
  const consuming = consume().catch((e: unknown) => {
    extract.destroy(e as Error);
    throw e;
  });
  await Promise.all([pipeline(await openLayer(file), extract), consuming]);
}

async function readJSONFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Imports every image in an archive file into the store. */
export async function importArchive(
  store: ImageStore,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const st = await fs.stat(file).catch(() => undefined);
  if (st === undefined || !st.isFile()) return { ok: false, message: `open ${file}: no such file` };
  if ((await detectCompression(file)) === "zstd")
    return { ok: false, message: `${file}: zstd-compressed archives are not supported` };
  const dir = store.tempPath("import");
  await fs.mkdir(dir);
  try {
    try {
      await extractArchive(file, dir);
    } catch (e) {
      return { ok: false, message: `${file}: not a tar archive: ${(e as Error).message}` };
    }
    const dockerManifest = await readJSONFile<DockerArchiveEntry[]>(path.join(dir, "manifest.json"));
    // `docker save` since 25 writes an OCI layout too; manifest.json keeps its RepoTags, so prefer it.
    if (Array.isArray(dockerManifest)) return await importDockerArchive(store, dir, dockerManifest);
    const index = await readJSONFile<Index>(path.join(dir, "index.json"));
    if (index !== undefined && (await readJSONFile(path.join(dir, "oci-layout"))) !== undefined) {
      return await importOCIArchive(store, dir, index, opts);
    }
    return {
      ok: false,
      message: `${file}: neither a docker-archive (manifest.json) nor an OCI archive (oci-layout, index.json)`,
    };
  } catch (e) {
    return { ok: false, message: `${file}: ${(e as Error).message}` };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

interface DockerArchiveEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

async function importDockerArchive(
  store: ImageStore,
  dir: string,
  entries: DockerArchiveEntry[],
): Promise<ImportResult> {
  const images: Image[] = [];
  for (const e of entries) {
    const configFile = path.join(dir, e.Config);
    const config = await readJSONFile<ImageConfig>(configFile);
    if (config?.rootfs === undefined) return { ok: false, message: `${e.Config}: not an image config` };
    const configDesc = await store.ingestFile(configFile);
    const layers: Descriptor[] = [];
    const seen = new Map<string, Descriptor>(); // a layer file may be listed twice; it is moved in once
    for (const [i, l] of e.Layers.entries()) {
      let desc = seen.get(l);
      if (desc === undefined) {
        const lf = path.join(dir, l);
        if (!(await fs.stat(lf).catch(() => undefined))?.isFile())
          return { ok: false, message: `layer ${l} is missing from the archive` };
        const diffID = await layerDiffID(lf);
        if (diffID !== config.rootfs.diff_ids[i])
          return {
            ok: false,
            message: `layer ${l}: DiffID ${diffID} does not match the config's ${config.rootfs.diff_ids[i]}`,
          };
        const gz = (await detectCompression(lf)) === "gzip";
        const d = await store.ingestFile(lf);
        desc = {
          mediaType: gz ? MediaType.ociLayerGzip : MediaType.ociLayer,
          digest: d.digest,
          size: d.size,
        };
        seen.set(l, desc);
      }
      layers.push(desc);
    }
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: configDesc.digest, size: configDesc.size },
      layers,
    };
    const md = await store.writeJSON(manifest, MediaType.ociManifest);
    const names = (e.RepoTags ?? []).map(normalizeName).filter((n): n is string => n !== undefined);
    images.push(await store.commitImage(md, names));
  }
  return { ok: true, images };
}

async function importOCIArchive(
  store: ImageStore,
  dir: string,
  index: Index,
  opts: ImportOptions,
): Promise<ImportResult> {
  const blobsDir = path.join(dir, "blobs", "sha256");
  const blobs = await fs.readdir(blobsDir).catch(() => [] as string[]);
  for (const hex of blobs) {
    if (!/^[a-f0-9]{64}$/.test(hex)) continue;
    if (await store.hasBlob(`sha256:${hex}`)) continue;
    await store.ingestFile(path.join(blobsDir, hex), `sha256:${hex}`);
  }
  const images: Image[] = [];
  for (const top of index.manifests) {
    let desc: Descriptor | undefined = top;
    if (isIndexMediaType(top.mediaType)) {
      desc = selectPlatform(await store.readJSON<Index>(top.digest));
      if (desc === undefined) return { ok: false, message: `no image for this platform in ${top.digest}` };
    }
    for (const d of [desc]) {
      if (!(await store.hasBlob(d.digest)))
        return { ok: false, message: `manifest ${d.digest} is missing from the archive` };
      const m = await store.readJSON<Manifest>(d.digest);
      for (const b of [m.config, ...m.layers]) {
        if (!(await store.hasBlob(b.digest)))
          return { ok: false, message: `blob ${b.digest} is missing from the archive` };
      }
    }
    const names: string[] = [];
    const full = top.annotations?.[ContainerdImageNameAnnotation];
    const refName = top.annotations?.[RefNameAnnotation];
    const candidate =
      full ??
      (refName === undefined
        ? undefined
        : refName.includes("/") || refName.includes(":")
          ? refName
          : opts.baseName !== undefined
            ? `${opts.baseName}:${refName}`
            : undefined);
    const n = candidate === undefined ? undefined : normalizeName(candidate);
    if (n !== undefined) names.push(n);
    images.push(
      await store.commitImage({ mediaType: desc.mediaType, digest: desc.digest, size: desc.size }, names),
    );
  }
  return { ok: true, images };
}
