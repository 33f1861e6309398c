// The field manager: who owns which field of an object (metadata.managedFields), as upstream's
// k8s.io/apimachinery/pkg/util/managedfields builds it from a chain of managers:
//
//   FieldManager (decode/encode managedFields)
//   -> versionCheck -> lastAppliedUpdater -> lastAppliedManager -> skipNonApplied
//   -> capManagers -> buildManagerInfo -> managedFieldsUpdater -> stripMeta -> structuredMerge
//
// Two entry points:
//   applyPatch():          server-side apply (application/apply-patch+yaml): merge, own, prune, 409;
//   updateManagedFields(): every other write (create, update, patch) records what its manager
//                          changed, under operation "Update", so a later apply can conflict with it.
// Time is injected (`now`), so the results are deterministic.

import { cloneJSON, isObject } from "../json.js";
import {
  badRequest,
  unknownError,
  type JSONObject,
  type PatchFailure,
  type PatchSuccess,
} from "../status.js";
import type { JSONSchema } from "../schema.js";
import { describeConflicts, formatConflicts, type ApplyConflict } from "./conflict.js";
import { FieldSet, fieldPE, type Path } from "./fieldpath.js";
import {
  allowedConflictsFromLastApplied,
  buildLastApplied,
  hasLastApplied,
  setLastApplied,
} from "./lastapplied.js";
import {
  buildManagerIdentifier,
  capUpdateManagers,
  decodeManagedFields,
  decodeManagedFieldsOrEmpty,
  encodeManagedFields,
  formatTime,
  ManagedFieldsError,
  type Managed,
} from "./managedfields.js";
import { deduced, typeOfSchema, type TypeRef } from "./smdschema.js";
import { validate, validationErrorsString } from "./typed.js";
import { ConflictError, Updater, UpdaterError, type Conflict } from "./updater.js";
import { zeroObject } from "./zero.js";

export interface FieldManagerOptions {
  /** The field manager (the `fieldManager` parameter, or the user agent's prefix; see managerOrUserAgent). */
  manager: string;
  /** The group/version the request is served at, e.g. "apps/v1" or "v1". */
  apiVersion: string;
  /** The kind the request is served as, e.g. "Deployment" (for /scale: "Scale"); apply checks it. */
  kind: string;
  /** The kind's schema; undefined for a schemaless custom resource (all fields deduced). */
  schema: JSONSchema | undefined;
  /** The time of the write (recorded in managedFields). */
  now: Date | string;
  /** "status", "scale", ... for a subresource write. */
  subresource?: string;
  /**
   * Fields whose ownership is not tracked for this resource and subresource (upstream's reset
   * fields, e.g. [["status"]] for the main resource, [["spec"], ["metadata", "labels"]] for some
   * status subresources).
   */
  resetFields?: readonly (readonly string[])[];
}

export interface ApplyOptions extends FieldManagerOptions {
  force: boolean;
}

/** A failed apply that conflicts: upstream's 409 with the structured conflicts attached. */
export type ApplyConflictFailure = PatchFailure & { conflicts: ApplyConflict[] };

export type ApplyResult = PatchSuccess | ApplyConflictFailure | PatchFailure;

const beforeFirstApplyManager = "before-first-apply";
const currentOperation = "current-operation";

// Fields nobody owns: type and object meta the server maintains.
const stripSet = FieldSet.of(
  [fieldPE("apiVersion")],
  [fieldPE("kind")],
  [fieldPE("metadata")],
  ...[
    "name",
    "namespace",
    "creationTimestamp",
    "selfLink",
    "uid",
    "clusterName",
    "generation",
    "managedFields",
    "resourceVersion",
  ].map((f): Path => [fieldPE("metadata"), fieldPE(f)]),
);

interface Context {
  groupVersion: string;
  kind: string;
  subresource: string;
  now: string;
  type: TypeRef;
  updater: Updater;
  schema: JSONSchema | undefined;
}

function context(opts: FieldManagerOptions): Context {
  const type = opts.schema ? typeOfSchema(opts.schema) : deduced;
  const ignored = opts.resetFields?.length
    ? FieldSet.of(...opts.resetFields.map((p) => p.map(fieldPE)))
    : undefined;
  return {
    groupVersion: opts.apiVersion,
    kind: opts.kind,
    subresource: opts.subresource ?? "",
    now: formatTime(opts.now),
    type,
    updater: new Updater(type, ignored),
    schema: opts.schema,
  };
}

/** A failure that upstream reports as an API status (carried through the chain). */
class StatusFailure extends Error {
  constructor(readonly failure: PatchFailure) {
    super(failure.message);
    this.name = "StatusFailure";
  }
}

// ---- object helpers ------------------------------------------------------------------------------

function managedFieldsOf(obj: JSONObject): unknown {
  return isObject(obj.metadata) ? obj.metadata.managedFields : undefined;
}

function uidOf(obj: JSONObject): string {
  const uid = isObject(obj.metadata) ? obj.metadata.uid : undefined;
  return typeof uid === "string" ? uid : "";
}

/** A copy of the object without metadata.managedFields (RemoveObjectManagedFields). */
function withoutManagedFields(obj: JSONObject): JSONObject {
  const out = cloneJSON(obj);
  if (isObject(out.metadata)) delete out.metadata.managedFields;
  return out;
}

/** EncodeObjectManagedFields: set (or remove, when there are none) metadata.managedFields. */
function withManagedFields(obj: JSONObject, managed: Managed): JSONObject {
  const entries = encodeManagedFields(managed);
  if (!isObject(obj.metadata)) {
    if (!entries) return obj;
    obj.metadata = {};
  }
  const meta = obj.metadata as JSONObject;
  if (entries) meta.managedFields = entries;
  else delete meta.managedFields;
  return obj;
}

function parseGroupVersion(apiVersion: unknown): { group: string; version: string } {
  if (typeof apiVersion !== "string" || apiVersion === "") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  return { group: "", version: "" };
}

/** GroupVersionKind.String(): "apps/v1, Kind=Deployment", "/v1, Kind=Pod". */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const gv = parseGroupVersion(apiVersion);
  return `${gv.group}/${gv.version}, Kind=${typeof kind === "string" ? kind : ""}`;
}

/** objectGVKNN: "default/demo; apps/v1, Kind=Deployment". */
function objectGVKNN(obj: JSONObject): string {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const ns = typeof meta.namespace === "string" ? meta.namespace : "";
  const name = typeof meta.name === "string" ? meta.name : "";
  return `${ns}/${name}; ${gvkString(obj.apiVersion, obj.kind)}`;
}

// ---- Update (create, update, non-apply patch) --------------------------------------------------

/**
 * The object to store after a non-apply write by `opts.manager`: `updated` with managedFields
 * recording what the write changed (FieldManager.UpdateNoErrors). `old` is the stored object, or
 * undefined for a create. Call it after defaulting, as upstream does. Never fails: if the fields
 * cannot be computed, the stored object's managedFields are kept.
 */
export function updateManagedFields(
  old: JSONObject | undefined,
  updated: JSONObject,
  opts: FieldManagerOptions,
): JSONObject {
  const ctx = context(opts);
  const live = old ?? zeroObject(ctx.schema);
  const managed = decodeLiveOrNew(live, updated, ctx.subresource !== "");
  const newObj = withoutManagedFields(updated);
  try {
    const r = skipNonAppliedUpdate(live, newObj, managed, opts.manager, ctx);
    return withManagedFields(r.object, r.managed);
  } catch (e) {
    if (!(e instanceof UpdaterError)) throw e;
    const out = withoutManagedFields(updated);
    const liveEntries = managedFieldsOf(live);
    if (liveEntries !== undefined) {
      if (!isObject(out.metadata)) out.metadata = {};
      (out.metadata as JSONObject).managedFields = cloneJSON(liveEntries);
    }
    return out;
  }
}

/** decodeLiveOrNew: the request's managedFields win (a client may set them), else the stored ones. */
function decodeLiveOrNew(live: JSONObject, newObj: JSONObject, ignoreRequest: boolean): Managed {
  if (ignoreRequest) return decodeManagedFieldsOrEmpty(managedFieldsOf(live));
  const requested = managedFieldsOf(newObj);
  if (isResetManagedFields(requested)) return decodeManagedFieldsOrEmpty(undefined);
  try {
    const m = decodeManagedFields(requested);
    if (m.fields.size > 0) return m;
  } catch (e) {
    if (!(e instanceof ManagedFieldsError)) throw e;
  }
  return decodeManagedFieldsOrEmpty(managedFieldsOf(live));
}

/** `managedFields: []` or `[{}]` asks to clear them. */
function isResetManagedFields(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  if (v.length === 0) return true;
  return v.length === 1 && isObject(v[0]) && Object.keys(v[0]).length === 0;
}

interface Outcome {
  object: JSONObject;
  managed: Managed;
}

/** skipNonApplied: an object that has no managed fields is not tracked until it is applied (or created). */
function skipNonAppliedUpdate(
  live: JSONObject,
  newObj: JSONObject,
  managed: Managed,
  manager: string,
  ctx: Context,
): Outcome {
  if (managed.fields.size === 0 && uidOf(live) !== "") return { object: newObj, managed };
  return capManagersUpdate(live, newObj, managed, manager, ctx);
}

function capManagersUpdate(
  live: JSONObject,
  newObj: JSONObject,
  managed: Managed,
  manager: string,
  ctx: Context,
): Outcome {
  const r = buildManagerInfoUpdate(live, newObj, managed, manager, ctx);
  capUpdateManagers(r.managed);
  return r;
}

function buildManagerInfoUpdate(
  live: JSONObject,
  newObj: JSONObject,
  managed: Managed,
  manager: string,
  ctx: Context,
): Outcome {
  const id = buildManagerIdentifier({
    manager: manager || "unknown",
    operation: "Update",
    apiVersion: ctx.groupVersion,
    subresource: ctx.subresource,
  });
  return managedFieldsUpdaterUpdate(live, newObj, managed, id, ctx);
}

/** The write's fields join the manager's; its time is updated only if it changed something. */
function managedFieldsUpdaterUpdate(
  live: JSONObject,
  newObj: JSONObject,
  managed: Managed,
  id: string,
  ctx: Context,
): Outcome {
  const r = stripMetaUpdate(live, newObj, managed, ctx);
  const vs = r.managed.fields.get(currentOperation);
  if (vs) {
    r.managed.fields.delete(currentOperation);
    const previous = r.managed.fields.get(id);
    r.managed.fields.set(id, previous ? { ...vs, set: vs.set.union(previous.set) } : vs);
    r.managed.times.set(id, ctx.now);
  }
  return r;
}

function stripMetaUpdate(live: JSONObject, newObj: JSONObject, managed: Managed, ctx: Context): Outcome {
  const r = structuredMergeUpdate(live, newObj, managed, ctx);
  stripFields(r.managed, currentOperation);
  return r;
}

function stripFields(managed: Managed, manager: string): void {
  const vs = managed.fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(stripSet);
  if (set.empty()) managed.fields.delete(manager);
  else managed.fields.set(manager, { ...vs, set });
}

function structuredMergeUpdate(
  live: JSONObject,
  newObj: JSONObject,
  managed: Managed,
  ctx: Context,
): Outcome {
  const lenient = { allowDuplicates: true, allowUndeclared: true };
  const newErrs = validate(newObj, ctx.type, lenient);
  if (newErrs.length > 0) {
    throw new UpdaterError(
      `failed to convert new object (${objectGVKNN(newObj)}) to smd typed: ${validationErrorsString(newErrs)}`,
    );
  }
  const liveErrs = validate(live, ctx.type, lenient);
  if (liveErrs.length > 0) {
    throw new UpdaterError(
      `failed to convert live object (${objectGVKNN(live)}) to smd typed: ${validationErrorsString(liveErrs)}`,
    );
  }
  const fields = ctx.updater.updateFields(live, newObj, ctx.groupVersion, managed.fields, currentOperation);
  return { object: newObj, managed: { fields, times: new Map(managed.times) } };
}

// ---- Apply -------------------------------------------------------------------------------------

/**
 * Server-side apply of `applied` (the decoded apply-patch body) by `opts.manager` to `live` (the
 * stored object, or undefined: apply creates). Returns the object to store, with managedFields;
 * defaulting, validation and admission are the caller's, afterwards, as upstream.
 */
export function applyPatch(
  live: JSONObject | undefined,
  applied: JSONObject,
  opts: ApplyOptions,
): ApplyResult {
  const ctx = context(opts);
  const liveObj = live ?? zeroObject(ctx.schema);
  let managed: Managed;
  try {
    managed = decodeManagedFields(managedFieldsOf(liveObj));
  } catch (e) {
    if (!(e instanceof ManagedFieldsError)) throw e;
    return unknownError(`failed to decode managed fields: ${e.message}`);
  }
  // versionCheck
  const want = parseGroupVersion(ctx.groupVersion);
  const got = parseGroupVersion(applied.apiVersion);
  if (got.group !== want.group || got.version !== want.version || applied.kind !== ctx.kind) {
    return badRequest(`invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`);
  }
  try {
    const r = lastAppliedUpdaterApply(liveObj, applied, managed, opts.manager, opts.force, ctx);
    return { ok: true, object: withManagedFields(r.object, r.managed) };
  } catch (e) {
    if (e instanceof ConflictError) return formatConflicts(describeConflicts(e.conflicts));
    if (e instanceof StatusFailure) return e.failure;
    if (e instanceof UpdaterError) return unknownError(e.message);
    throw e;
  }
}

function lastAppliedUpdaterApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: Context,
): Outcome {
  const r = lastAppliedManagerApply(live, applied, managed, manager, force, ctx);
  if (manager === "kubectl" && hasLastApplied(r.object)) setLastApplied(r.object, buildLastApplied(applied));
  return r;
}

function lastAppliedManagerApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: Context,
): Outcome {
  try {
    return skipNonAppliedApply(live, applied, managed, manager, force, ctx);
  } catch (e) {
    if (manager !== "kubectl" || !(e instanceof ConflictError)) throw e;
    const allowed = allowedConflictsFromLastApplied(live, ctx.type, ctx.groupVersion);
    if (!allowed) throw e;
    const remaining = e.conflicts.filter((c: Conflict) => !allowed.has(c.path));
    if (remaining.length > 0) throw new ConflictError(remaining);
    return skipNonAppliedApply(live, applied, managed, manager, true, ctx);
  }
}

/** The first apply attributes the existing fields to "before-first-apply" (an Update manager). */
function skipNonAppliedApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: Context,
): Outcome {
  let liveObj = live;
  let m = managed;
  if (m.fields.size === 0) {
    const r = capManagersUpdate(zeroObject(ctx.schema), live, m, beforeFirstApplyManager, ctx);
    liveObj = r.object;
    m = r.managed;
  }
  return buildManagerInfoApply(liveObj, applied, m, manager, force, ctx);
}

function buildManagerInfoApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  manager: string,
  force: boolean,
  ctx: Context,
): Outcome {
  const id = buildManagerIdentifier({
    manager: manager || "unknown",
    operation: "Apply",
    subresource: ctx.subresource,
  });
  return managedFieldsUpdaterApply(live, applied, managed, id, force, ctx);
}

/** The applier's time is updated only when the object changed; an unchanged object is the live one. */
function managedFieldsUpdaterApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  id: string,
  force: boolean,
  ctx: Context,
): Outcome {
  const r = stripMetaApply(live, applied, managed, id, force, ctx);
  if (r.object !== undefined) {
    r.managed.times.set(id, ctx.now);
    return { object: r.object, managed: r.managed };
  }
  return { object: withoutManagedFields(live), managed: r.managed };
}

function stripMetaApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  id: string,
  force: boolean,
  ctx: Context,
): { object: JSONObject | undefined; managed: Managed } {
  const r = structuredMergeApply(live, applied, managed, id, force, ctx);
  stripFields(r.managed, id);
  return r;
}

function structuredMergeApply(
  live: JSONObject,
  applied: JSONObject,
  managed: Managed,
  id: string,
  force: boolean,
  ctx: Context,
): { object: JSONObject | undefined; managed: Managed } {
  // Unstructured.GetManagedFields is non-nil for any list of objects, the empty list included.
  const appliedManagedFields = managedFieldsOf(applied);
  if (Array.isArray(appliedManagedFields) && appliedManagedFields.every(isObject)) {
    throw new StatusFailure(badRequest("metadata.managedFields must be nil"));
  }
  const liveObj = withoutManagedFields(live);
  const liveErrs = validate(liveObj, ctx.type, { allowDuplicates: true, allowUndeclared: true });
  if (liveErrs.length > 0) {
    throw new UpdaterError(
      `failed to create typed live object (${objectGVKNN(live)}): ${validationErrorsString(liveErrs)}`,
    );
  }
  const patchErrs = validate(applied, ctx.type, { allowDuplicates: false, allowUndeclared: false });
  if (patchErrs.length > 0) {
    // Upstream answers 500 here; the fault is in the request (a field the schema does not declare, a
    // duplicate list key), so k8ts answers 400 with the same message (docs/compatibility.md).
    throw new StatusFailure(
      badRequest(
        `failed to create typed patch object (${objectGVKNN(applied)}): ${validationErrorsString(patchErrs)}`,
      ),
    );
  }
  const r = ctx.updater.apply(liveObj, applied, ctx.groupVersion, managed.fields, id, force);
  if (r instanceof ConflictError) throw r;
  const times = new Map(managed.times);
  if (r.object === undefined) return { object: undefined, managed: { fields: r.managers, times } };
  if (!isObject(r.object)) throw new UpdaterError("failed to convert value to unstructured");
  return { object: dropDeclaredNulls(r.object, ctx.type), managed: { fields: r.managers, times } };
}

/**
 * Upstream decodes the merged object into its Go type, where a null declared field is simply
 * unset; drop those (unknown members keep their nulls, as a custom resource keeps them).
 */
function dropDeclaredNulls(obj: JSONObject, type: TypeRef): JSONObject {
  const walk = (v: unknown, t: TypeRef | undefined): void => {
    const atom = t?.atom;
    if (Array.isArray(v)) {
      for (const e of v) walk(e, atom?.list?.element);
    } else if (isObject(v)) {
      const m = atom?.map;
      for (const k of Object.keys(v)) {
        const declared = m?.fields.get(k);
        if (v[k] === null && declared) delete v[k];
        else walk(v[k], declared?.type ?? m?.element);
      }
    }
  };
  walk(obj, type);
  return obj;
}
