// RFC 6902 JSON Patch (application/json-patch+json) as the Kubernetes API server applies it: with
// gopkg.in/evanphx/json-patch.v4 (v4.12), whose behaviour differs from the RFC in ways clients can
// observe, and which we therefore keep:
//   - "replace" of a missing object member adds it; "copy" from a missing member copies null;
//   - a missing "value" means null;
//   - negative array indices count from the end (-1 is the last element; for "add", the end);
//   - the segment before the first "/" is ignored ("spec/replicas" addresses "/replicas");
//   - "test" of a missing or null member succeeds when the expected value is null or absent.
// The document operations themselves are fast-json-patch's, on pointers we resolve and normalise.
//
// Errors follow staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go: an undecodable patch
// is 400, more than 10000 operations is 413, any operation that does not apply is 422 with
// upstream's fixed message (the underlying text is discarded by NewGenericServerResponse).

import fastJsonPatch from "fast-json-patch";
import type { Operation } from "fast-json-patch";
import { goJSONKind } from "./gofmt.js";
import { cloneJSON, getKey, hasKey, isObject, jsonEqual, setKey } from "./json.js";
import {
  badRequest,
  genericUnprocessable,
  requestEntityTooLarge,
  undecodablePatchedObject,
  type JSONObject,
  type PatchResult,
} from "./status.js";

const { applyOperation } = fastJsonPatch;

/** Upstream's limit on operations in one JSON patch. */
export const maxJSONPatchOperations = 10000;

export type FieldValidation = "Ignore" | "Warn" | "Strict";

/** A decoded operation: whatever JSON object the client sent. */
type RawOperation = Record<string, unknown>;

/** Why an operation did not apply (kept for logs and tests; the client sees the generic 422). */
export class JSONPatchOperationError {
  constructor(readonly message: string) {}
}

/**
 * Apply a decoded JSON patch body to `doc` (not mutated). `fieldValidation` selects the decoder
 * upstream uses first (Strict/Warn decode the operations strictly, with different error wording).
 */
export function applyJSONPatch(
  doc: JSONObject,
  patch: unknown,
  fieldValidation: FieldValidation = "Warn",
): PatchResult {
  const decoded = decodePatch(patch, fieldValidation);
  if (!Array.isArray(decoded)) return decoded;
  if (decoded.length > maxJSONPatchOperations) {
    return requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${maxJSONPatchOperations}, got ${decoded.length}`,
    );
  }
  const applied = applyOperations(cloneJSON(doc), decoded);
  if (applied instanceof JSONPatchOperationError) return genericUnprocessable();
  if (!isObject(applied)) return undecodablePatchedObject(applied);
  return { ok: true, object: applied };
}

/** The patched document as a value, or why an operation failed (evanphx's Patch.Apply). */
export function applyOperations(doc: unknown, ops: readonly (RawOperation | null)[]): unknown {
  const state = { doc };
  for (const op of ops) {
    const err = applyOne(state, op ?? {});
    if (err) return err;
  }
  return state.doc;
}

function decodePatch(
  patch: unknown,
  fieldValidation: FieldValidation,
): (RawOperation | null)[] | PatchResult {
  // Strict and Warn first decode into []jsonPatchOp{op, path, from string; value any}.
  const strict = fieldValidation !== "Ignore";
  const listType = strict ? "[]handlers.jsonPatchOp" : "jsonpatch.Patch";
  const itemType = strict ? "handlers.jsonPatchOp" : "jsonpatch.Operation";
  const wrap = (m: string) => badRequest(strict ? `error decoding patch: ${m}` : m);
  if (patch === null) return [];
  if (!Array.isArray(patch))
    return wrap(`json: cannot unmarshal ${goJSONKind(patch)} into Go value of type ${listType}`);
  for (const item of patch) {
    if (item !== null && !isObject(item)) {
      return wrap(`json: cannot unmarshal ${goJSONKind(item)} into Go value of type ${itemType}`);
    }
    if (strict && item !== null) {
      for (const f of ["op", "path", "from"]) {
        const v = getKey(item, f);
        if (v !== undefined && v !== null && typeof v !== "string") {
          return wrap(
            `json: cannot unmarshal ${goJSONKind(v)} into Go struct field jsonPatchOp.${f} of type string`,
          );
        }
      }
    }
  }
  return patch as (RawOperation | null)[];
}

// ---- operations, with evanphx v4.12 semantics ----------------------------------------------------

interface State {
  doc: unknown;
}

type Container = { kind: "object"; value: JSONObject } | { kind: "array"; value: unknown[] };

const fail = (m: string) => new JSONPatchOperationError(m);

function stringField(op: RawOperation, name: string): string | undefined {
  const v = getKey(op, name);
  return typeof v === "string" ? v : undefined;
}

/** op.value(): absent and null are both JSON null. */
function opValue(op: RawOperation): unknown {
  const v = getKey(op, "value");
  return v === undefined ? null : v;
}

function applyOne(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const kind = stringField(op, "op") ?? "unknown";
  switch (kind) {
    case "add":
      return opAdd(state, op);
    case "remove":
      return opRemove(state, op);
    case "replace":
      return opReplace(state, op);
    case "move":
      return opMove(state, op);
    case "test":
      return opTest(state, op);
    case "copy":
      return opCopy(state, op);
    default:
      return fail(`Unexpected kind: ${kind}`);
  }
}

function opAdd(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const path = stringField(op, "path");
  if (path === undefined) return fail("add operation failed to decode path");
  const found = findObject(state.doc, path);
  if (!found) return fail(`add operation does not apply: doc is missing path: "${path}"`);
  return containerAdd(found.container, found.key, cloneJSON(opValue(op)), path);
}

function opRemove(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const path = stringField(op, "path");
  if (path === undefined) return fail("remove operation failed to decode path");
  const found = findObject(state.doc, path);
  if (!found) return fail(`remove operation does not apply: doc is missing path: "${path}"`);
  return containerRemove(found.container, found.key, path);
}

function opReplace(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const path = stringField(op, "path");
  if (path === undefined) return fail("replace operation failed to decode path");
  if (path === "") {
    const v = getKey(op, "value");
    if (!isObject(v) && !Array.isArray(v)) return fail("replace operation value must be object or array");
    state.doc = cloneJSON(v);
    return undefined;
  }
  const found = findObject(state.doc, path);
  if (!found) return fail(`replace operation does not apply: doc is missing path: ${path}`);
  const { container, key } = found;
  if (container.kind === "object") {
    // partialDoc.get never fails: replacing a missing member adds it.
    objectSet(container.value, key, cloneJSON(opValue(op)));
    return undefined;
  }
  const idx = arrayIndex(container.value, key);
  if (idx === undefined) return fail(`replace operation does not apply: doc is missing key: ${path}`);
  run(container, { op: "replace", path: `/${idx}`, value: cloneJSON(opValue(op)) });
  return undefined;
}

function opMove(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const from = stringField(op, "from");
  if (from === undefined) return fail("move operation failed to decode from");
  const src = findObject(state.doc, from);
  if (!src) return fail(`move operation does not apply: doc is missing from path: ${from}`);
  let value: unknown = null;
  if (src.container.kind === "array") {
    const idx = arrayIndex(src.container.value, src.key);
    if (idx === undefined) return fail(`error in move for path: '${src.key}'`);
    value = src.container.value[idx];
  } else {
    value = getKey(src.container.value, src.key) ?? null;
  }
  const removed = containerRemove(src.container, src.key, from);
  if (removed) return removed;
  const path = stringField(op, "path");
  if (path === undefined) return fail("move operation failed to decode path");
  const dst = findObject(state.doc, path);
  if (!dst) return fail(`move operation does not apply: doc is missing destination path: ${path}`);
  return containerAdd(dst.container, dst.key, value, path);
}

function opCopy(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const from = stringField(op, "from");
  if (from === undefined) return fail("copy operation failed to decode from");
  const src = findObject(state.doc, from);
  if (!src) return fail(`copy operation does not apply: doc is missing from path: ${from}`);
  let value: unknown;
  if (src.container.kind === "array") {
    const idx = arrayIndex(src.container.value, src.key);
    if (idx === undefined) return fail(`error in copy for from: '${from}'`);
    value = src.container.value[idx];
  } else {
    // partialDoc.get of a missing member is nil, and a nil node copies as null.
    value = getKey(src.container.value, src.key) ?? null;
  }
  const path = stringField(op, "path");
  if (path === undefined) return fail("copy operation failed to decode path");
  const dst = findObject(state.doc, path);
  if (!dst) return fail(`copy operation does not apply: doc is missing destination path: ${path}`);
  return containerAdd(dst.container, dst.key, cloneJSON(value), path);
}

function opTest(state: State, op: RawOperation): JSONPatchOperationError | undefined {
  const path = stringField(op, "path");
  if (path === undefined) return fail("test operation failed to decode path");
  const expected = getKey(op, "value");
  if (path === "") {
    return jsonEqual(state.doc, expected) ? undefined : fail(`testing value ${path} failed`);
  }
  const found = findObject(state.doc, path);
  if (!found) return fail(`test operation does not apply: is missing path: ${path}`);
  let actual: unknown;
  if (found.container.kind === "array") {
    const idx = arrayIndex(found.container.value, found.key);
    if (idx === undefined) return fail(`error in test for path: '${path}'`);
    actual = found.container.value[idx];
  } else {
    actual = getKey(found.container.value, found.key);
  }
  // A missing member and a JSON null are the same nil node.
  if (actual === undefined || actual === null) {
    return expected === undefined || expected === null ? undefined : fail(`testing value ${path} failed`);
  }
  if (expected === undefined || expected === null) return fail(`testing value ${path} failed`);
  return jsonEqual(actual, expected) ? undefined : fail(`testing value ${path} failed`);
}

function containerAdd(
  c: Container,
  key: string,
  value: unknown,
  path: string,
): JSONPatchOperationError | undefined {
  if (c.kind === "object") {
    objectSet(c.value, key, value);
    return undefined;
  }
  if (key === "-") {
    run(c, { op: "add", path: "/-", value });
    return undefined;
  }
  const n = goAtoi(key);
  if (n === undefined)
    return fail(`error in add for path: '${path}': value was not a proper array index: '${key}'`);
  const size = c.value.length + 1;
  if (n >= size || n < -size)
    return fail(`error in add for path: '${path}': Unable to access invalid index: ${n}`);
  const idx = n < 0 ? n + size : n;
  run(c, { op: "add", path: idx === c.value.length ? "/-" : `/${idx}`, value });
  return undefined;
}

function containerRemove(c: Container, key: string, path: string): JSONPatchOperationError | undefined {
  if (c.kind === "object") {
    if (!hasKey(c.value, key))
      return fail(`error in remove for path: '${path}': Unable to remove nonexistent key: ${key}`);
    if (key === "__proto__") delete c.value[key];
    else run(c, { op: "remove", path: `/${escapePointer(key)}` });
    return undefined;
  }
  const n = goAtoi(key);
  if (n === undefined) return fail(`error in remove for path: '${path}'`);
  const len = c.value.length;
  if (n >= len || n < -len)
    return fail(`error in remove for path: '${path}': Unable to access invalid index: ${n}`);
  run(c, { op: "remove", path: `/${n < 0 ? n + len : n}` });
  return undefined;
}

/** partialArray.get: a Go integer, negative counts from the end, in range. */
function arrayIndex(a: unknown[], key: string): number | undefined {
  const n = goAtoi(key);
  if (n === undefined || n >= a.length || n < -a.length) return undefined;
  return n < 0 ? n + a.length : n;
}

/** strconv.Atoi: optional sign, decimal digits, fits in int64. */
function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Run one normalised operation on the container through fast-json-patch (a one-segment pointer). */
function run(c: Container, op: Operation): void {
  applyOperation(c.value, op, false, true, true);
}

/** Object member add/replace; "__proto__" is an ordinary JSON member, set without touching prototypes. */
function objectSet(obj: JSONObject, key: string, value: unknown): void {
  if (key === "__proto__") setKey(obj, key, value);
  else run({ kind: "object", value: obj }, { op: "add", path: `/${escapePointer(key)}`, value });
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

function decodePointer(s: string): string {
  // strings.NewReplacer("~1", "/", "~0", "~"): one left-to-right pass.
  return s.replace(/~[01]/g, (m) => (m === "~1" ? "/" : "~"));
}

/**
 * findObject: the container holding the last segment of `path`, walking every segment but the
 * first (which is whatever precedes the first "/") and the last. A missing, null or scalar
 * intermediate value means "missing path".
 */
function findObject(doc: unknown, path: string): { container: Container; key: string } | undefined {
  const split = path.split("/");
  if (split.length < 2) return undefined;
  let node: unknown = doc;
  let container = toContainer(node);
  if (!container) return undefined;
  for (const raw of split.slice(1, -1)) {
    const part = decodePointer(raw);
    if (container.kind === "object") {
      node = getKey(container.value, part);
      if (node === undefined || node === null) return undefined;
      container = toContainer(node);
    } else {
      const idx = arrayIndex(container.value, part);
      if (idx === undefined) return undefined;
      node = container.value[idx];
      if (node === undefined || node === null) return undefined;
      container = toContainer(node);
    }
    if (!container) return undefined;
  }
  return { container, key: decodePointer(split[split.length - 1]) };
}

function toContainer(v: unknown): Container | undefined {
  if (Array.isArray(v)) return { kind: "array", value: v };
  if (isObject(v)) return { kind: "object", value: v };
  return undefined;
}
