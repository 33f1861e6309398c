// Volume defaults: upstream's SetDefaults_Volume, the per-source SetDefaults_* and the declarative
// `+default=` markers of core/v1 (pkg/apis/core/v1/defaults.go, zz_generated.defaults.go).
import type { Volume, SecretVolumeSource, ConfigMapVolumeSource } from "./volume.js";
import type { PersistentVolumeClaimSpec } from "./persistentvolumeclaim-types.js";
import { applyObjectFieldSelectorDefaults } from "./env-defaults.js";
import { defaultResourceList } from "../../resource/quantity.js";

/** SetDefaults_ResourceList ("100u" becomes "1m"); one definition, in src/api/resource/quantity.ts. */
export const applyResourceListDefaults = defaultResourceList;

/** 0644: the file mode secret, configMap, downwardAPI and projected volumes get when none is given. */
export const defaultVolumeFileMode = 0o644;

/** The VolumeSource keys (one of them is set on a valid Volume). */
const sourceKeys = (v: Volume) => Object.keys(v).filter((k) => k !== "name");

export function applyVolumeDefaults(v: Volume): void {
  // A volume without any source is an emptyDir (deprecated implied behaviour, still defaulted).
  if (sourceKeys(v).every((k) => (v as Record<string, unknown>)[k] == null)) v.emptyDir = {};
  if (v.image && !v.image.pullPolicy) v.image.pullPolicy = imagePullPolicyFor(v.image.reference ?? "");
  if (v.hostPath) v.hostPath.type ??= "";
  if (v.secret) applyModeDefault(v.secret);
  if (v.configMap) applyModeDefault(v.configMap);
  if (v.iscsi) v.iscsi.iscsiInterface ??= "default";
  if (v.rbd) applyRBDDefaults(v.rbd);
  if (v.azureDisk) applyAzureDiskDefaults(v.azureDisk);
  if (v.scaleIO) applyScaleIODefaults(v.scaleIO);
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= defaultVolumeFileMode;
    for (const item of v.downwardAPI.items ?? [])
      if (item.fieldRef) applyObjectFieldSelectorDefaults(item.fieldRef);
  }
  if (v.projected) {
    v.projected.defaultMode ??= defaultVolumeFileMode;
    for (const s of v.projected.sources ?? []) {
      for (const item of s.downwardAPI?.items ?? [])
        if (item.fieldRef) applyObjectFieldSelectorDefaults(item.fieldRef);
      if (s.serviceAccountToken) s.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  const claim = v.ephemeral?.volumeClaimTemplate;
  if (claim) applyPersistentVolumeClaimSpecDefaults(claim.spec);
}

function applyModeDefault(s: SecretVolumeSource | ConfigMapVolumeSource): void {
  s.defaultMode ??= defaultVolumeFileMode;
}

export function applyRBDDefaults(s: { pool?: string; user?: string; keyring?: string }): void {
  s.pool ??= "rbd";
  s.user ??= "admin";
  s.keyring ??= "/etc/ceph/keyring";
}

export function applyAzureDiskDefaults(s: {
  cachingMode?: string;
  fsType?: string;
  readOnly?: boolean;
  kind?: string;
}): void {
  s.cachingMode ??= "ReadWrite";
  s.fsType ??= "ext4";
  s.readOnly ??= false;
  s.kind ??= "Shared";
}

export function applyScaleIODefaults(s: { storageMode?: string; fsType?: string }): void {
  s.storageMode ??= "ThinProvisioned";
  s.fsType ??= "xfs";
}

export function applyPersistentVolumeClaimSpecDefaults(spec: PersistentVolumeClaimSpec): void {
  spec.volumeMode ??= "Filesystem";
  applyResourceListDefaults(spec.resources?.limits);
  applyResourceListDefaults(spec.resources?.requests);
}

/**
 * Always for an image tagged :latest or with neither tag nor digest, else IfNotPresent
 * (upstream parses the reference with parsers.ParseImageName; an unparsable one gets IfNotPresent).
 */
export function imagePullPolicyFor(image: string): "Always" | "IfNotPresent" {
  if (!image || /[A-Z\s]/.test(image.split("@")[0].split("/").slice(-1)[0].split(":")[0]))
    return "IfNotPresent";
  const at = image.indexOf("@");
  const hasDigest = at >= 0;
  const name = hasDigest ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf("/");
  const lastComponent = name.slice(lastSlash + 1);
  const colon = lastComponent.indexOf(":");
  const tag = colon >= 0 ? lastComponent.slice(colon + 1) : hasDigest ? "" : "latest";
  return tag === "latest" ? "Always" : "IfNotPresent";
}
