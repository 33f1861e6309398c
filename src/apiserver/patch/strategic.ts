// Strategic merge patch (application/strategic-merge-patch+json), the server side of
// k8s.io/apimachinery/pkg/util/strategicpatch: StrategicMergeMapPatch with MergeParallelList and
// IgnoreUnmatchedNulls, as the API server calls it.
//
// Per field, the schema's x-kubernetes-patch-strategy ("merge", "replace", "retainKeys",
// "merge,retainKeys") and x-kubernetes-patch-merge-key decide how lists and maps combine:
//   - maps merge recursively (unless "replace"); null deletes a member;
//   - lists with strategy "merge" and a merge key merge item by item on that key; primitive lists
//     with strategy "merge" are set unions; all other lists are replaced;
//   - directives: `$patch: replace|delete` (maps and list items), `$setElementOrder/<list>`,
//     `$deleteFromPrimitiveList/<list>`, `$retainKeys`.
// A subtree without a schema merges like an unstructured object (maps merge, lists replaced).
//
// Errors are upstream's (interpretStrategicMergePatchError): malformed directives are 400, lists of
// lists and retainKeys mismatches are 422 with the generic message, anything else is a plain error
// (500, empty reason) whose text embeds Go-printed values, which we print the same way.

import { goValueString, goTypeName } from "./gofmt.js";
import { sliceStable } from "./gosort.js";
import { cloneJSON, getKey, hasKey, isObject, setKey } from "./json.js";
import {
  additionalProperties,
  deref,
  items,
  properties,
  property,
  rootNode,
  schemaType,
  stringKeyword,
  type JSONSchema,
  type SchemaNode,
} from "./schema.js";
import {
  badRequest,
  genericUnprocessable,
  unknownError,
  type JSONObject,
  type PatchResult,
} from "./status.js";

const directiveMarker = "$patch";
const deleteDirective = "delete";
const replaceDirective = "replace";
const mergeDirective = "merge";
const retainKeysStrategy = "retainKeys";
const deleteFromPrimitiveListDirectivePrefix = "$deleteFromPrimitiveList";
const retainKeysDirective = "$retainKeys";
const setElementOrderDirectivePrefix = "$setElementOrder";

/** How upstream's handler classifies a strategic merge patch error. */
type ErrorClass = "badRequest" | "unprocessable" | "plain";

/** An error inside the merge; thrown internally, returned to callers as a PatchFailure. */
export class StrategicMergePatchError extends Error {
  constructor(
    message: string,
    readonly errorClass: ErrorClass = "plain",
  ) {
    super(message);
    this.name = "StrategicMergePatchError";
  }
}

// mergepatch's sentinel errors.
const errBadPatchFormatForPrimitiveList = () =>
  new StrategicMergePatchError("invalid patch format of primitive list", "badRequest");
const errBadPatchFormatForRetainKeys = () =>
  new StrategicMergePatchError("invalid patch format of retainKeys", "badRequest");
const errBadPatchFormatForSetElementOrderList = () =>
  new StrategicMergePatchError("invalid patch format of setElementOrder list", "badRequest");
const errNoListOfLists = () =>
  new StrategicMergePatchError("lists of lists are not supported", "unprocessable");
const errNoMergeKey = (m: JSONObject, k: string) =>
  new StrategicMergePatchError(`map: ${goValueString(m)} does not contain declared merge key: ${k}`);
const errBadArgType = (expected: string, actual: unknown) =>
  new StrategicMergePatchError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
const errBadPatchType = (t: unknown, m: JSONObject) =>
  new StrategicMergePatchError(`unknown patch type: ${goValueString(t)} in map: ${goValueString(m)}`);

const mapType = "map[string]interface {}";
const sliceType = "[]interface {}";

/**
 * Apply a decoded strategic merge patch to `original` (not mutated) using the resource's schema.
 * A non-object patch is 400 as upstream's JSON decoder reports it; `null` changes nothing.
 */
export function applyStrategicMergePatch(
  original: JSONObject,
  patch: unknown,
  schema: JSONSchema | undefined,
): PatchResult {
  if (patch !== null && !isObject(patch)) {
    return badRequest(
      `json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  try {
    const lookup = new PatchMetaLookup(schema ? rootNode(schema) : undefined);
    const merged = mergeMap(cloneJSON(original), cloneJSON(patch ?? {}), lookup);
    stripDirectives(merged);
    return { ok: true, object: merged };
  } catch (e) {
    if (!(e instanceof StrategicMergePatchError)) throw e;
    return toFailure(e);
  }
}

/** The Status upstream answers for a strategic merge patch error. */
export function toFailure(e: StrategicMergePatchError): PatchResult {
  switch (e.errorClass) {
    case "badRequest":
      return badRequest(e.message);
    case "unprocessable":
      return genericUnprocessable();
    default:
      return unknownError(e.message);
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

// ---- patch metadata from the schema ------------------------------------------------------------

interface PatchMeta {
  strategies: string[];
  mergeKey: string;
}

const noMeta: PatchMeta = { strategies: [], mergeKey: "" };

/**
 * LookupPatchMeta over JSON Schema. Where upstream looks a field up in a Go struct we look it up in
 * `properties` (case-insensitively as a fallback, like encoding/json). A field the schema does not
 * describe, or a subtree without schema, has no metadata: maps merge and lists are replaced.
 */
export class PatchMetaLookup {
  constructor(readonly node: SchemaNode | undefined) {}

  private field(key: string): { sub: PatchMetaLookup; meta: PatchMeta } {
    const node = this.node;
    if (!node) return { sub: new PatchMetaLookup(undefined), meta: noMeta };
    let f = property(node, key);
    if (!f) {
      const props = properties(node);
      const folded = props && Object.keys(props).find((k) => k.toLowerCase() === key.toLowerCase());
      if (folded !== undefined) f = property(node, folded);
    }
    if (!f) {
      const extra = additionalProperties(node);
      return { sub: new PatchMetaLookup(typeof extra === "object" ? extra : undefined), meta: noMeta };
    }
    const strategy = stringKeyword(f, "x-kubernetes-patch-strategy");
    const mergeKey = stringKeyword(f, "x-kubernetes-patch-merge-key") ?? "";
    return {
      sub: new PatchMetaLookup(f),
      meta: { strategies: strategy ? strategy.split(",") : [], mergeKey },
    };
  }

  forStruct(key: string): { sub: PatchMetaLookup; meta: PatchMeta } {
    return this.field(key);
  }

  forSlice(key: string): { sub: PatchMetaLookup; meta: PatchMeta } {
    const { sub, meta } = this.field(key);
    const elem = sub.node ? items(sub.node) : undefined;
    return { sub: new PatchMetaLookup(elem), meta };
  }

  /** reflect Kind name of the Go type, for "cannot merge lists without merge key for %s". */
  name(): string {
    if (!this.node) return "struct";
    const t = schemaType(this.node);
    if (t === "object" || t === "") return properties(deref(this.node)) || t === "" ? "struct" : "map";
    if (t === "array") return "slice";
    if (t === "integer") return "int64";
    if (t === "number") return "float64";
    if (t === "boolean") return "bool";
    return t;
  }
}

function extractRetainKeysPatchStrategy(strategies: string[]): { retainKeys: boolean; strategy: string } {
  switch (strategies.length) {
    case 0:
      return { retainKeys: false, strategy: "" };
    case 1:
      return strategies[0] === retainKeysStrategy
        ? { retainKeys: true, strategy: "" }
        : { retainKeys: false, strategy: strategies[0] };
    case 2:
      if (strategies[0] === retainKeysStrategy) return { retainKeys: true, strategy: strategies[1] };
      if (strategies[1] === retainKeysStrategy) return { retainKeys: true, strategy: strategies[0] };
      break;
  }
  throw new StrategicMergePatchError(`unexpected patch strategy: [${strategies.join(" ")}]`);
}

// ---- values: Go's view of decoded JSON ---------------------------------------------------------

/** reflect.TypeOf of a decoded JSON value, as an identity for "same type" checks. */
function goType(v: unknown): string {
  return goTypeName(v);
}

/** Go's == on interface{} values holding scalars (maps and slices never compare equal here). */
function goEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === "object" && a !== null) return false;
  if (typeof b === "object" && b !== null) return false;
  return a === b && goType(a) === goType(b);
}

/** Map keys for Go map[interface{}]... sets of scalars. */
function scalarKey(v: unknown): string {
  return `${goType(v)}:${String(v)}`;
}

// ---- the merge ----------------------------------------------------------------------------------

/**
 * mergeMap: merge `patch` into `original`. Both may be modified (they are our own copies).
 * A `$patch` directive in the patch decides the whole map.
 */
function mergeMap(original: JSONObject | null, patch: JSONObject, schema: PatchMetaLookup): JSONObject {
  if (hasKey(patch, directiveMarker)) return handleDirectiveInMergeMap(patch[directiveMarker], patch);
  const orig: JSONObject = original ?? {};

  applyRetainKeysDirective(orig, patch);
  mergePatchIntoOriginal(orig, patch, schema);

  for (const patchKey of Object.keys(patch)) {
    if (!hasKey(patch, patchKey)) continue;
    const patchV = patch[patchKey];
    let k = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(deleteFromPrimitiveListDirectivePrefix)) {
      const noPrefixKey = extractKey(patchKey, deleteFromPrimitiveListDirectivePrefix);
      isDeleteList = true;
      if (noPrefixKey.length > 0) k = noPrefixKey;
    }

    // null deletes; unmatched nulls are ignored.
    if (patchV === null) {
      delete orig[k];
      continue;
    }

    if (!hasKey(orig, k)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV);
      continue;
    }

    const originalV = orig[k];
    if (goType(originalV) !== goType(patchV)) {
      if (!isDeleteList) takePatchValue(orig, k, patchV);
      continue;
    }

    if (isObject(originalV)) {
      const { sub, meta } = schema.forStruct(k);
      const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
      setKey(orig, k, mergeMapHandler(originalV, patchV, sub, strategy));
    } else if (Array.isArray(originalV)) {
      const { sub, meta } = schema.forSlice(k);
      const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
      setKey(orig, k, mergeSliceHandler(originalV, patchV, sub, strategy, meta.mergeKey, isDeleteList));
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) setKey(orig, k, v);
      else delete orig[k];
    }
  }
  return orig;
}

/** The patch value replaces (or adds) the member, without nulls and directive items. */
function takePatchValue(orig: JSONObject, k: string, patchV: unknown): void {
  discardNullValuesFromPatch(patchV);
  const [v, keep] = removeDirectives(patchV);
  if (keep) setKey(orig, k, v);
  else delete orig[k];
}

function handleDirectiveInMergeMap(directive: unknown, patch: JSONObject): JSONObject {
  if (directive === replaceDirective) {
    // Take the patch as the whole map.
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === deleteDirective) return {};
  throw errBadPatchType(directive, patch);
}

function extractKey(s: string, prefix: string): string {
  const slash = s.indexOf("/");
  if (slash < 0 || s.slice(0, slash) !== prefix) {
    if (prefix === deleteFromPrimitiveListDirectivePrefix) throw errBadPatchFormatForPrimitiveList();
    if (prefix === setElementOrderDirectivePrefix) throw errBadPatchFormatForSetElementOrderList();
    throw new StrategicMergePatchError(`fail to find unknown prefix "${prefix}" in ${s}\n`);
  }
  return s.slice(slash + 1);
}

/** `$retainKeys`: keep only the listed members of the original; the patch may only set listed ones. */
function applyRetainKeysDirective(original: JSONObject, patch: JSONObject): void {
  if (!hasKey(patch, retainKeysDirective)) return;
  const retainKeys = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retainKeys)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set(retainKeys.map(scalarKey));
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (
      v === null ||
      k.startsWith(deleteFromPrimitiveListDirectivePrefix) ||
      k.startsWith(setElementOrderDirectivePrefix)
    ) {
      continue;
    }
    if (!keep.has(scalarKey(k))) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) {
    if (!keep.has(scalarKey(k))) delete original[k];
  }
}

/**
 * `$setElementOrder/<list>`: merge the list it names and order the result: items named in the
 * directive in its order, server-only items kept in their relative live order between them.
 */
function mergePatchIntoOriginal(original: JSONObject, patch: JSONObject, schema: PatchMetaLookup): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderDirectivePrefix)) continue;
    const setElementOrderInPatch = patch[key];
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType(sliceType, setElementOrderInPatch);
    const setElementOrder = setElementOrderInPatch;
    const originalKey = extractKey(key, setElementOrderDirectivePrefix);

    const foundOriginal = hasKey(original, originalKey);
    const foundPatch = hasKey(patch, originalKey);
    let originalList: unknown[] | undefined;
    let patchList: unknown[] | undefined;
    if (foundOriginal) {
      const v = original[originalKey];
      if (!Array.isArray(v)) throw errBadArgType(sliceType, v);
      originalList = v;
    }
    if (foundPatch) {
      const v = patch[originalKey];
      if (!Array.isArray(v)) throw errBadArgType(sliceType, v);
      patchList = v;
    }
    const { sub, meta } = schema.forSlice(originalKey);
    const { strategy } = extractRetainKeysPatchStrategy(meta.strategies);
    const mergeKey = meta.mergeKey;
    validatePatchWithSetOrderList(patchList ?? [], setElementOrder, mergeKey);

    let merged: unknown[];
    if (originalList && !patchList) {
      merged = originalList;
    } else if (!originalList && patchList) {
      merged = removeDirectives(patchList)[0] as unknown[];
    } else if (originalList && patchList) {
      merged = mergeSliceHandler(originalList, patchList, sub, strategy, mergeKey, false);
    } else {
      continue;
    }

    const [patchItems, serverOnlyItems] =
      mergeKey.length === 0
        ? partitionPrimitivesByPresentInList(merged, setElementOrder)
        : partitionMapsByPresentInList(merged, setElementOrder, mergeKey);
    const kind = sliceElementType(originalList ?? [], patchList ?? []);
    original[originalKey] = normalizeElementOrder(
      patchItems,
      serverOnlyItems,
      setElementOrder,
      originalList ?? [],
      mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}

/** The relative order of the patch items must match `$setElementOrder`, and each must be in it. */
function validatePatchWithSetOrderList(
  patchList: unknown[],
  setOrderList: unknown[],
  mergeKey: string,
): void {
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDeleteList = mergeKey.length > 0 ? extractToDeleteItems(patchList)[0] : patchList;
  let patchIndex = 0;
  let setOrderIndex = 0;
  while (patchIndex < nonDeleteList.length && setOrderIndex < setOrderList.length) {
    if (containsDirectiveMarker(nonDeleteList[patchIndex])) {
      patchIndex++;
      continue;
    }
    if (mergeKeyValueEqual(nonDeleteList[patchIndex], setOrderList[setOrderIndex], mergeKey)) patchIndex++;
    setOrderIndex++;
  }
  if (patchIndex < nonDeleteList.length && setOrderIndex >= setOrderList.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goValueString(patchList)}\n doesn't match ${setElementOrderDirectivePrefix} list:\n${goValueString(setOrderList)}\n`,
    );
  }
}

function containsDirectiveMarker(item: unknown): boolean {
  return isObject(item) && hasKey(item, directiveMarker);
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey.length === 0) return goEquals(left, right);
  if (!isObject(left)) throw errBadArgType(mapType, left);
  if (!isObject(right)) throw errBadArgType(mapType, right);
  if (!hasKey(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasKey(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEquals(left[mergeKey], right[mergeKey]);
}

function mergeMapHandler(
  original: JSONObject,
  patch: unknown,
  schema: PatchMetaLookup,
  strategy: string,
): JSONObject {
  if (!isObject(patch)) throw errBadArgType(mapType, patch);
  if (strategy !== replaceDirective) return mergeMap(original, patch, schema);
  return patch;
}

function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: PatchMetaLookup,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType(sliceType, original);
  if (!Array.isArray(patch)) throw errBadArgType(sliceType, patch);
  // Delete lists are handled the same way whatever the field's strategy.
  if (strategy === mergeDirective || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, isDeleteList);
  return patch;
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: PatchMetaLookup,
  mergeKey: string,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat: unknown[] = patch;
  if (kind !== "map") {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === "") {
      throw new StrategicMergePatchError(`cannot merge lists without merge key for ${schema.name()}`);
    }
    const special = mergeSliceWithSpecialElements(new GoSlice(original, original.length), patch, mergeKey);
    orig = special.original.items();
    pat = special.patch;
    merged = mergeSliceWithoutSpecialElements(special.original, pat, mergeKey, schema).items();
  }
  const [patchItems, serverOnlyItems] =
    mergeKey.length === 0
      ? partitionPrimitivesByPresentInList(merged, pat)
      : partitionMapsByPresentInList(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, pat, orig, mergeKey, kind);
}

/**
 * A Go slice header over a backing array. Upstream deletes list items and appends new ones in
 * place, so the caller's view of the original list (used afterwards to order server-only items
 * under `$setElementOrder`) sees shifted and overwritten elements. The visible order of items
 * depends on it, so we reproduce it: the JS array is the backing array, shared with the caller.
 */
class GoSlice {
  constructor(
    public arr: unknown[],
    public len: number,
  ) {}

  items(): unknown[] {
    return this.arr.slice(0, this.len);
  }

  /** append(s[:i], s[i+1:]...): shift the tail left in place. */
  deleteAt(i: number): void {
    for (let k = i; k < this.len - 1; k++) this.arr[k] = this.arr[k + 1];
    this.len--;
  }

  /** append(s, v): in place while there is capacity, else into a new backing array. */
  append(v: unknown): void {
    if (this.len < this.arr.length) this.arr[this.len] = v;
    else this.arr = [...this.items(), v];
    this.len++;
  }
}

/** `$patch: delete|replace` items of a merging list; returns the new original and the plain patch items. */
function mergeSliceWithSpecialElements(
  original: GoSlice,
  patch: unknown[],
  mergeKey: string,
): { original: GoSlice; patch: unknown[] } {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JSONObject;
    if (!hasKey(item, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === deleteDirective) {
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      deleteMatchingEntries(original, mergeKey, item[mergeKey]);
    } else if (directive === replaceDirective) {
      // Keep going: other directive items are dropped too.
      replace = true;
    } else if (directive === mergeDirective) {
      throw new StrategicMergePatchError("merging lists cannot yet be specified in the patch");
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  if (replace) return { original: new GoSlice(plain, plain.length), patch: [] };
  return { original, patch: plain };
}

function deleteMatchingEntries(original: GoSlice, mergeKey: string, value: unknown): void {
  for (;;) {
    const found = findMapInSliceBasedOnKeyValue(original.items(), mergeKey, value);
    if (!found) return;
    original.deleteAt(found.index);
  }
}

function mergeSliceWithoutSpecialElements(
  original: GoSlice,
  patch: unknown[],
  mergeKey: string,
  schema: PatchMetaLookup,
): GoSlice {
  // The slice header is passed by value: appends below do not change the caller's length.
  const out = new GoSlice(original.arr, original.len);
  for (const v of patch) {
    const item = v as JSONObject;
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(out.items(), mergeKey, item[mergeKey]);
    if (found) out.arr[found.index] = mergeMap(found.map, item, schema);
    else out.append(v);
  }
  return out;
}

function findMapInSliceBasedOnKeyValue(
  m: unknown[],
  key: string,
  value: unknown,
): { map: JSONObject; index: number } | undefined {
  for (let i = 0; i < m.length; i++) {
    const item = m[i];
    if (!isObject(item)) throw new StrategicMergePatchError(`value for key ${i} is not a map`);
    if (hasKey(item, key) && goEquals(item[key], value)) return { map: item, index: i };
  }
  return undefined;
}

/** `$deleteFromPrimitiveList`: drop the listed scalars. */
function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const del = new Set(toDelete.map(scalarKey));
  return current.filter((v) => !del.has(scalarKey(v)));
}

/** Upstream's in-place deduplication: a duplicate is overwritten by the last element. */
function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEquals(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function partitionPrimitivesByPresentInList(
  original: unknown[],
  partitionBy: unknown[],
): [unknown[], unknown[]] {
  const inPatch = new Set(partitionBy.map(scalarKey));
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) (inPatch.has(scalarKey(v)) ? patch : serverOnly).push(v);
  return [patch, serverOnly];
}

function partitionMapsByPresentInList(
  original: unknown[],
  partitionBy: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of original) {
    if (!isObject(v)) throw errBadArgType(mapType, v);
    if (!hasKey(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const found = findMapInSliceBasedOnKeyValue(partitionBy, mergeKey, v[mergeKey]);
    (found ? patch : serverOnly).push(v);
  }
  return [patch, serverOnly];
}

type ElementKind = "map" | "scalar";

/** All elements must have one type, and not be lists. */
function sliceElementType(...slices: unknown[][]): ElementKind {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goType(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw errNoListOfLists();
      } else if (prev !== t) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goValueString(slices)}`);
      }
    }
  }
  if (prev === undefined) throw new StrategicMergePatchError("no elements in any of the given slices");
  return prev === mapType ? "map" : "scalar";
}

/**
 * normalizeElementOrder: order patch items by `patchOrder`, server-only items by `serverOrder`,
 * then interleave them keeping both relative orders.
 */
function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

function normalizeSliceOrder(
  toSort: unknown[],
  order: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  let sorted = toSort.slice();
  let toDelete: unknown[] = [];
  if (kind === "map") {
    validateMergeKeyInLists(mergeKey, sorted, order);
    [sorted, toDelete] = extractToDeleteItems(sorted);
  }
  sliceStable(sorted, (a, b) => {
    const ia = index(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = index(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...sorted, ...toDelete];
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType(mapType, item);
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Items marked `$patch: delete`, split from the others. */
function extractToDeleteItems(l: unknown[]): [unknown[], unknown[]] {
  const nonDelete: unknown[] = [];
  const toDelete: unknown[] = [];
  for (const v of l) {
    if (!isObject(v)) throw errBadArgType(mapType, v);
    if (hasKey(v, directiveMarker) && v[directiveMarker] === deleteDirective) toDelete.push(v);
    else nonDelete.push(v);
  }
  return [nonDelete, toDelete];
}

/** Insert each `left` item into `right` before the first item that comes after it in `serverOrder`. */
function mergeSortedSlice(
  left: unknown[],
  right: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = index(serverOrder, left[i], mergeKey, kind);
      const ri = index(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** Position of an item in `l`: by merge key value for maps, by value for scalars; -1 if absent. */
function index(l: unknown[], valToLookUp: unknown, mergeKey: string, kind: ElementKind): number {
  const val = (item: unknown): unknown => {
    if (kind !== "map") return item;
    return isObject(item) ? (getKey(item, mergeKey) ?? null) : null;
  };
  const want = val(valToLookUp);
  for (let i = 0; i < l.length; i++) if (goEquals(want, val(l[i]))) return i;
  return -1;
}

/** Drop directive maps and list items (`$patch`); `false` when the value itself is one. */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (isObject(obj)) {
    if (hasKey(obj, directiveMarker)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) obj[k] = v;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

function discardNullValuesFromPatch(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) discardNullValuesFromPatch(e);
  }
}

/**
 * Directive members left in values the patch added wholesale. Upstream decodes the result into the
 * Go type, which has no such fields, so they never reach storage; neither do they here.
 */
function stripDirectives(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (
        k === directiveMarker ||
        k === retainKeysDirective ||
        k.startsWith(setElementOrderDirectivePrefix + "/") ||
        k.startsWith(deleteFromPrimitiveListDirectivePrefix + "/")
      ) {
        delete v[k];
      } else stripDirectives(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) stripDirectives(e);
  }
}
