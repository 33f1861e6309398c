// A container's environment, as upstream's Kubelet.makeEnvironmentVariables (kubelet_pods.go): envFrom
// first (configMaps, secrets, with prefix), then env in order (value with $(VAR) expansion against the
// variables so far and the service variables; valueFrom fieldRef, resourceFieldRef, configMapKeyRef,
// secretKeyRef), then the service variables not already set. Errors carry upstream's messages; the core
// reports them as CreateContainerConfigError.
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ResourceList } from "../../api/core/v1/resources.js";
import type { Secret } from "../../api/core/v1/secret.js";
import type { Service } from "../../api/core/v1/service-types.js";
import { isEnvVarName } from "../../api/core/v1/pod-validation.js";
import type { KeyValue } from "../../runtime/cri.js";
import { expand, mappingFuncFor } from "./expansion.js";
import { convertDownwardAPIFieldLabel, extractFieldPathAsString } from "./fieldpath.js";
import { defaultAllocatable, resourceFieldValue } from "./resourcefield.js";
import { serviceEnvVarMap } from "./services.js";

export { expand, mappingFuncFor, expandCommandOnlyStatic } from "./expansion.js";
export { extractFieldPathAsString, convertDownwardAPIFieldLabel, formatMap } from "./fieldpath.js";
export { resourceFieldValue, defaultAllocatable } from "./resourcefield.js";
export { fromServices, serviceEnvVarMap } from "./services.js";

export interface EnvSources {
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Services visible to the pod for the docker-links variables (its namespace + default/kubernetes). */
  listServices(namespace: string): Promise<Service[]>;
  nodeName: string;
  hostIP: string;
  /** The node's other addresses for status.hostIPs (hostIP first; default [hostIP]). */
  hostIPs?: string[];
  /** The node's allocatable: what resourceFieldRef limits default to (default: this host's cpus and memory). */
  allocatable?: ResourceList;
}

/** A warning the core records on the pod (reason InvalidEnvironmentVariableNames, as upstream did). */
export interface EnvWarning {
  reason: string;
  message: string;
}

export type EnvResult =
  { ok: true; env: KeyValue[]; warnings?: EnvWarning[] } | { ok: false; message: string };

const errMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function makeEnvironmentVariables(
  pod: Pod,
  container: Container,
  podIPs: string[],
  src: EnvSources,
): Promise<EnvResult> {
  const ns = pod.metadata?.namespace ?? "";
  const enableServiceLinks = pod.spec?.enableServiceLinks ?? true;
  let serviceEnv: Map<string, string>;
  try {
    serviceEnv = serviceEnvVarMap(await src.listServices(ns), ns, enableServiceLinks);
  } catch {
    return { ok: false, message: "failed to list services when setting up env vars" };
  }
  const configMaps = new Map<string, ConfigMap | undefined>();
  const secrets = new Map<string, Secret | undefined>();
  const getConfigMap = async (name: string) => {
    if (!configMaps.has(name)) configMaps.set(name, await src.getConfigMap(ns, name));
    return configMaps.get(name);
  };
  const getSecret = async (name: string) => {
    if (!secrets.has(name)) secrets.set(name, await src.getSecret(ns, name));
    return secrets.get(name);
  };
  const tmpEnv = new Map<string, string>();
  const warnings: EnvWarning[] = [];
  try {
    for (const from of container.envFrom ?? []) {
      const prefix = from.prefix ?? "";
      let entries: [string, string][];
      let kind: string;
      let name: string;
      if (from.configMapRef) {
        name = from.configMapRef.name ?? "";
        kind = "configMap";
        const cm = await getConfigMap(name);
        if (!cm) {
          if (from.configMapRef.optional) continue;
          return { ok: false, message: `configmap "${name}" not found` };
        }
        entries = Object.entries(cm.data ?? {});
      } else if (from.secretRef) {
        name = from.secretRef.name ?? "";
        kind = "secret";
        const s = await getSecret(name);
        if (!s) {
          if (from.secretRef.optional) continue;
          return { ok: false, message: `secret "${name}" not found` };
        }
        entries = Object.entries(s.data ?? {}).map(([k, v]) => [
          k,
          Buffer.from(v, "base64").toString("utf8"),
        ]);
      } else continue;
      const invalid: string[] = [];
      for (const [k, v] of entries) {
        const key = prefix + k;
        if (isEnvVarName(key).length) invalid.push(key);
        else tmpEnv.set(key, v);
      }
      if (invalid.length) {
        warnings.push({
          reason: "InvalidEnvironmentVariableNames",
          message: `Keys [${invalid.sort().join(", ")}] from the EnvFrom ${kind} ${ns}/${name} were skipped since they are considered invalid environment variable names.`,
        });
      }
    }
    const mapping = mappingFuncFor(tmpEnv, serviceEnv);
    const allocatable = defaultAllocatable(src.allocatable);
    for (const ev of container.env ?? []) {
      const name = ev.name ?? "";
      let value = ev.value ?? "";
      const from = ev.valueFrom;
      if (value !== "") value = expand(value, mapping);
      else if (from?.fieldRef) {
        const r = fieldRefValue(pod, from.fieldRef.apiVersion, from.fieldRef.fieldPath ?? "", podIPs, src);
        if ("error" in r) return { ok: false, message: r.error };
        value = r.value;
      } else if (from?.resourceFieldRef) {
        const r = resourceFieldValue(from.resourceFieldRef, pod, container, allocatable);
        if ("error" in r) return { ok: false, message: r.error };
        value = r.value;
      } else if (from?.configMapKeyRef) {
        const ref = from.configMapKeyRef;
        const cmName = ref.name ?? "";
        const cm = await getConfigMap(cmName);
        if (!cm) {
          if (ref.optional) continue;
          return { ok: false, message: `configmap "${cmName}" not found` };
        }
        const v = cm.data?.[ref.key ?? ""];
        if (v === undefined) {
          if (ref.optional) continue;
          return { ok: false, message: `couldn't find key ${ref.key ?? ""} in ConfigMap ${ns}/${cmName}` };
        }
        value = v;
      } else if (from?.secretKeyRef) {
        const ref = from.secretKeyRef;
        const sName = ref.name ?? "";
        const s = await getSecret(sName);
        if (!s) {
          if (ref.optional) continue;
          return { ok: false, message: `secret "${sName}" not found` };
        }
        const v = s.data?.[ref.key ?? ""];
        if (v === undefined) {
          if (ref.optional) continue;
          return { ok: false, message: `couldn't find key ${ref.key ?? ""} in Secret ${ns}/${sName}` };
        }
        value = Buffer.from(v, "base64").toString("utf8");
      }
      // A re-declared name keeps its first position, as a Go map would not but the container's env order
      // is what users read; the last value wins either way.
      tmpEnv.set(name, value);
    }
  } catch (e) {
    return { ok: false, message: errMessage(e) };
  }
  const env: KeyValue[] = [...tmpEnv].map(([key, value]) => ({ key, value }));
  for (const [key, value] of serviceEnv) if (!tmpEnv.has(key)) env.push({ key, value });
  return warnings.length ? { ok: true, env, warnings } : { ok: true, env };
}

/** upstream podFieldSelectorRuntimeValue. */
export function fieldRefValue(
  pod: Pod,
  apiVersion: string | undefined,
  fieldPath: string,
  podIPs: string[],
  node: { nodeName: string; hostIP: string; hostIPs?: string[] },
): { value: string } | { error: string } {
  const c = convertDownwardAPIFieldLabel(apiVersion, fieldPath);
  if ("error" in c) return c;
  const hostIPs = node.hostIPs?.length ? node.hostIPs : [node.hostIP];
  switch (c.path) {
    case "spec.nodeName":
      return { value: pod.spec?.nodeName || node.nodeName };
    case "spec.serviceAccountName":
      return { value: pod.spec?.serviceAccountName ?? "" };
    case "status.hostIP":
      return { value: hostIPs[0] ?? "" };
    case "status.hostIPs":
      return { value: hostIPs.join(",") };
    case "status.podIP":
      return { value: podIPs[0] ?? "" };
    case "status.podIPs":
      return { value: podIPs.join(",") };
  }
  return extractFieldPathAsString(pod, c.path);
}
