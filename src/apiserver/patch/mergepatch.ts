// RFC 7386 JSON Merge Patch (application/merge-patch+json) as the API server applies it
// (evanphx/json-patch v4 MergePatch): objects merge member by member, null deletes, anything
// else replaces. v4 also drops nulls inside values it inserts, except where a non-object patch
// value replaces an object (it is taken as is); we keep that.
//
// Errors (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go): with fieldValidation
// Strict or Warn (the default) the body is first decoded into a map, so a non-object body is 400
// "error decoding patch: ..."; a null body is 400 "Invalid JSON Patch". With Ignore, an array
// body becomes the document, which then fails to decode (422 on field "patch").

import type { FieldValidation } from "./jsonpatch.js";
import { cloneJSON, getKey, hasKey, isObject, setKey } from "./json.js";
import { badRequest, undecodablePatchedObject, type JSONObject, type PatchResult } from "./status.js";
import { goJSONKind } from "./gofmt.js";

export function applyMergePatch(
  doc: JSONObject,
  patch: unknown,
  fieldValidation: FieldValidation = "Warn",
): PatchResult {
  if (fieldValidation !== "Ignore" && patch !== null && !isObject(patch)) {
    return badRequest(
      `error decoding patch: json: cannot unmarshal ${goJSONKind(patch)} into Go value of type map[string]interface {}`,
    );
  }
  if (patch === null) return badRequest("Invalid JSON Patch");
  if (Array.isArray(patch)) {
    // The array replaces the document; it cannot decode into an object.
    const result = cloneJSON(patch);
    pruneNulls(result);
    return undecodablePatchedObject(result);
  }
  if (!isObject(patch)) return badRequest("Invalid JSON Patch");
  const out = cloneJSON(doc);
  mergeDocs(out, cloneJSON(patch));
  return { ok: true, object: out };
}

/** Merge `patch` into `doc` in place (values of `patch` are moved, not copied). */
export function mergeDocs(doc: JSONObject, patch: JSONObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) {
      delete doc[k];
      continue;
    }
    const cur = getKey(doc, k);
    if (!hasKey(doc, k) || cur === null) {
      pruneNulls(v);
      setKey(doc, k, v);
    } else {
      setKey(doc, k, merge(cur, v));
    }
  }
}

function merge(cur: unknown, patch: unknown): unknown {
  if (!isObject(cur)) {
    pruneNulls(patch);
    return patch;
  }
  if (!isObject(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

/** Remove null members of objects, recursively (array elements that are null stay). */
function pruneNulls(v: unknown): void {
  if (isObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else pruneNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const e of v) if (e !== null) pruneNulls(e);
  }
}
