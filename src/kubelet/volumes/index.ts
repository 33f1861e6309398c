// The volume manager, as upstream's volumemanager with the emptyDir, hostPath, configMap, secret,
// downwardAPI and projected plugins: setUpPod makes every volume of a pod under
// <podsDir>/<uid>/volumes/<plugin>/<name> (re-running refreshes configMap/secret/downwardAPI/projected
// contents atomically, as upstream's periodic remount does), containerMounts turns a container's
// volumeMounts into runtime mounts (subPath, subPathExpr, readOnly, propagation), tearDownPod unmounts
// and removes the pod's directories. With spec.securityContext.fsGroup every volume but hostPath is given
// that group (SetVolumeOwnership). Failures carry upstream's FailedMount text
// ("MountVolume.SetUp failed for volume "config" : configmap "app" not found").
import { chmodSync, mkdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { totalmem } from "node:os";
import { isAbsolute, join, relative } from "node:path";
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ResourceList } from "../../api/core/v1/resources.js";
import type { Secret } from "../../api/core/v1/secret.js";
import type { Volume } from "../../api/core/v1/volume.js";
import { parseQuantity, quantityValue } from "../../api/resource/quantity.js";
import type { Logger } from "../../client/log.js";
import type { KeyValue, Mount } from "../../runtime/cri.js";
import { expand } from "../envvars/expansion.js";
import { defaultAllocatable } from "../envvars/resourcefield.js";
import { atomicWrite, type FileProjection } from "./atomicwriter.js";
import { checkHostPathType } from "./hostpath.js";
import { setVolumeOwnership } from "./ownership.js";
import { canMount, isMountPoint, mountTmpfs, mountsUnder, unmount } from "./mount.js";
import {
  aggregate,
  configMapPayload,
  defaultFileMode,
  downwardAPIPayload,
  secretPayload,
} from "./payload.js";
import { mustMountReadOnly, podDir, podVolumesDir, volumeKind, volumePath } from "./paths.js";

export { atomicWrite, validatePath, type FileProjection } from "./atomicwriter.js";
export { checkHostPathType } from "./hostpath.js";
export { volumePath, volumeKind, podVolumesDir, pluginDirs } from "./paths.js";
export { mountsUnder } from "./mount.js";

export interface VolumeSources {
  getConfigMap(ns: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(ns: string, name: string): Promise<Secret | undefined>;
  /** TokenRequest for projected serviceAccountToken sources (pods/<sa>/token bound to the pod). */
  requestServiceAccountToken(
    ns: string,
    serviceAccount: string,
    req: { audiences: string[]; expirationSeconds: number; pod: { name: string; uid: string } },
  ): Promise<{ token: string } | undefined>;
  nodeName: string;
  /** The node's allocatable (downwardAPI resourceFieldRef defaults, memory-backed volume size); default: this host. */
  allocatable?: ResourceList;
}

export interface VolumeManagerOptions {
  podsDir: string;
  sources: VolumeSources;
  log: Logger;
  /** Back secret, downwardAPI and projected volumes with tmpfs as upstream (default: when we can mount, i.e. root). */
  memoryBackedSecrets?: boolean;
  /** Clock for token refresh (ms since the epoch). */
  now?: () => number;
  /** How long a pod's set-up stands before a sync fetches its configMaps, secrets and tokens again
   * (default 10 s: the syncs a pod's container events cause in between reuse it). */
  refreshIntervalMs?: number;
}

type Result = { ok: true } | { ok: false; message: string };

interface CachedToken {
  token: string;
  fetchedAt: number;
  ttlMs: number;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** upstream ValidatePathNoBacksteps. */
function hasBacksteps(p: string): boolean {
  return p.split("/").includes("..");
}

/** upstream translateMountPropagation. */
function propagationOf(mode: string | undefined): Mount["propagation"] | { error: string } {
  switch (mode ?? "None") {
    case "None":
      return "PROPAGATION_PRIVATE";
    case "HostToContainer":
      return "PROPAGATION_HOST_TO_CONTAINER";
    case "Bidirectional":
      return "PROPAGATION_BIDIRECTIONAL";
    default:
      return { error: `invalid MountPropagation mode: "${mode}"` };
  }
}

/** upstream calculateEmptyDirMemorySize: the smallest of node allocatable memory, the pod's memory limit
 * (when every container has one) and the volume's sizeLimit. */
export function memoryVolumeSize(
  pod: Pod,
  sizeLimit: string | number | undefined,
  allocatable?: ResourceList,
): number {
  const alloc = allocatable?.memory;
  let size = alloc !== undefined ? quantityValue(alloc) : totalmem();
  const containers = pod.spec?.containers ?? [];
  const limits = containers.map((c) => c.resources?.limits?.memory);
  if (containers.length && limits.every((l) => l !== undefined)) {
    let podLimit = limits.reduce<number>((s, l) => s + quantityValue(l), 0);
    for (const ic of pod.spec?.initContainers ?? []) {
      const l = ic.resources?.limits?.memory;
      if (l !== undefined) podLimit = Math.max(podLimit, quantityValue(l));
    }
    if (podLimit > 0 && podLimit <= size) size = podLimit;
  }
  if (sizeLimit !== undefined) {
    const q = parseQuantity(sizeLimit);
    if (!("error" in q)) {
      const v = quantityValue(q);
      if (v > 0 && v <= size) size = v;
    }
  }
  return size;
}

export class VolumeManager {
  private readonly podsDir: string;
  private readonly sources: VolumeSources;
  private readonly log: Logger;
  private readonly memoryBacked: boolean;
  private readonly now: () => number;
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly tokens = new Map<string, CachedToken>();
  /** When each pod's volumes were last set up in full, and for which volume names. */
  private readonly setUpAt = new Map<string, { at: number; volumes: string }>();
  private readonly refreshIntervalMs: number;
  private warnedNoTmpfs = false;

  constructor(o: VolumeManagerOptions) {
    this.podsDir = o.podsDir;
    this.sources = o.sources;
    this.log = o.log;
    this.memoryBacked = o.memoryBackedSecrets ?? canMount();
    this.now = o.now ?? Date.now;
    this.refreshIntervalMs = o.refreshIntervalMs ?? 10_000;
  }

  /** Sets up every volume under <podsDir>/<uid>/volumes/<plugin>/<name>; idempotent, re-run refreshes
   * configMap/secret/downwardAPI/projected contents atomically (..data symlink swap as upstream's AtomicWriter). */
  setUpPod(pod: Pod): Promise<Result> {
    const uid = pod.metadata?.uid ?? "";
    // One set-up at a time per pod: a refresh never races the first mount.
    const prev = this.chains.get(uid) ?? Promise.resolve();
    const next = prev.then(
      () => this.setUpPodNow(pod),
      () => this.setUpPodNow(pod),
    );
    this.chains.set(uid, next);
    return next;
  }

  private async setUpPodNow(pod: Pod): Promise<Result> {
    const uid = pod.metadata?.uid ?? "";
    // A pod syncs on every container event; its volumes' contents are refreshed on the resync period, as
    // upstream's remount of configMap, secret and projected volumes, not fetched again on each of those.
    const volumes = (pod.spec?.volumes ?? []).map((v) => v.name ?? "").join("\0");
    const last = this.setUpAt.get(uid);
    if (last && last.volumes === volumes && this.now() - last.at < this.refreshIntervalMs)
      return { ok: true };
    // directories on disk: made off the event loop (a new inode can take long on a busy disk)
    try {
      await mkdir(podVolumesDir(this.podsDir, uid), { recursive: true, mode: 0o750 });
    } catch (e) {
      return { ok: false, message: errText(e) };
    }
    let first: string | undefined;
    for (const v of pod.spec?.volumes ?? []) {
      const err = await this.setUpVolume(pod, v).catch(errText);
      if (err !== undefined) {
        const message = `MountVolume.SetUp failed for volume "${v.name ?? ""}" : ${err}`;
        this.log.warn(
          { pod: `${pod.metadata?.namespace}/${pod.metadata?.name}`, volume: v.name, err },
          "MountVolume.SetUp failed",
        );
        first ??= message;
      }
    }
    if (first !== undefined) return { ok: false, message: first };
    this.setUpAt.set(uid, { at: this.now(), volumes });
    return { ok: true };
  }

  /** undefined when the volume is ready, else the error text. */
  private async setUpVolume(pod: Pod, v: Volume): Promise<string | undefined> {
    const kind = volumeKind(v);
    if (!kind) return "no volume plugin matched";
    const uid = pod.metadata?.uid ?? "";
    const ns = pod.metadata?.namespace ?? "";
    const dir = volumePath(this.podsDir, uid, v)!;
    if (kind === "hostPath") return checkHostPathType(dir, v.hostPath?.type);
    const allocatable = this.sources.allocatable;
    const fsGroup = pod.spec?.securityContext?.fsGroup;
    if (kind === "emptyDir") {
      const medium = v.emptyDir?.medium ?? "";
      if (medium.startsWith("HugePages")) return `${medium} medium is not supported by this kubelet`;
      if (medium === "Memory") {
        const err = await this.ensureTmpfs(
          dir,
          memoryVolumeSize(pod, v.emptyDir?.sizeLimit, allocatable),
          true,
        );
        if (err) return err;
      } else await mkdir(dir, { recursive: true });
      // 0777 as upstream, so any user in the pod can write; set after creation to escape the umask.
      chmodSync(dir, v.emptyDir?.mode ?? 0o777);
      if (fsGroup !== undefined) setVolumeOwnership(dir, fsGroup, false, this.log);
      return undefined;
    }
    // The content is fetched first so a missing object does not leave an empty volume behind.
    let payload: Map<string, FileProjection>;
    try {
      payload = await this.payloadOf(pod, v, kind, ns, allocatable);
    } catch (e) {
      return errText(e);
    }
    if (kind === "configMap") await mkdir(dir, { recursive: true });
    else {
      const err = await this.ensureTmpfs(dir, memoryVolumeSize(pod, undefined, allocatable), false);
      if (err) return err;
    }
    atomicWrite(dir, payload);
    if (fsGroup !== undefined) setVolumeOwnership(dir, fsGroup, true, this.log);
    return undefined;
  }

  private async payloadOf(
    pod: Pod,
    v: Volume,
    kind: "configMap" | "secret" | "downwardAPI" | "projected",
    ns: string,
    allocatable: ResourceList | undefined,
  ): Promise<Map<string, FileProjection>> {
    if (kind === "configMap") {
      const src = v.configMap!;
      const optional = !!src.optional;
      const cm = await this.sources.getConfigMap(ns, src.name ?? "");
      if (!cm && !optional) throw new Error(`configmap "${src.name ?? ""}" not found`);
      return configMapPayload(src.items, cm, src.defaultMode ?? defaultFileMode, optional);
    }
    if (kind === "secret") {
      const src = v.secret!;
      const optional = !!src.optional;
      const s = await this.sources.getSecret(ns, src.secretName ?? "");
      if (!s && !optional) throw new Error(`secret "${src.secretName ?? ""}" not found`);
      return secretPayload(src.items, s, src.defaultMode ?? defaultFileMode, optional);
    }
    if (kind === "downwardAPI") {
      const src = v.downwardAPI!;
      return downwardAPIPayload(
        src.items,
        pod,
        src.defaultMode ?? defaultFileMode,
        defaultAllocatable(allocatable),
      );
    }
    return this.projectedPayload(pod, v, ns, allocatable);
  }

  /** upstream projected collectData: every source's files in one volume, errors aggregated. */
  private async projectedPayload(
    pod: Pod,
    v: Volume,
    ns: string,
    allocatable: ResourceList | undefined,
  ): Promise<Map<string, FileProjection>> {
    const src = v.projected!;
    const mode = src.defaultMode ?? defaultFileMode;
    const out = new Map<string, FileProjection>();
    const errs: string[] = [];
    const add = (m: Map<string, FileProjection>) => {
      for (const [k, f] of m) out.set(k, f);
    };
    for (const s of src.sources ?? []) {
      try {
        if (s.secret) {
          const optional = !!s.secret.optional;
          const obj = await this.sources.getSecret(ns, s.secret.name ?? "");
          if (!obj && !optional) throw new Error(`secret "${s.secret.name ?? ""}" not found`);
          add(secretPayload(s.secret.items, obj, mode, optional));
        } else if (s.configMap) {
          const optional = !!s.configMap.optional;
          const obj = await this.sources.getConfigMap(ns, s.configMap.name ?? "");
          if (!obj && !optional) throw new Error(`configmap "${s.configMap.name ?? ""}" not found`);
          add(configMapPayload(s.configMap.items, obj, mode, optional));
        } else if (s.downwardAPI) {
          add(downwardAPIPayload(s.downwardAPI.items, pod, mode, defaultAllocatable(allocatable)));
        } else if (s.serviceAccountToken) {
          const tp = s.serviceAccountToken;
          const token = await this.token(pod, v.name ?? "", tp.path ?? "", {
            audiences: tp.audience ? [tp.audience] : [],
            expirationSeconds: tp.expirationSeconds ?? 3600,
          });
          // With an fsGroup the token is 0600 before ownership adds group read (0640), as upstream.
          const tokenMode = pod.spec?.securityContext?.fsGroup !== undefined ? 0o600 : mode;
          out.set(tp.path ?? "", { data: Buffer.from(token, "utf8"), mode: tokenMode });
        } else if (s.clusterTrustBundle || s.podCertificate) {
          throw new Error(
            "clusterTrustBundle and podCertificate projections are not supported by this kubelet",
          );
        }
      } catch (e) {
        errs.push(errText(e));
      }
    }
    if (errs.length) throw new Error(aggregate(errs));
    return out;
  }

  /** A bound service account token, reused until 80% of its lifetime (or 24 h) has passed, as upstream's
   * token manager. */
  private async token(
    pod: Pod,
    volume: string,
    path: string,
    req: { audiences: string[]; expirationSeconds: number },
  ): Promise<string> {
    const uid = pod.metadata?.uid ?? "";
    const key = `${uid}/${volume}/${path}/${req.audiences.join(",")}/${req.expirationSeconds}`;
    const now = this.now();
    const c = this.tokens.get(key);
    if (c && now < c.fetchedAt + Math.min(0.8 * c.ttlMs, 24 * 3600_000)) return c.token;
    const sa = pod.spec?.serviceAccountName || "default";
    const ns = pod.metadata?.namespace ?? "";
    const r = await this.sources.requestServiceAccountToken(ns, sa, {
      ...req,
      pod: { name: pod.metadata?.name ?? "", uid },
    });
    if (!r) throw new Error(`failed to fetch token: serviceaccounts "${sa}" token request was refused`);
    this.tokens.set(key, { token: r.token, fetchedAt: now, ttlMs: req.expirationSeconds * 1000 });
    return r.token;
  }

  /** Makes dir a tmpfs of the given size; without mount rights, a plain directory (required=false) or an error. */
  private async ensureTmpfs(dir: string, sizeBytes: number, required: boolean): Promise<string | undefined> {
    await mkdir(dir, { recursive: true });
    if (!this.memoryBacked) {
      if (!this.warnedNoTmpfs) {
        this.warnedNoTmpfs = true;
        this.log.warn(
          {},
          "cannot mount tmpfs (not root): memory-backed volumes are plain directories on disk",
        );
      }
      return undefined;
    }
    if (isMountPoint(dir)) return undefined;
    const err = await mountTmpfs(dir, sizeBytes);
    if (!err) return undefined;
    if (required) return err;
    this.log.warn({ dir, err }, "tmpfs mount failed; the volume is a plain directory");
    return undefined;
  }

  /** The runtime mounts of one container's volumeMounts (subPath, readOnly), after setUpPod. `env` (the
   * container's environment from makeEnvironmentVariables) expands subPathExpr. */
  containerMounts(
    pod: Pod,
    container: Container,
    env?: KeyValue[],
  ): { ok: true; mounts: Mount[] } | { ok: false; message: string } {
    const uid = pod.metadata?.uid ?? "";
    const cname = container.name ?? "";
    const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name ?? "", v]));
    const mounts: Mount[] = [];
    for (const vm of container.volumeMounts ?? []) {
      const mname = vm.name ?? "";
      const vol = volumes.get(mname);
      const kind = vol && volumeKind(vol);
      if (!vol || !kind)
        return { ok: false, message: `cannot find volume "${mname}" to mount into container "${cname}"` };
      let hostPath = volumePath(this.podsDir, uid, vol)!;
      let subPath = vm.subPath ?? "";
      if (vm.subPathExpr) {
        const values = new Map((env ?? []).map((e) => [e.key, e.value]));
        const missing = new Set<string>();
        subPath = expand(vm.subPathExpr, (k) => {
          const v = values.get(k);
          if (!v) missing.add(k);
          return v ?? "";
        });
        if (missing.size)
          return { ok: false, message: `missing value for ${[...missing].sort().join(", ")}` };
      }
      if (subPath) {
        if (isAbsolute(subPath))
          return { ok: false, message: `error SubPath \`${subPath}\` must not be an absolute path` };
        if (hasBacksteps(subPath))
          return { ok: false, message: `unable to provision SubPath \`${subPath}\`: must not contain '..'` };
        const r = safeSubpath(hostPath, subPath);
        if ("error" in r) {
          this.log.warn({ pod: uid, container: cname, volumeMount: mname, err: r.detail }, r.error);
          return {
            ok: false,
            message:
              r.error === "create"
                ? `failed to create subPath directory for volumeMount "${mname}" of container "${cname}"`
                : `failed to prepare subPath for volumeMount "${mname}" of container "${cname}"`,
          };
        }
        hostPath = r.path;
      }
      const propagation = propagationOf(vm.mountPropagation);
      if (typeof propagation === "object") return { ok: false, message: propagation.error };
      const containerPath = (vm.mountPath ?? "").startsWith("/") ? vm.mountPath : `/${vm.mountPath ?? ""}`;
      mounts.push({
        containerPath,
        hostPath,
        readonly: !!vm.readOnly || mustMountReadOnly(kind),
        propagation,
      });
    }
    return { ok: true, mounts };
  }

  /** Unmounts the pod's tmpfs volumes and removes <podsDir>/<uid>; leaves the directory when something
   * could not be unmounted (it is never removed through a mount). */
  async tearDownPod(podUid: string): Promise<void> {
    await this.chains.get(podUid)?.catch(() => undefined);
    this.chains.delete(podUid);
    this.setUpAt.delete(podUid);
    for (const k of [...this.tokens.keys()]) if (k.startsWith(`${podUid}/`)) this.tokens.delete(k);
    const dir = podDir(this.podsDir, podUid);
    for (const mp of mountsUnder(dir)) {
      const err = await unmount(mp);
      if (err) this.log.warn({ pod: podUid, mount: mp, err }, "unmounting a volume failed");
    }
    if (mountsUnder(dir).length) {
      this.log.warn({ pod: podUid, dir }, "volumes still mounted; the pod directory is kept");
      return;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The host path of subPath inside volumePath, created (with the volume's mode) when missing, resolved
 * through symlinks and refused when it leaves the volume (upstream's SafeMakeDir / PrepareSafeSubpath). */
function safeSubpath(
  volumePath: string,
  subPath: string,
): { path: string } | { error: "create" | "prepare"; detail: string } {
  let root: string;
  try {
    root = realpathSync(volumePath);
  } catch (e) {
    return { error: "prepare", detail: errText(e) };
  }
  const inside = (p: string) => {
    const rel = relative(root, p);
    // ("..data" and the timestamped directories start with ".." but are inside.)
    return rel !== ".." && !rel.startsWith("../") && !isAbsolute(rel);
  };
  const full = join(volumePath, subPath);
  let exists = true;
  try {
    statSync(full);
  } catch {
    exists = false;
  }
  if (!exists) {
    // Walk the existing part, checking each step stays inside, then create the rest.
    const parts = subPath.split("/").filter((p) => p && p !== ".");
    let cur = root;
    try {
      const mode = statSync(root).mode & 0o7777;
      for (const p of parts) {
        const next = join(cur, p);
        let real: string | undefined;
        try {
          real = realpathSync(next);
        } catch {
          real = undefined;
        }
        if (real === undefined) {
          mkdirSync(next, { mode });
          chmodSync(next, mode);
          real = next;
        }
        if (!inside(real))
          return { error: "create", detail: `subpath "${real}" not within volume path "${root}"` };
        cur = real;
      }
    } catch (e) {
      return { error: "create", detail: errText(e) };
    }
  }
  let real: string;
  try {
    real = realpathSync(full);
  } catch (e) {
    return { error: "prepare", detail: errText(e) };
  }
  if (!inside(real))
    return { error: "prepare", detail: `subpath "${real}" not within volume path "${root}"` };
  return { path: real };
}
