// Where a pod's volumes live on the node, as upstream's kubelet layout:
// <podsDir>/<uid>/volumes/<plugin with "/" as "~">/<volume name>.
import { join } from "node:path";
import type { Volume } from "../../api/core/v1/volume.js";

export type VolumeKind = "emptyDir" | "hostPath" | "configMap" | "secret" | "downwardAPI" | "projected";

export const pluginDirs: Record<Exclude<VolumeKind, "hostPath">, string> = {
  emptyDir: "kubernetes.io~empty-dir",
  configMap: "kubernetes.io~configmap",
  secret: "kubernetes.io~secret",
  downwardAPI: "kubernetes.io~downward-api",
  projected: "kubernetes.io~projected",
};

/** The supported source a volume has, or undefined (persistentVolumeClaim, csi, image, ...). */
export function volumeKind(v: Volume): VolumeKind | undefined {
  if (v.emptyDir) return "emptyDir";
  if (v.hostPath) return "hostPath";
  if (v.configMap) return "configMap";
  if (v.secret) return "secret";
  if (v.downwardAPI) return "downwardAPI";
  if (v.projected) return "projected";
  return undefined;
}

export function podDir(podsDir: string, uid: string): string {
  return join(podsDir, uid);
}

export function podVolumesDir(podsDir: string, uid: string): string {
  return join(podsDir, uid, "volumes");
}

/** The host path a volume's containers mount (hostPath: the host's path itself). */
export function volumePath(podsDir: string, uid: string, v: Volume): string | undefined {
  const kind = volumeKind(v);
  if (!kind) return undefined;
  if (kind === "hostPath") return v.hostPath?.path ?? "";
  return join(podVolumesDir(podsDir, uid), pluginDirs[kind], v.name ?? "");
}

/** Volumes whose contents are read-only to containers (upstream's mounter attributes ReadOnly). */
export function mustMountReadOnly(kind: VolumeKind): boolean {
  return kind === "configMap" || kind === "secret" || kind === "downwardAPI" || kind === "projected";
}
