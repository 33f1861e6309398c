// The objects a pod refers to by name, as upstream's pkg/api/v1/pod visitors find them.
import type { Pod } from "./pod.js";

type Json = Record<string, any>;

/** What a pod references, by kind: upstream's VisitPodSecretNames and VisitPodConfigmapNames
 * (pkg/api/v1/pod) and the claims its volumes name. The Node authorizer's graph keeps these edges; the
 * kubelet watches the Secrets and ConfigMaps. */
export function podReferences(pod: Json | Pod): {
  secrets: Set<string>;
  configmaps: Set<string>;
  pvcs: Set<string>;
} {
  const secrets = new Set<string>();
  const configmaps = new Set<string>();
  const pvcs = new Set<string>();
  const spec = (pod.spec ?? {}) as Json;
  for (const s of (spec.imagePullSecrets ?? []) as Json[]) if (s.name) secrets.add(s.name);
  for (const v of (spec.volumes ?? []) as Json[]) {
    if (v.secret?.secretName) secrets.add(v.secret.secretName);
    if (v.configMap?.name) configmaps.add(v.configMap.name);
    if (v.persistentVolumeClaim?.claimName) pvcs.add(v.persistentVolumeClaim.claimName);
    if (v.ephemeral) pvcs.add(`${pod.metadata?.name}-${v.name}`);
    for (const src of (v.projected?.sources ?? []) as Json[]) {
      if (src.secret?.name) secrets.add(src.secret.name);
      if (src.configMap?.name) configmaps.add(src.configMap.name);
    }
    for (const k of [
      "azureFile",
      "cephfs",
      "cinder",
      "flexVolume",
      "iscsi",
      "rbd",
      "scaleIO",
      "storageos",
      "csi",
    ]) {
      const ref = v[k]?.secretRef?.name ?? v[k]?.nodePublishSecretRef?.name ?? v[k]?.secretName;
      if (typeof ref === "string" && ref) secrets.add(ref);
    }
  }
  const containers = [
    ...((spec.initContainers ?? []) as Json[]),
    ...((spec.containers ?? []) as Json[]),
    ...((spec.ephemeralContainers ?? []) as Json[]),
  ];
  for (const c of containers) {
    for (const e of (c.envFrom ?? []) as Json[]) {
      if (e.secretRef?.name) secrets.add(e.secretRef.name);
      if (e.configMapRef?.name) configmaps.add(e.configMapRef.name);
    }
    for (const e of (c.env ?? []) as Json[]) {
      if (e.valueFrom?.secretKeyRef?.name) secrets.add(e.valueFrom.secretKeyRef.name);
      if (e.valueFrom?.configMapKeyRef?.name) configmaps.add(e.valueFrom.configMapKeyRef.name);
    }
  }
  return { secrets, configmaps, pvcs };
}
