// The store seen through the CRI: ImageService for the kubelet, RootfsProvider for the runc
// runtime (layer directories and the image config it combines with the container's).
import { promises as fs } from "node:fs";
import path from "node:path";
import {
  fail,
  ok,
  type AuthConfig,
  type FilesystemUsage,
  type Image,
  type ImageConfig,
  type ImageFilter,
  type ImageLayers,
  type ImageService,
  type ImageSpec,
  type RootfsProvider,
  type RuntimeResult,
} from "../cri.js";
import {
  credentialsFor,
  dockerConfigFromSecret,
  type DockerConfig,
  type RegistryAuth,
} from "./credentials.js";
import { parseReference } from "./reference.js";
import { pullImage, type PullErrorCode, type RegistryOptions } from "./registry.js";
import type { Image as StoredImage, ImageStore } from "./store.js";

export interface StoreImageServiceOptions extends RegistryOptions {
  /** Node-wide credentials (like the kubelet's config.json), tried after the pod's. */
  nodeCredentials?: DockerConfig[];
}

const codeFor: Record<PullErrorCode, "NotFound" | "InvalidArgument" | "Internal"> = {
  NotFound: "NotFound",
  InvalidReference: "InvalidArgument",
  Unauthorized: "Internal",
  Unavailable: "Internal",
  Unknown: "Internal",
};

function toCriImage(i: StoredImage): Image {
  const user = i.user.split(":")[0] ?? "";
  const img: Image = {
    id: i.id,
    repoTags: i.repoTags,
    repoDigests: i.repoDigests,
    size: i.size,
    username: "",
    pinned: i.pinned,
  };
  if (/^\d+$/.test(user)) img.uid = Number(user);
  else img.username = user;
  return img;
}

function toCriConfig(i: StoredImage): ImageConfig {
  const c = i.config.config ?? {};
  const out: ImageConfig = {};
  if (c.Entrypoint) out.entrypoint = c.Entrypoint;
  if (c.Cmd) out.cmd = c.Cmd;
  if (c.Env) out.env = c.Env;
  if (c.WorkingDir) out.workingDir = c.WorkingDir;
  if (c.User) out.user = c.User;
  if (c.StopSignal) out.stopSignal = c.StopSignal;
  return out;
}

export class StoreImageService implements ImageService, RootfsProvider {
  constructor(
    readonly store: ImageStore,
    private readonly opts: StoreImageServiceOptions = {},
  ) {}

  async listImages(filter?: ImageFilter): Promise<Image[]> {
    if (filter?.image !== undefined) {
      const one = await this.store.status(filter.image.image);
      return one === undefined ? [] : [toCriImage(one)];
    }
    return (await this.store.list()).map(toCriImage);
  }

  async imageStatus(image: ImageSpec): Promise<Image | null> {
    const i = await this.store.status(image.image);
    return i === undefined ? null : toCriImage(i);
  }

  async pullImage(image: ImageSpec, auth?: AuthConfig): Promise<RuntimeResult<string>> {
    let direct: RegistryAuth | undefined;
    if (auth !== undefined) {
      direct = {};
      if (auth.username !== undefined) direct.username = auth.username;
      if (auth.password !== undefined) direct.password = auth.password;
      if (auth.auth !== undefined) direct.auth = auth.auth;
      if (auth.registryToken !== undefined) direct.registrytoken = auth.registryToken;
    }
    const r = await pullImage(this.store, image.image, {
      ...this.opts,
      ...(direct ? { auth: direct } : {}),
      pullSecrets: this.opts.nodeCredentials ?? [],
    });
    return r.ok ? ok(r.image.id) : fail(codeFor[r.error.code], r.error.message);
  }

  async removeImage(image: ImageSpec): Promise<RuntimeResult<void>> {
    try {
      await this.store.remove(image.image);
      return ok(undefined);
    } catch (e) {
      return fail("Internal", `removing image ${image.image}: ${(e as Error).message}`);
    }
  }

  async imageFsInfo(): Promise<FilesystemUsage[]> {
    const blobs = path.join(this.store.root, "oci", "blobs", "sha256");
    let usedBytes = 0;
    let inodesUsed = 0;
    for (const name of await fs.readdir(blobs)) {
      const st = await fs.stat(path.join(blobs, name)).catch(() => undefined);
      if (st === undefined) continue;
      usedBytes += st.size;
      inodesUsed++;
    }
    return [{ timestamp: Date.now(), mountpoint: this.store.root, usedBytes, inodesUsed }];
  }

  async resolve(image: ImageSpec): Promise<RuntimeResult<ImageLayers>> {
    const i = await this.store.status(image.image);
    if (i === undefined) return fail("NotFound", `image "${image.image}" not found`);
    const top = await this.store.lowerDirs(i.id);
    if (top === undefined) return fail("NotFound", `image "${image.image}" not found`);
    return ok({ imageRef: i.id, lowerDirs: [...top].reverse(), config: toCriConfig(i) });
  }
}

/**
 * The credentials the kubelet tries, in order, when pulling `image` for a pod with these
 * imagePullSecrets (Secret objects of type kubernetes.io/dockerconfigjson or dockercfg).
 * Empty means: pull anonymously.
 */
export function authConfigsForPull(
  image: string,
  pullSecrets: { type?: string; data?: Record<string, string> }[],
): AuthConfig[] {
  const parsed = parseReference(image);
  if (!parsed.ok) return [];
  const configs = pullSecrets.map(dockerConfigFromSecret).filter((c): c is DockerConfig => c !== undefined);
  return credentialsFor(configs, parsed.ref.domain, parsed.ref.path).map((a) => {
    const out: AuthConfig = { serverAddress: parsed.ref.domain };
    if (a.username !== undefined) out.username = a.username;
    if (a.password !== undefined) out.password = a.password;
    if (a.registrytoken !== undefined) out.registryToken = a.registrytoken;
    return out;
  });
}
