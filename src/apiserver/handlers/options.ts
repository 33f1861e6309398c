// Query parameters decoded as upstream's parameter codec decodes them into ListOptions, CreateOptions,
// UpdateOptions, PatchOptions and DeleteOptions, with the same validation errors.
import {
  type FieldError,
  notSupported,
  required,
  forbidden,
  tooLong,
  invalid as fieldInvalid,
} from "../../api/validation/field.js";
import { parseLabelSelector, type LabelSelector } from "../../api/labels/selector.js";
import { parseFieldSelector, type FieldSelector } from "../../api/fields/selector.js";
import { badRequest, invalid } from "../errors.js";
import type { ResourceInfo } from "../registry/resource.js";
import { validateDryRun } from "../registry/generic.js";
import type { FieldValidation } from "../decode/object.js";

/** metav1 Convert_Slice_string_To_bool: anything but "0"/"false" is true. */
export function queryBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return !(v === "0" || v.toLowerCase() === "false");
}

/** Convert_Slice_string_To_int64: strconv.ParseInt errors are 400. */
export function queryInt(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^[+-]?[0-9]+$/.test(v))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = Number(v);
  if (!Number.isSafeInteger(n))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return n;
}

const metaGK = (kind: string) => ({ group: "meta.k8s.io", kind });

export interface ListOptions {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  watch: boolean;
  allowWatchBookmarks: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  timeoutSeconds?: number;
  limit: number;
  continue: string;
  sendInitialEvents?: boolean;
}

/** ListOptions from the query, defaulted and validated (SetListOptionsDefaults + ValidateListOptions). */
export function listOptions(
  q: URLSearchParams,
  info: ResourceInfo,
  forceWatch: boolean,
  name: string,
): ListOptions {
  const ls = parseLabelSelector(q.get("labelSelector") ?? "");
  if (!ls.ok) throw badRequest(ls.error);
  const fs = parseFieldSelector(q.get("fieldSelector") ?? "");
  if (!fs.ok) throw badRequest(fs.error);
  const o: ListOptions = {
    labelSelector: ls.selector,
    fieldSelector: fs.selector,
    watch: forceWatch || (queryBool(q, "watch") ?? false),
    allowWatchBookmarks: queryBool(q, "allowWatchBookmarks") ?? false,
    resourceVersion: q.get("resourceVersion") ?? "",
    resourceVersionMatch: q.get("resourceVersionMatch") ?? "",
    timeoutSeconds: queryInt(q, "timeoutSeconds"),
    limit: queryInt(q, "limit") ?? 0,
    continue: q.get("continue") ?? "",
    sendInitialEvents: queryBool(q, "sendInitialEvents"),
  };
  // SetListOptionsDefaults (WatchList is on in 1.32): a legacy watch from "" or "0" gets its initial events.
  if (o.watch && o.sendInitialEvents === undefined && o.resourceVersionMatch === "") {
    if (o.resourceVersion === "" || o.resourceVersion === "0") {
      o.sendInitialEvents = true;
      o.resourceVersionMatch = "NotOlderThan";
    }
  }
  const errs = validateListOptions(o);
  if (errs.length) throw invalid(metaGK("ListOptions"), "", errs);
  // Field labels the kind does not support (ConvertFieldLabel).
  for (const r of o.fieldSelector.requirements)
    if (!info.fieldLabels.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
  if (name) {
    const pinned = o.fieldSelector.requiresExactMatch("metadata.name");
    if (!o.fieldSelector.empty && pinned !== name)
      throw badRequest("fieldSelector metadata.name doesn't match requested name");
  }
  return o;
}

function validateListOptions(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.watch) {
    if (o.sendInitialEvents !== undefined && match !== "NotOlderThan")
      errs.push(
        forbidden(
          "resourceVersionMatch",
          "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
        ),
      );
    if (match) {
      if (o.sendInitialEvents === undefined)
        errs.push(
          forbidden(
            "resourceVersionMatch",
            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
          ),
        );
      if (match !== "NotOlderThan") errs.push(notSupported("resourceVersionMatch", match, ["NotOlderThan"]));
      if (o.continue)
        errs.push(
          forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"),
        );
    }
    return errs;
  }
  if (match) {
    if (!o.resourceVersion)
      errs.push(
        forbidden(
          "resourceVersionMatch",
          "resourceVersionMatch is forbidden unless resourceVersion is provided",
        ),
      );
    if (o.continue)
      errs.push(
        forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"),
      );
    if (match !== "Exact" && match !== "NotOlderThan")
      errs.push(notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
    if (match === "Exact" && o.resourceVersion === "0")
      errs.push(
        forbidden(
          "resourceVersionMatch",
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
  }
  if (o.sendInitialEvents !== undefined)
    errs.push(forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
  return errs;
}

export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  force?: boolean;
}

const fieldManagerMaxLength = 128;

function validateFieldManager(fm: string): FieldError[] {
  const errs: FieldError[] = [];
  if (fm.length > fieldManagerMaxLength) errs.push(tooLong("fieldManager", "", fieldManagerMaxLength));
  let i = 0;
  for (const ch of fm) {
    const cp = ch.codePointAt(0)!;
    if (!isPrint(cp))
      errs.push(
        fieldInvalid(
          "fieldManager",
          fm,
          `invalid character U+${cp.toString(16).toUpperCase().padStart(4, "0")} (at position ${i})`,
        ),
      );
    i += Buffer.byteLength(ch);
  }
  return errs;
}

/** Go's unicode.IsPrint, approximately: no control or unassigned/format characters, ASCII space allowed. */
function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** The prefix of the user agent before its first "/", printable characters only (upstream prefixFromUserAgent). */
export function managerFromUserAgent(ua: string | undefined): string {
  const m = (ua ?? "").split("/")[0];
  let out = "";
  for (const ch of m) {
    if (!isPrint(ch.codePointAt(0)!)) continue;
    if (Buffer.byteLength(out + ch) > fieldManagerMaxLength) break;
    out += ch;
  }
  return out;
}

/**
 * Create/Update/PatchOptions. `kind` names the options kind in validation errors; `patchType` enables the
 * patch rules (fieldManager required for apply, force only for apply).
 */
export function writeOptions(
  q: URLSearchParams,
  kind: "CreateOptions" | "UpdateOptions" | "PatchOptions",
  userAgent: string | undefined,
  patchType?: string,
): WriteOptions {
  const dryRun = q.getAll("dryRun");
  const fieldManager = q.get("fieldManager") ?? "";
  const fv = q.get("fieldValidation") ?? "";
  const force = kind === "PatchOptions" ? queryBool(q, "force") : undefined;
  const errs: FieldError[] = [];
  if (kind === "PatchOptions") {
    if (patchType === "application/apply-patch+yaml") {
      if (!fieldManager) errs.push(required("fieldManager", "is required for apply patch"));
    } else if (force !== undefined) errs.push(forbidden("force", "may not be specified for non-apply patch"));
  }
  errs.push(...validateFieldManager(fieldManager));
  errs.push(...validateDryRun(dryRun.length ? dryRun : undefined));
  if (!["", "Ignore", "Warn", "Strict"].includes(fv))
    errs.push(notSupported("fieldValidation", fv, ["", "Ignore", "Strict", "Warn"]));
  if (errs.length) throw invalid(metaGK(kind), "", errs);
  return {
    dryRun: dryRun.length > 0,
    fieldManager: fieldManager || managerFromUserAgent(userAgent),
    fieldValidation: (fv || "Warn") as FieldValidation,
    force,
  };
}

export type IncludeObject = "Metadata" | "Object" | "None";

/** TableOptions (includeObject), validated as upstream's optionsForTransform does. */
export function tableOptions(q: URLSearchParams): IncludeObject {
  const v = q.get("includeObject") ?? "";
  if (v === "" || v === "Metadata") return "Metadata";
  if (v === "Object" || v === "None") return v;
  throw badRequest(
    `Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(v)}: must be 'Metadata', 'Object', 'None', or empty`,
  );
}
