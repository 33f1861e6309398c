// Decoding a parsed body into a kind's schema the way Go's encoding/json (sigs.k8s.io/json, case-sensitive)
// decodes into the kind's struct: the first type mismatch is an error with Go's wording
// ("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
// unknown fields are dropped and reported with their path (strict decoding), nulls mean "unset".
// A schema is compiled once into a tree of nodes; decoding walks the value along it.
import type { TSchema } from "@sinclair/typebox";

export type Node =
  | StructNode
  | { k: "map"; elem: Node; goType: string }
  | { k: "array"; elem: Node; goType: string }
  | { k: "string"; goType: string }
  | { k: "int"; bits: 32 | 64; goType: string }
  | { k: "float"; goType: string }
  | { k: "bool"; goType: string }
  | { k: "quantity"; goType: string }
  | { k: "intstr"; goType: string }
  | { k: "time"; goType: string }
  | { k: "duration"; goType: string }
  | { k: "bytes"; goType: string }
  | { k: "any"; goType: string };

export interface StructNode {
  k: "struct";
  /** Go type as printed in errors: "v1.DeploymentSpec". */
  goType: string;
  /** Struct name in error context: "DeploymentSpec". */
  name: string;
  props: Map<string, Node>;
  /** Fields the schema requires; the others are Go `omitempty`, so empty lists and maps vanish. */
  required: Set<string>;
  /** x-kubernetes-preserve-unknown-fields / additionalProperties: true — unknown fields are kept. */
  preserveUnknown: boolean;
}

/** Compiles schemas into nodes; $refs resolve against every schema with an $id seen so far. */
export class SchemaCompiler {
  private readonly byId = new Map<string, TSchema>();
  private readonly nodes = new Map<TSchema, Node>();

  register(schema: TSchema): void {
    const stack: unknown[] = [schema];
    const seen = new Set<unknown>();
    while (stack.length) {
      const s = stack.pop();
      if (!s || typeof s !== "object" || seen.has(s)) continue;
      seen.add(s);
      const id = (s as { $id?: unknown }).$id;
      if (typeof id === "string" && !this.byId.has(id)) this.byId.set(id, s as TSchema);
      for (const v of Object.values(s)) if (v && typeof v === "object") stack.push(v);
    }
  }

  compile(schema: TSchema): Node {
    const cached = this.nodes.get(schema);
    if (cached) return cached;
    const s = schema as Record<string, any>;
    if (typeof s.$ref === "string") {
      const target = this.byId.get(s.$ref);
      if (!target) return { k: "any", goType: "interface {}" };
      return this.compile(target);
    }
    const pt = s["x-proto-type"];
    const named = typeof s.$id === "string" ? goTypeName(s.$id) : undefined;
    let node: Node | undefined;
    switch (pt) {
      case "time":
      case "microtime":
        node = { k: "time", goType: pt === "time" ? "v1.Time" : "v1.MicroTime" };
        break;
      case "quantity":
        node = { k: "quantity", goType: "resource.Quantity" };
        break;
      case "intstr":
        node = { k: "intstr", goType: "intstr.IntOrString" };
        break;
      case "rawextension":
      case "fieldsv1":
        node = { k: "any", goType: named ?? "runtime.RawExtension" };
        break;
      case "bytes":
        node = { k: "bytes", goType: "[]uint8" };
        break;
      case "duration":
        node = { k: "duration", goType: "v1.Duration" };
        break;
      case "double":
        node = { k: "float", goType: "float64" };
        break;
    }
    if (!node && s["x-kubernetes-int-or-string"] === true)
      node = { k: "intstr", goType: "intstr.IntOrString" };
    if (node) {
      this.nodes.set(schema, node);
      return node;
    }
    const union = (s.anyOf ?? s.oneOf) as TSchema[] | undefined;
    if (Array.isArray(union)) {
      const allStrings = union.every((m) => (m as any).type === "string");
      node = allStrings
        ? { k: "string", goType: named ?? "string" }
        : { k: "any", goType: named ?? "interface {}" };
      this.nodes.set(schema, node);
      return node;
    }
    const type = Array.isArray(s.type) ? undefined : (s.type as string | undefined);
    switch (type) {
      case "object": {
        const props = s.properties as Record<string, TSchema> | undefined;
        const pattern = s.patternProperties as Record<string, TSchema> | undefined;
        const preserve =
          s["x-kubernetes-preserve-unknown-fields"] === true || s.additionalProperties === true;
        if (props || s.allOf) {
          const st: StructNode = {
            k: "struct",
            goType: named ?? "struct {}",
            name: named ? named.slice(named.indexOf(".") + 1) : "",
            props: new Map(),
            required: new Set((s.required as string[] | undefined) ?? []),
            preserveUnknown: preserve,
          };
          this.nodes.set(schema, st); // before children: schemas may be recursive
          for (const [k, v] of Object.entries(props ?? {})) st.props.set(k, this.compile(v));
          for (const part of (s.allOf ?? []) as TSchema[]) {
            const sub = this.compile(part);
            if (sub.k === "struct") for (const [k, v] of sub.props) st.props.set(k, v);
          }
          return st;
        }
        const elemSchema =
          (pattern && Object.values(pattern)[0]) ??
          (typeof s.additionalProperties === "object" ? (s.additionalProperties as TSchema) : undefined);
        if (elemSchema) {
          const m = { k: "map", elem: undefined as unknown as Node, goType: named ?? "" } as Node & {
            k: "map";
          };
          this.nodes.set(schema, m);
          m.elem = this.compile(elemSchema);
          if (!m.goType) m.goType = `map[string]${m.elem.goType}`;
          return m;
        }
        node = preserve
          ? { k: "any", goType: named ?? "map[string]interface {}" }
          : {
              k: "struct",
              goType: named ?? "struct {}",
              name: "",
              props: new Map(),
              required: new Set(),
              preserveUnknown: false,
            };
        break;
      }
      case "array": {
        const a = { k: "array", elem: undefined as unknown as Node, goType: named ?? "" } as Node & {
          k: "array";
        };
        this.nodes.set(schema, a);
        a.elem = s.items ? this.compile(s.items as TSchema) : { k: "any", goType: "interface {}" };
        if (!a.goType) a.goType = `[]${a.elem.goType}`;
        return a;
      }
      case "string":
        node =
          s.format === "byte"
            ? { k: "bytes", goType: "[]uint8" }
            : s.format === "date-time"
              ? { k: "time", goType: "v1.Time" }
              : { k: "string", goType: named ?? "string" };
        break;
      case "integer":
        node =
          s.format === "int32"
            ? { k: "int", bits: 32, goType: "int32" }
            : { k: "int", bits: 64, goType: "int64" };
        break;
      case "number":
        node = { k: "float", goType: "float64" };
        break;
      case "boolean":
        node = { k: "bool", goType: "bool" };
        break;
      default:
        node = { k: "any", goType: "interface {}" };
    }
    this.nodes.set(schema, node);
    return node;
  }
}

/** "io.k8s.api.apps.v1.DeploymentSpec" → "v1.DeploymentSpec" (package name + type, as Go's reflect prints it). */
export function goTypeName(id: string): string {
  const parts = id.split(".");
  return parts.length >= 2 ? `${parts[parts.length - 2]}.${parts[parts.length - 1]}` : id;
}

export interface DecodeResult {
  /** The decoded object (the input, pruned in place). */
  value: unknown;
  /** Go's first unmarshal error, if any. */
  error?: string;
  /** Paths of fields the schema does not know ("spec.foo", "spec.containers[0].bar"), in document order. */
  unknown: string[];
}

const quantityRe = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
export const quantityFormatError =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const rfc3339Re = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const durationRe = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;

const DROP = Symbol("drop");

interface Ctx {
  error?: string;
  unknown: string[];
}

/** What Go names a JSON value's kind in UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}

/**
 * Decodes `value` (already JSON-parsed) along `node`. Type errors stop nothing (Go keeps decoding) but only
 * the first is reported; unknown fields are removed and listed.
 */
export function decodeTyped(value: unknown, node: Node): DecodeResult {
  const ctx: Ctx = { unknown: [] };
  const out = walk(value, node, ctx, "", [], "");
  return { value: out === DROP ? undefined : out, error: ctx.error, unknown: ctx.unknown };
}

function typeError(ctx: Ctx, what: string, goType: string, struct: string, fields: string[]): typeof DROP {
  if (ctx.error === undefined) {
    ctx.error =
      struct || fields.length
        ? `json: cannot unmarshal ${what} into Go struct field ${struct}.${fields.join(".")} of type ${goType}`
        : `json: cannot unmarshal ${what} into Go value of type ${goType}`;
  }
  return DROP;
}

function saveError(ctx: Ctx, msg: string): typeof DROP {
  if (ctx.error === undefined) ctx.error = msg;
  return DROP;
}

function intInRange(v: number, bits: 32 | 64): boolean {
  if (!Number.isInteger(v)) return false;
  return bits === 32 ? v >= -2147483648 && v <= 2147483647 : Number.isSafeInteger(v) || Math.abs(v) < 2 ** 63;
}

function walk(v: unknown, node: Node, ctx: Ctx, struct: string, fields: string[], strict: string): unknown {
  if (v === null) return DROP;
  switch (node.k) {
    case "any":
      return v;
    case "string":
      return typeof v === "string" ? v : typeError(ctx, jsonKind(v), node.goType, struct, fields);
    case "bool":
      return typeof v === "boolean" ? v : typeError(ctx, jsonKind(v), node.goType, struct, fields);
    case "float":
      return typeof v === "number" ? v : typeError(ctx, jsonKind(v), node.goType, struct, fields);
    case "int":
      if (typeof v !== "number") return typeError(ctx, jsonKind(v), node.goType, struct, fields);
      return intInRange(v, node.bits)
        ? v
        : typeError(ctx, `number ${String(v)}`, node.goType, struct, fields);
    case "quantity":
      if (typeof v === "number") return v;
      if (typeof v === "string" && quantityRe.test(v.trim())) return v;
      return saveError(ctx, quantityFormatError);
    case "intstr":
      if (typeof v === "string") return v;
      if (typeof v === "number") {
        if (intInRange(v, 32)) return v;
        return typeError(ctx, `number ${String(v)}`, "int32", struct, fields);
      }
      return typeError(ctx, jsonKind(v), "int32", struct, fields);
    case "time":
      if (typeof v !== "string") return typeError(ctx, jsonKind(v), "string", struct, fields);
      if (!rfc3339Re.test(v) || Number.isNaN(Date.parse(v)))
        return saveError(
          ctx,
          `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`,
        );
      return v;
    case "duration":
      if (typeof v !== "string") return typeError(ctx, jsonKind(v), "string", struct, fields);
      if (!durationRe.test(v)) return saveError(ctx, `time: invalid duration ${JSON.stringify(v)}`);
      return v;
    case "bytes": {
      if (typeof v !== "string") return typeError(ctx, jsonKind(v), node.goType, struct, fields);
      const bad = firstInvalidBase64(v);
      return bad < 0 ? v : saveError(ctx, `illegal base64 data at input byte ${bad}`);
    }
    case "array": {
      if (!Array.isArray(v)) return typeError(ctx, jsonKind(v), node.goType, struct, fields);
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], node.elem, ctx, struct, fields, `${strict}[${i}]`);
        v[i] = r === DROP ? zeroValue(node.elem) : r;
      }
      return v;
    }
    case "map": {
      if (typeof v !== "object" || Array.isArray(v))
        return typeError(ctx, jsonKind(v), node.goType, struct, fields);
      const o = v as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        const r = walk(o[key], node.elem, ctx, struct, fields, strict ? `${strict}.${key}` : key);
        if (r === DROP) {
          if (o[key] === null) o[key] = zeroValue(node.elem);
          else delete o[key];
        } else o[key] = r;
      }
      return o;
    }
    case "struct": {
      if (typeof v !== "object" || Array.isArray(v))
        return typeError(ctx, jsonKind(v), node.goType, struct, fields);
      const o = v as Record<string, unknown>;
      for (const key of Object.keys(o)) {
        const child = node.props.get(key);
        if (!child) {
          if (node.preserveUnknown) continue;
          ctx.unknown.push(strict ? `${strict}.${key}` : key);
          delete o[key];
          continue;
        }
        const r = walk(o[key], child, ctx, node.name, [...fields, key], strict ? `${strict}.${key}` : key);
        if (r === DROP) delete o[key];
        else if (!node.required.has(key) && isEmptyCollection(r, child))
          delete o[key]; // omitempty
        else o[key] = r;
      }
      return o;
    }
  }
}

/** An empty list, or an empty map: what Go's `omitempty` leaves out when it encodes. */
function isEmptyCollection(v: unknown, node: Node): boolean {
  if (node.k === "array") return Array.isArray(v) && v.length === 0;
  if (node.k === "map") return v !== null && typeof v === "object" && Object.keys(v).length === 0;
  return false;
}

/** Go's zero value for a null array or map element. */
function zeroValue(node: Node): unknown {
  switch (node.k) {
    case "string":
    case "quantity":
    case "time":
    case "duration":
    case "bytes":
      return node.k === "quantity" ? "0" : "";
    case "int":
    case "float":
    case "intstr":
      return 0;
    case "bool":
      return false;
    case "struct":
    case "map":
      return {};
    default:
      return null;
  }
}

/** Index of the first byte Go's base64.StdEncoding rejects, or -1. */
function firstInvalidBase64(s: string): number {
  // Go ignores \r and \n; otherwise only the standard alphabet with correct '=' padding is accepted.
  const t = s.replace(/[\r\n]/g, "");
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (/[A-Za-z0-9+/]/.test(c)) continue;
    if (c === "=") {
      const rest = t.slice(i);
      if ((rest === "=" || rest === "==") && t.length % 4 === 0) return -1;
      return i;
    }
    return i;
  }
  return t.length % 4 === 0 ? -1 : t.length - (t.length % 4);
}
