// Client-side apply's annotation and server-side apply (managedfields/internal lastapplied*.go).
// Only for the field manager "kubectl" (what `kubectl apply --server-side` sends):
//   - fields a client-side apply recorded in the annotation, and that still hold the recorded value,
//     may be taken over without --force-conflicts (migration from client-side apply);
//   - after a server-side apply, an existing annotation is rewritten to the applied configuration,
//     so a later client-side apply computes its patch from it.

import { goJSON } from "../gofmt.js";
import { cloneJSON, isObject } from "../json.js";
import type { JSONObject } from "../status.js";
import type { FieldSet } from "./fieldpath.js";
import type { TypeRef } from "./smdschema.js";
import { compare, toFieldSet, validate } from "./typed.js";

export const lastAppliedConfigAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

/** TotalAnnotationSizeLimitB. */
const totalAnnotationSizeLimit = 256 * 1024;

function annotations(obj: JSONObject): Record<string, unknown> | undefined {
  const meta = obj.metadata;
  if (!isObject(meta) || !isObject(meta.annotations)) return undefined;
  return meta.annotations;
}

export function hasLastApplied(obj: JSONObject): boolean {
  const a = annotations(obj);
  const v = a?.[lastAppliedConfigAnnotation];
  return typeof v === "string" && v.length > 0;
}

/** buildLastApplied: the applied object without the annotation, as encoding/json writes it. */
export function buildLastApplied(applied: JSONObject): string {
  const copy = cloneJSON(applied);
  const meta = copy.metadata;
  if (isObject(meta)) {
    if (isObject(meta.annotations)) delete meta.annotations[lastAppliedConfigAnnotation];
    else delete meta.annotations;
  }
  return goJSON(copy) + "\n";
}

/** SetLastApplied: set the annotation unless the annotations would exceed their size limit. */
export function setLastApplied(obj: JSONObject, value: string): void {
  if (!isObject(obj.metadata)) obj.metadata = {};
  const meta = obj.metadata as JSONObject;
  const a: Record<string, unknown> = isObject(meta.annotations) ? meta.annotations : {};
  a[lastAppliedConfigAnnotation] = value;
  let size = 0;
  for (const [k, v] of Object.entries(a))
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === "string" ? v : "");
  if (size > totalAnnotationSizeLimit) delete a[lastAppliedConfigAnnotation];
  meta.annotations = a;
}

/**
 * The fields a conflicting apply may take over: those in the annotation whose value the live
 * object still has. `undefined` when the annotation is absent or unusable.
 */
export function allowedConflictsFromLastApplied(
  live: JSONObject,
  type: TypeRef,
  groupVersion: string,
): FieldSet | undefined {
  const a = annotations(live);
  const raw = a?.[lastAppliedConfigAnnotation];
  if (typeof raw !== "string" || raw === "") return undefined;
  if (validate(live, type, { allowDuplicates: false, allowUndeclared: true }).length > 0) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied.apiVersion !== groupVersion) return undefined;
  if (validate(lastApplied, type, { allowDuplicates: false, allowUndeclared: false }).length > 0)
    return undefined;
  const set = toFieldSet(lastApplied, type);
  const c = compare(lastApplied, live, type);
  return set.difference(c.modified).difference(c.added).difference(c.removed);
}
