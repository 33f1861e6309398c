// The ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount): pods run as the "default"
// ServiceAccount unless they name one, the ServiceAccount must exist, its imagePullSecrets are copied to
// pods without any, and unless automounting is off a projected kube-api-access-<suffix> volume (token,
// ca.crt from the kube-root-ca.crt ConfigMap, namespace) is mounted in every container at
// /var/run/secrets/kubernetes.io/serviceaccount.
import { randomInt } from "node:crypto";
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

export const DefaultServiceAccountName = "default";
export const DefaultAPITokenMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
export const RootCAConfigMapName = "kube-root-ca.crt";
const kubeAPIAccessPrefix = "kube-api-access-";
const mirrorPodAnnotation = "kubernetes.io/config.mirror";
/** upstream: a bound token's default lifetime for the projected volume (an hour plus 7 s). */
const warnOnlyBoundTokenExpirationSeconds = 3607;

/** utilrand.String: lowercase consonants and digits that do not spell words. */
const alphanums = "bcdfghjklmnpqrstvwxz2456789";
const randomSuffix = (n: number) =>
  Array.from({ length: n }, () => alphanums[randomInt(alphanums.length)]).join("");

export interface ServiceAccountDeps {
  getServiceAccount(namespace: string, name: string): KubeObject | undefined;
  /** Waits briefly for the ServiceAccount (the default one appears shortly after its namespace). */
  sleep?: (ms: number) => Promise<void>;
}

function tokenVolume(name: string): Json {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: warnOnlyBoundTokenExpirationSeconds, path: "token" } },
        { configMap: { name: RootCAConfigMapName, items: [{ key: "ca.crt", path: "ca.crt" }] } },
        {
          downwardAPI: {
            items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }],
          },
        },
      ],
      defaultMode: 420,
    },
  };
}

export function serviceAccount(deps: ServiceAccountDeps): AdmissionPlugin {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function lookup(namespace: string, name: string): Promise<KubeObject | undefined> {
    let sa = deps.getServiceAccount(namespace, name);
    // upstream retries the default ServiceAccount a few times: the controller creates it after the namespace
    for (let i = 0; !sa && name === DefaultServiceAccountName && i < 10; i++) {
      await sleep(100 + randomInt(100));
      sa = deps.getServiceAccount(namespace, name);
    }
    return sa;
  }

  return {
    name: "ServiceAccount",
    async admit(a: Attributes): Promise<void> {
      if (a.operation !== "CREATE" || a.subresource) return;
      if (a.resource.group !== "" || a.resource.plural !== "pods" || !a.object) return;
      const pod = a.object as Json;
      // mirror pods come from static manifests and may not use ServiceAccounts
      if (pod.metadata?.annotations?.[mirrorPodAnnotation] !== undefined) return;
      const spec = (pod.spec ??= {}) as Json;
      if (!spec.serviceAccountName) spec.serviceAccountName = DefaultServiceAccountName;
      const name = spec.serviceAccountName as string;
      const sa = (await lookup(a.namespace, name)) as Json | undefined;
      if (!sa)
        throw forbidden(
          a.resource.gr,
          a.name || pod.metadata?.name || pod.metadata?.generateName || "",
          `error looking up service account ${a.namespace}/${name}: serviceaccount ${JSON.stringify(name)} not found`,
        );
      const automount =
        spec.automountServiceAccountToken ?? (sa.automountServiceAccountToken as boolean | undefined) ?? true;
      if (automount) mountToken(spec);
      if (!spec.imagePullSecrets?.length && sa.imagePullSecrets?.length)
        spec.imagePullSecrets = (sa.imagePullSecrets as Json[]).map((s) => ({ name: s.name }));
    },
  };
}

/** Adds the token volume and mounts it where containers do not already mount that path. */
function mountToken(spec: Json): void {
  const volumes = (spec.volumes ?? []) as Json[];
  let volumeName = volumes.find((v) => typeof v.name === "string" && v.name.startsWith(kubeAPIAccessPrefix))
    ?.name as string | undefined;
  const needVolume = !volumeName;
  volumeName ??= kubeAPIAccessPrefix + randomSuffix(5);
  let mounted = false;
  for (const field of ["initContainers", "containers"] as const)
    for (const c of (spec[field] ?? []) as Json[]) {
      const mounts = (c.volumeMounts ?? []) as Json[];
      if (mounts.some((m) => m.mountPath === DefaultAPITokenMountPath)) continue;
      c.volumeMounts = [...mounts, { name: volumeName, readOnly: true, mountPath: DefaultAPITokenMountPath }];
      mounted = true;
    }
  if (mounted && needVolume) spec.volumes = [...volumes, tokenVolume(volumeName)];
}
