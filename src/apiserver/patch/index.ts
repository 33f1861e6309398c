// PATCH for every patch type the Kubernetes API server accepts, as its PatchResource handler
// (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go) runs it: check the media type and
// the patch options, decode the body, apply the patch (or server-side apply), then record the
// write's field ownership. Outcomes are values: the patched object, or the Status upstream answers.

import YAML from "yaml";
import { applyJSONPatch, type FieldValidation } from "./jsonpatch.js";
import { applyMergePatch } from "./mergepatch.js";
import { applyStrategicMergePatch } from "./strategic.js";
import {
  applyPatch,
  updateManagedFields,
  type ApplyConflictFailure,
  type FieldManagerOptions,
} from "./apply/fieldmanager.js";
import { isObject } from "./json.js";
import { goQuote } from "./gofmt.js";
import type { JSONSchema } from "./schema.js";
import {
  badRequest,
  invalid,
  unsupportedMediaType,
  type FieldError,
  type JSONObject,
  type PatchFailure,
} from "./status.js";

export const PatchType = {
  JSON: "application/json-patch+json",
  Merge: "application/merge-patch+json",
  StrategicMerge: "application/strategic-merge-patch+json",
  ApplyYAML: "application/apply-patch+yaml",
  ApplyCBOR: "application/apply-patch+cbor",
} as const;

/** The patch types a built-in resource accepts (CBOR apply is behind a feature gate upstream, off). */
export const builtinPatchTypes: readonly string[] = [
  PatchType.JSON,
  PatchType.Merge,
  PatchType.StrategicMerge,
  PatchType.ApplyYAML,
];

/** Custom resources: no strategic merge patch (their schemas carry no patch metadata). */
export const customResourcePatchTypes: readonly string[] = [
  PatchType.JSON,
  PatchType.Merge,
  PatchType.ApplyYAML,
];

export interface PatchRequest {
  /** The Content-Type header as sent (parameters such as "; charset=utf-8" are ignored). */
  contentType: string | undefined;
  /** The raw request body. */
  body: string | Uint8Array;
  /** The stored object, or undefined when there is none (only apply may then create it). */
  live: JSONObject | undefined;
  /** Schema of the kind (OpenAPI extensions give merge keys, list and map types); undefined = schemaless. */
  schema: JSONSchema | undefined;
  /** The served group/version and kind, e.g. "apps/v1" / "Deployment". */
  apiVersion: string;
  kind: string;
  /** For NotFound: the resource's group ("" for core) and plural name, and the object name. */
  group: string;
  resource: string;
  name: string;
  subresource?: string;
  /** Query parameters. */
  fieldManager?: string;
  force?: boolean;
  fieldValidation?: string;
  /** The User-Agent header: the manager when `fieldManager` is empty (non-apply patches). */
  userAgent?: string;
  /** The patch types the resource accepts; default builtinPatchTypes. */
  patchTypes?: readonly string[];
  /** Fields whose ownership is not tracked (upstream's reset fields for this resource/subresource). */
  resetFields?: readonly (readonly string[])[];
  /**
   * The kind's defaulting. Upstream defaults a patched object when it decodes it, before recording
   * the patcher's ownership (so the patcher owns defaulted fields); an applied object is defaulted
   * after its ownership is computed (the applier owns only its configuration). Both are done here.
   */
  applyDefaults?: (obj: JSONObject) => JSONObject;
  /** Time of the write. */
  now: Date | string;
}

export type PatchOutcome =
  { ok: true; object: JSONObject; created: boolean } | PatchFailure | ApplyConflictFailure;

/** Apply a PATCH request: the object to store (with managedFields), or upstream's error Status. */
export function applyPatchByContentType(req: PatchRequest): PatchOutcome {
  const accepted = req.patchTypes ?? builtinPatchTypes;
  const contentType = mediaType(req.contentType);
  if (!accepted.includes(contentType)) return unsupportedMediaType(accepted);

  const isApply = contentType === PatchType.ApplyYAML || contentType === PatchType.ApplyCBOR;
  const optionErrors = validatePatchOptions(req, isApply);
  if (optionErrors.length > 0) return invalid("meta.k8s.io", "PatchOptions", "", optionErrors);
  const fieldValidation = (req.fieldValidation || "Warn") as FieldValidation;

  const text = typeof req.body === "string" ? req.body : Buffer.from(req.body).toString("utf8");

  if (isApply) {
    let decoded: unknown;
    try {
      decoded = YAML.parse(text, { version: "1.1", uniqueKeys: false }) as unknown;
    } catch (e) {
      const first = (e as Error).message.split("\n")[0];
      return badRequest(`error encoding patch: error converting YAML to JSON: yaml: ${first}`);
    }
    if (decoded !== null && decoded !== undefined && !isObject(decoded)) {
      const kind = Array.isArray(decoded) ? "array" : typeof decoded === "boolean" ? "bool" : typeof decoded;
      return badRequest(
        `error decoding patch: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
      );
    }
    const r = applyPatch(req.live, isObject(decoded) ? decoded : {}, {
      ...managerOptions(req, req.fieldManager ?? ""),
      force: req.force ?? false,
    });
    if (!r.ok) return r;
    const object = req.applyDefaults ? req.applyDefaults(r.object) : r.object;
    return { ok: true, object, created: req.live === undefined };
  }

  let patch: unknown;
  try {
    patch = JSON.parse(text) as unknown;
  } catch {
    return badRequest("invalid JSON patch");
  }
  if (!req.live) return notFound(req);

  let result;
  switch (contentType) {
    case PatchType.JSON:
      result = applyJSONPatch(req.live, patch, fieldValidation);
      break;
    case PatchType.Merge:
      result = applyMergePatch(req.live, patch, fieldValidation);
      break;
    default:
      result = applyStrategicMergePatch(req.live, patch, req.schema);
  }
  if (!result.ok) return result;
  const patched = req.applyDefaults ? req.applyDefaults(result.object) : result.object;
  const manager = managerOrUserAgent(req.fieldManager ?? "", req.userAgent ?? "");
  return {
    ok: true,
    object: updateManagedFields(req.live, patched, managerOptions(req, manager)),
    created: false,
  };
}

function managerOptions(req: PatchRequest, manager: string): FieldManagerOptions {
  return {
    manager,
    apiVersion: req.apiVersion,
    kind: req.kind,
    schema: req.schema,
    now: req.now,
    subresource: req.subresource,
    resetFields: req.resetFields,
  };
}

/** The media type without parameters ("application/json; charset=utf-8" -> "application/json"). */
function mediaType(contentType: string | undefined): string {
  const ct = contentType ?? "";
  const i = ct.indexOf(";");
  return i > 0 ? ct.slice(0, i) : ct;
}

/** errors.NewNotFound(groupResource, name). */
function notFound(req: PatchRequest): PatchFailure {
  const gr = req.group ? `${req.resource}.${req.group}` : req.resource;
  const details: PatchFailure["details"] = { name: req.name, kind: req.resource };
  if (req.group) details.group = req.group;
  return {
    ok: false,
    code: 404,
    reason: "NotFound",
    message: `${gr} ${goQuote(req.name)} not found`,
    details,
  };
}

/** Upstream's limit on field manager names. */
const fieldManagerMaxLength = 128;

/** ValidatePatchOptions (fieldManager, force, fieldValidation). */
function validatePatchOptions(req: PatchRequest, isApply: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const fm = req.fieldManager ?? "";
  if (isApply) {
    if (fm === "")
      errs.push({
        type: "FieldValueRequired",
        field: "fieldManager",
        body: "Required value: is required for apply patch",
      });
  } else if (req.force !== undefined) {
    errs.push({
      type: "FieldValueForbidden",
      field: "force",
      body: "Forbidden: may not be specified for non-apply patch",
    });
  }
  if (Buffer.byteLength(fm) > fieldManagerMaxLength) {
    errs.push({
      type: "FieldValueTooLong",
      field: "fieldManager",
      body: `Too long: may not be more than ${fieldManagerMaxLength} bytes`,
    });
  }
  let pos = 0;
  for (const ch of fm) {
    const c = ch.codePointAt(0)!;
    if (!isPrintable(c)) {
      const u = `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
      errs.push({
        type: "FieldValueInvalid",
        field: "fieldManager",
        body: `Invalid value: ${goQuote(fm)}: invalid character ${u} (at position ${pos})`,
      });
    }
    pos += Buffer.byteLength(ch);
  }
  const fv = req.fieldValidation ?? "";
  if (!["", "Ignore", "Strict", "Warn"].includes(fv)) {
    errs.push({
      type: "FieldValueNotSupported",
      field: "fieldValidation",
      body: `Unsupported value: ${goQuote(fv)}: supported values: "", "Ignore", "Strict", "Warn"`,
    });
  }
  return errs;
}

function isPrintable(c: number): boolean {
  return !(c < 0x20 || (c >= 0x7f && c < 0xa0) || c === 0xad || c === 0x2028 || c === 0x2029);
}

/**
 * managerOrUserAgent: the field manager of a non-apply write is the `fieldManager` parameter, else
 * the User-Agent up to its first "/", printable characters only, at most 128 bytes.
 */
export function managerOrUserAgent(fieldManager: string, userAgent: string): string {
  if (fieldManager !== "") return fieldManager;
  let out = "";
  for (const ch of userAgent.split("/")[0]) {
    if (!isPrintable(ch.codePointAt(0)!)) continue;
    if (Buffer.byteLength(out + ch) > fieldManagerMaxLength) break;
    out += ch;
  }
  return out;
}

export { applyJSONPatch } from "./jsonpatch.js";
export { applyMergePatch } from "./mergepatch.js";
export { applyStrategicMergePatch } from "./strategic.js";
export { applyPatch, updateManagedFields } from "./apply/fieldmanager.js";
export type {
  ApplyOptions,
  ApplyResult,
  ApplyConflictFailure,
  FieldManagerOptions,
} from "./apply/fieldmanager.js";
export { formatConflicts, type ApplyConflict } from "./apply/conflict.js";
export { scaleToParent, scaleToSubresource, type ResourcePathMappings } from "./apply/scale.js";
export type { ManagedFieldsEntry } from "./apply/managedfields.js";
export type { PatchFailure, PatchResult, StatusCause, StatusDetails, JSONObject } from "./status.js";
export type { JSONSchema } from "./schema.js";
