// The files of configMap, secret and downwardAPI volumes (and projected sources), as upstream's
// configmap/secret MakePayload and downwardapi CollectData: every key, or only the listed items with their
// paths and modes; a listed key that is missing fails unless the source is optional.
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ResourceList } from "../../api/core/v1/resources.js";
import type { Secret } from "../../api/core/v1/secret.js";
import type { DownwardAPIVolumeFile, KeyToPath } from "../../api/core/v1/volume.js";
import { extractFieldPathAsString } from "../envvars/fieldpath.js";
import { resourceFieldValue } from "../envvars/resourcefield.js";
import type { FileProjection } from "./atomicwriter.js";

/** The API's default for defaultMode (0644). */
export const defaultFileMode = 0o644;

export function configMapPayload(
  items: readonly KeyToPath[] | undefined,
  cm: Pick<ConfigMap, "data" | "binaryData"> | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  const data = cm?.data ?? {};
  const binary = cm?.binaryData ?? {};
  const out = new Map<string, FileProjection>();
  if (!items?.length) {
    for (const [k, v] of Object.entries(data))
      out.set(k, { data: Buffer.from(v, "utf8"), mode: defaultMode });
    for (const [k, v] of Object.entries(binary))
      out.set(k, { data: Buffer.from(v, "base64"), mode: defaultMode });
    return out;
  }
  for (const it of items) {
    const key = it.key ?? "";
    let bytes: Buffer;
    if (key in data) bytes = Buffer.from(data[key], "utf8");
    else if (key in binary) bytes = Buffer.from(binary[key], "base64");
    else {
      if (optional) continue;
      throw new Error(`configmap references non-existent config key: ${key}`);
    }
    out.set(it.path ?? key, { data: bytes, mode: it.mode ?? defaultMode });
  }
  return out;
}

export function secretPayload(
  items: readonly KeyToPath[] | undefined,
  secret: Pick<Secret, "data"> | undefined,
  defaultMode: number,
  optional: boolean,
): Map<string, FileProjection> {
  const data = secret?.data ?? {};
  const out = new Map<string, FileProjection>();
  if (!items?.length) {
    for (const [k, v] of Object.entries(data))
      out.set(k, { data: Buffer.from(v, "base64"), mode: defaultMode });
    return out;
  }
  for (const it of items) {
    const key = it.key ?? "";
    if (!(key in data)) {
      if (optional) continue;
      throw new Error(`secret references non-existent secret key: ${key}`);
    }
    out.set(it.path ?? key, { data: Buffer.from(data[key], "base64"), mode: it.mode ?? defaultMode });
  }
  return out;
}

/** upstream downwardapi.CollectData; errors of several items are aggregated as upstream ("[a, b]"). */
export function downwardAPIPayload(
  items: readonly DownwardAPIVolumeFile[] | undefined,
  pod: Pod,
  defaultMode: number,
  allocatable: ResourceList,
): Map<string, FileProjection> {
  const out = new Map<string, FileProjection>();
  const errs: string[] = [];
  for (const it of items ?? []) {
    const path = (it.path ?? "").replace(/\/+$/, "");
    let value = "";
    if (it.fieldRef) {
      const r = extractFieldPathAsString(pod, it.fieldRef.fieldPath ?? "");
      if ("error" in r) errs.push(r.error);
      else value = r.value;
    } else if (it.resourceFieldRef) {
      const r = resourceFieldValue(it.resourceFieldRef, pod, undefined, allocatable);
      if ("error" in r) errs.push(r.error);
      else value = r.value;
    }
    out.set(path, { data: Buffer.from(value, "utf8"), mode: it.mode ?? defaultMode });
  }
  if (errs.length) throw new Error(aggregate(errs));
  return out;
}

/** utilerrors.NewAggregate's text. */
export function aggregate(errs: string[]): string {
  return errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`;
}
