// How objects live in the store: JSON text without metadata.resourceVersion (the store's modRevision is
// the resourceVersion, as upstream's etcd3 store does), keys in upstream's order at the top and in metadata.
import type { KubeObject } from "../../api/meta/v1/types.js";

/** ObjectMeta fields in upstream's (Go struct) order. */
const metadataOrder = [
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];
const metadataRank = new Map(metadataOrder.map((k, i) => [k, i]));

/** A copy of metadata in upstream's key order, with resourceVersion set (or removed when rv is undefined). */
export function orderedMetadata(
  meta: Record<string, unknown>,
  rv: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const extra: string[] = [];
  for (const k of metadataOrder) {
    if (k === "resourceVersion") {
      if (rv !== undefined) out.resourceVersion = rv;
      continue;
    }
    if (Object.hasOwn(meta, k) && meta[k] !== undefined) out[k] = meta[k];
  }
  for (const k of Object.keys(meta)) if (!metadataRank.has(k)) extra.push(k);
  for (const k of extra)
    Object.defineProperty(out, k, { value: meta[k], enumerable: true, writable: true, configurable: true });
  return out;
}

const setField = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });

/**
 * The object with kind, apiVersion, metadata first (as Go serializes TypeMeta and ObjectMeta), rv in
 * metadata, then the fields in `order` (the kind's schema order, i.e. Go's struct order), then the rest.
 */
export function withResourceVersion<T extends KubeObject>(
  obj: T,
  rv: string | undefined,
  order?: readonly string[],
): T {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (obj.kind !== undefined) out.kind = obj.kind;
  if (obj.apiVersion !== undefined) out.apiVersion = obj.apiVersion;
  out.metadata = orderedMetadata(obj.metadata ?? {}, rv);
  if (order)
    for (const k of order)
      if (k !== "kind" && k !== "apiVersion" && k !== "metadata" && Object.hasOwn(src, k))
        setField(out, k, src[k]);
  for (const k of Object.keys(obj)) {
    if (k === "kind" || k === "apiVersion" || k === "metadata" || Object.hasOwn(out, k)) continue;
    setField(out, k, src[k]);
  }
  return out as T;
}

/** Text to store. */
export function encodeForStorage(obj: KubeObject, order?: readonly string[]): string {
  return JSON.stringify(withResourceVersion(obj, undefined, order));
}

/** A stored value as an object whose resourceVersion is the key's modRevision. */
export function decodeFromStorage(value: string, modRevision: number): KubeObject {
  const obj = JSON.parse(value) as KubeObject;
  return withResourceVersion(obj, String(modRevision));
}

/** A deep copy safe to mutate (objects from the cache are shared and never mutated). */
export function deepCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * The JSON of a stored value with its resourceVersion, without re-serializing: stored text has metadata
 * in upstream's order and no resourceVersion, so it goes right after metadata.uid (the first `"uid":"`
 * in the text — string values cannot hold an unescaped quote). Undefined when the text has no uid.
 */
export function jsonWithResourceVersion(value: string, rv: string): string | undefined {
  const at = value.indexOf('"uid":"');
  if (at < 0) return undefined;
  const end = value.indexOf('"', at + 7);
  if (end < 0) return undefined;
  return `${value.slice(0, end + 1)},"resourceVersion":${JSON.stringify(rv)}${value.slice(end + 1)}`;
}
