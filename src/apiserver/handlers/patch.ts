// PATCH (upstream's PatchResource): JSON patch, merge patch, strategic merge patch and server-side apply,
// applied to the current object inside the registry's update loop (so a conflicting write is retried
// with the patch re-applied), then decoded into the kind as upstream decodes the patched document.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest, conflict, StatusError, unsupportedMediaType, type Status } from "../errors.js";
import { parseJSON } from "../decode/json.js";
import { parseYAML } from "../decode/yaml.js";
import { decodeInto, parseGroupVersion, type DecodeTarget, type FieldValidation } from "../decode/object.js";
import { applyJSONPatch } from "../patch/jsonpatch.js";
import { applyMergePatch } from "../patch/mergepatch.js";
import { applyStrategicMergePatch } from "../patch/strategic.js";
import { invalid as patchInvalid, type JSONObject, type PatchFailure } from "../patch/status.js";
import { goJSON, goQuote, goValueString } from "../patch/gofmt.js";
import { writeOptions, type WriteOptions } from "./options.js";
import { resourceTarget } from "./decode.js";
import { recordManagedFields, serverSideApply } from "./fieldmanager.js";
import { ensureRequestNamespace, checkNameAfterPatch } from "./patchcheck.js";
import { statusUpdate } from "./update.js";
import { respondObject } from "./respond.js";
import type { RequestScope } from "./scope.js";

export const jsonPatchType = "application/json-patch+json";
export const mergePatchType = "application/merge-patch+json";
export const strategicMergePatchType = "application/strategic-merge-patch+json";
export const applyPatchType = "application/apply-patch+yaml";
export const patchTypes = [jsonPatchType, mergePatchType, strategicMergePatchType, applyPatchType];

/**
 * A patch package failure as the Status the server answers. Upstream answers some patch errors caused by
 * the patch itself with a plain 500 (no reason); k8ts never answers 5xx for bad input, so those are 400
 * BadRequest with the same message (docs/compatibility.md).
 */
export function failureToStatusError(f: PatchFailure): StatusError {
  if (f.code === 500 && !f.reason) return badRequest(f.message);
  const s = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: f.message,
  } as Status;
  if (f.reason) s.reason = f.reason;
  if (f.details) s.details = f.details;
  s.code = f.code;
  return new StatusError(s);
}

interface ParsedPatch {
  patch: unknown;
  /** Strict-decoding complaints about the patch body itself (duplicate fields). */
  strictErrors: string[];
}

/** Decodes the patch body as upstream does for its type, with upstream's errors. */
export function parsePatchBody(type: string, body: Buffer, fv: FieldValidation): ParsedPatch {
  const strict = fv !== "Ignore";
  if (type === applyPatchType) {
    const y = parseYAML(body);
    if (!y.ok) throw badRequest(`error decoding YAML: ${y.error}`);
    if (y.value === null || typeof y.value !== "object" || Array.isArray(y.value))
      throw badRequest(
        `error decoding YAML: json: cannot unmarshal ${Array.isArray(y.value) ? "array" : y.value === null ? "null" : typeof y.value === "boolean" ? "bool" : typeof y.value} into Go value of type map[string]interface {}`,
      );
    if (y.duplicates.length && strict) {
      const msg = `error converting YAML to JSON: yaml: unmarshal errors:\n  ${y.duplicates.join("\n  ")}`;
      if (fv === "Strict") throw badRequest(`error strict decoding YAML: ${msg}`);
      return { patch: y.value, strictErrors: y.duplicates };
    }
    return { patch: y.value, strictErrors: [] };
  }
  const j = parseJSON(body);
  if (!j.ok) {
    if (type === strategicMergePatchType) throw badRequest(j.error);
    if (strict) throw badRequest(`error decoding patch: ${j.error}`);
    throw badRequest(type === mergePatchType ? "Invalid JSON Patch" : j.error);
  }
  const prefix = type === jsonPatchType ? "json patch " : "";
  return {
    patch: j.value,
    strictErrors: strict ? j.duplicates.map((d) => `${prefix}duplicate field ${JSON.stringify(d)}`) : [],
  };
}

/**
 * Decodes a patched document into the kind: a decoding error is 422 Invalid on field "patch", unknown
 * fields are strict errors (or warnings), as upstream's jsonPatcher/smpPatcher.
 */
function decodePatched(
  s: RequestScope,
  obj: JSONObject,
  type: string,
  patch: unknown,
  fv: FieldValidation,
  bodyStrictErrors: string[],
  target: DecodeTarget,
): void {
  const shown = type === strategicMergePatchType ? goValueString(patch) : goJSON(obj);
  const fail = (detail: string) =>
    failureToStatusError(
      patchInvalid("", "", "", [
        { type: "FieldValueInvalid", field: "patch", body: `Invalid value: ${goQuote(shown)}: ${detail}` },
      ]),
    );
  const gv = parseGroupVersion(typeof obj.apiVersion === "string" ? obj.apiVersion : "");
  if (!gv.ok) throw fail(gv.error);
  const r = decodeInto(obj, gv, target);
  if (r.error) throw fail(r.error);
  obj.apiVersion = s.resource.apiVersion;
  obj.kind = target.kind;
  const errs = [...bodyStrictErrors, ...r.unknown.map((u) => `unknown field ${JSON.stringify(u)}`)];
  if (!errs.length || fv === "Ignore") return;
  if (fv === "Warn") {
    s.warnings.push(...errs);
    return;
  }
  throw fail(`strict decoding error: ${errs.join(", ")}`);
}

function applyNonApply(
  type: string,
  current: JSONObject,
  patch: unknown,
  fv: FieldValidation,
  schema: unknown,
): JSONObject {
  const r =
    type === jsonPatchType
      ? applyJSONPatch(current, patch, fv)
      : type === mergePatchType
        ? applyMergePatch(current, patch, fv)
        : applyStrategicMergePatch(current, patch, schema as JSONObject);
  if (!r.ok) throw failureToStatusError(r);
  return r.object;
}

export async function patchResource(s: RequestScope): Promise<void> {
  const header = s.req.headers["content-type"] ?? "";
  const idx = header.indexOf(";");
  const type = idx > 0 ? header.slice(0, idx) : header;
  if (!patchTypes.includes(type)) throw unsupportedMediaType(patchTypes);
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "PatchOptions", s.req.headers["user-agent"], type);
  const parsed = parsePatchBody(type, body, opts.fieldValidation);
  const sub = s.subresource;
  const r = await s.registry.update(
    s.namespace,
    s.name,
    { updatedObject: (current) => patched(s, type, parsed, opts, current, sub) },
    {
      user: s.user,
      dryRun: opts.dryRun,
      fieldManager: opts.fieldManager,
      subresource: sub,
      warnings: s.warnings,
    },
    type === applyPatchType && sub === "",
  );
  respondObject(s, r.created ? 201 : 200, r.object);
}

function patched(
  s: RequestScope,
  type: string,
  parsed: ParsedPatch,
  opts: WriteOptions,
  current: KubeObject | undefined,
  sub: string,
): KubeObject {
  const info = s.resource;
  const target = resourceTarget(info, s.services);
  let obj: JSONObject;
  if (type === applyPatchType) {
    if (!current && sub !== "") throw s.registry.notFound(s.name);
    const r = serverSideApply(
      info,
      current,
      parsed.patch as JSONObject,
      opts.fieldManager,
      opts.force ?? false,
      sub,
    );
    if (!r.ok) throw failureToStatusError(r);
    obj = r.object;
    if (parsed.strictErrors.length && opts.fieldValidation === "Warn")
      s.warnings.push(...parsed.strictErrors);
    decodePatched(s, obj, type, parsed.patch, opts.fieldValidation, [], target);
  } else {
    if (!current) throw s.registry.notFound(s.name);
    obj = applyNonApply(type, current, parsed.patch, opts.fieldValidation, info.rt.schema);
    decodePatched(s, obj, type, parsed.patch, opts.fieldValidation, parsed.strictErrors, target);
  }
  let next = obj as KubeObject;
  (next as { metadata?: object }).metadata ??= {};
  info.rt.defaults?.(next);
  const uid = (next.metadata as { uid?: string }).uid;
  if (!current && uid)
    throw conflict(
      info.gr,
      s.name,
      `uid mismatch: the provided object specified uid ${uid}, and no existing object was found`,
    );
  ensureRequestNamespace(s, next);
  checkNameAfterPatch(s, next);
  if ((sub === "status" || sub === "approval") && current) next = statusUpdate(current, next);
  if (type !== applyPatchType) next = recordManagedFields(info, current, next, opts.fieldManager, sub);
  return next;
}
