// Decoding a request body into an object of the endpoint's kind, as upstream's create/update handlers do
// (serializer Decode + transformDecodeError): find apiVersion/kind, default them from the URL, check the
// kind is the endpoint's, decode along the schema, and apply the fieldValidation directive to strict errors.
import { badRequest } from "../errors.js";
import { parseJSON } from "./json.js";
import { parseYAML } from "./yaml.js";
import { decodeTyped, type Node } from "./typed.js";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface DecodeTarget {
  group: string;
  version: string;
  kind: string;
  node: Node;
  /** Whether group/version serves `kind` at all (upstream: registered in the scheme). */
  isRegistered: (group: string, version: string, kind: string) => boolean;
  /** Canonical forms the decoder produces (quantities); returns a decode error message on failure. */
  canonicalize?: (obj: Record<string, unknown>) => string | undefined;
}

export interface Decoded {
  obj: Record<string, unknown>;
  warnings: string[];
}

/** Body formats a request may carry. */
export type BodyFormat = "json" | "yaml" | "protobuf";

/** What Interpret's anonymous struct is called in Go's errors. */
const findKindType =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** upstream summarizeData: the first 30 bytes of a JSON object, or hex for anything else. */
export function summarizeData(data: Buffer, maxLength = 30): string {
  if (data.length === 0) return "<empty>";
  if (data[0] === 0x7b)
    return data.length > maxLength
      ? data.subarray(0, maxLength).toString("latin1") + " ..."
      : data.toString("latin1");
  return data.length > maxLength
    ? data.subarray(0, maxLength).toString("hex") + " ..."
    : data.toString("hex");
}

/** The internal API package a group's objects convert into (core, apps, networking, rbac, ...). */
function internalPackage(group: string): string {
  if (group === "" || group === "events.k8s.io") return "core";
  return group.split(".")[0];
}

export function parseGroupVersion(
  gv: string,
): { ok: true; group: string; version: string } | { ok: false; error: string } {
  if (gv === "" || gv === "/") return { ok: true, group: "", version: "" };
  const slashes = gv.split("/").length - 1;
  if (slashes === 0) return { ok: true, group: "", version: gv };
  if (slashes === 1) {
    const i = gv.indexOf("/");
    return { ok: true, group: gv.slice(0, i), version: gv.slice(i + 1) };
  }
  return { ok: false, error: `unexpected GroupVersion string: ${gv}` };
}

const gvString = (group: string, version: string) => (group ? `${group}/${version}` : version);

/**
 * Parses and type-checks a body for `target`. Throws StatusError (400) as upstream would; returns the
 * object (apiVersion/kind filled in) and the warnings fieldValidation=Warn produces.
 * `value` may be given instead of bytes when the body was decoded elsewhere (protobuf).
 */
export function decodeObject(
  body: Buffer,
  format: BodyFormat,
  target: DecodeTarget,
  fieldValidation: FieldValidation,
  preDecoded?: unknown,
): Decoded {
  const unrecognized = (err: string) =>
    badRequest(
      `the object provided is unrecognized (must be of type ${target.kind}): ${err} (${summarizeData(body)})`,
    );

  let value: unknown;
  const strictErrors: string[] = [];
  const warnings: string[] = [];
  if (preDecoded !== undefined) {
    value = preDecoded;
  } else if (format === "yaml") {
    const p = parseYAML(body);
    if (!p.ok) throw unrecognized(p.error);
    value = p.value;
    if (p.duplicates.length) {
      const msg = `error converting YAML to JSON: yaml: unmarshal errors:\n  ${p.duplicates.join("\n  ")}`;
      strictErrors.push(msg);
      warnings.push(...p.duplicates);
    }
  } else {
    const p = parseJSON(body);
    if (!p.ok) throw unrecognized(`couldn't get version/kind; json parse error: ${p.error}`);
    value = p.value;
    for (const d of p.duplicates) {
      strictErrors.push(`duplicate field ${JSON.stringify(d)}`);
      warnings.push(`duplicate field ${JSON.stringify(d)}`);
    }
  }

  // Interpret: apiVersion and kind must be strings of an object.
  if (value === null) value = {};
  if (typeof value !== "object" || Array.isArray(value)) {
    const k = Array.isArray(value) ? "array" : typeof value === "boolean" ? "bool" : typeof value;
    throw unrecognized(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${k} into Go value of type ${findKindType}`,
    );
  }
  const obj = value as Record<string, unknown>;
  for (const f of ["apiVersion", "kind"]) {
    const v = obj[f];
    if (v !== undefined && v !== null && typeof v !== "string") {
      const k = Array.isArray(v)
        ? "array"
        : typeof v === "boolean"
          ? "bool"
          : typeof v === "object"
            ? "object"
            : typeof v;
      throw unrecognized(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${k} into Go struct field .${f} of type string`,
      );
    }
  }
  const gv = parseGroupVersion((obj.apiVersion as string | undefined) ?? "");
  if (!gv.ok) throw unrecognized(gv.error);
  const r = decodeInto(obj, gv, target);
  const { group, version, kind } = r;
  const cannotHandle = (err: string) =>
    badRequest(`${kind} in version ${JSON.stringify(version)} cannot be handled as a ${target.kind}: ${err}`);
  if (r.error) throw cannotHandle(r.error);
  for (const u of r.unknown) {
    strictErrors.push(`unknown field ${JSON.stringify(u)}`);
    warnings.push(`unknown field ${JSON.stringify(u)}`);
  }
  if (strictErrors.length && fieldValidation === "Strict")
    throw cannotHandle(`strict decoding error: ${strictErrors.slice(0, 100).join(", ")}`);

  if (group !== target.group || version !== target.version)
    throw badRequest(
      `the API version in the data (${gvString(group, version)}) does not match the expected API version (${gvString(target.group, target.version)})`,
    );
  obj.apiVersion = gvString(group, version);
  obj.kind = kind;
  return { obj, warnings: fieldValidation === "Warn" ? warnings : [] };
}

export interface DecodeIntoResult {
  group: string;
  version: string;
  kind: string;
  /** The decoder's error, as Go's codec words it (no "cannot be handled" prefix). */
  error?: string;
  unknown: string[];
}

/**
 * The codec's part of decoding: default apiVersion/kind from the target, refuse another kind, decode
 * along the schema, canonicalize. Used for bodies and for patched objects (whose errors upstream
 * reports differently).
 */
export function decodeInto(
  obj: Record<string, unknown>,
  gv: { group: string; version: string },
  target: DecodeTarget,
): DecodeIntoResult {
  let { group, version } = gv;
  let kind = typeof obj.kind === "string" ? obj.kind : "";
  if (!kind) kind = target.kind;
  if (!version && !group) {
    group = target.group;
    version = target.version;
  }
  if (!version && group === target.group) version = target.version;
  if (kind !== target.kind) {
    const error = target.isRegistered(group, version, kind)
      ? `converting (${version}.${kind}) to (${internalPackage(target.group)}.${target.kind}): unknown conversion`
      : `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(gvString(group, version))} in scheme "pkg/api/legacyscheme/scheme.go:30"`;
    return { group, version, kind, error, unknown: [] };
  }
  const r = decodeTyped(obj, target.node);
  if (r.error) return { group, version, kind, error: r.error, unknown: r.unknown };
  const canonicalError = target.canonicalize?.(obj);
  if (canonicalError) return { group, version, kind, error: canonicalError, unknown: r.unknown };
  return { group, version, kind, unknown: r.unknown };
}
