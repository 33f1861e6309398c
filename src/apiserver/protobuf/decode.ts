// Decodes a Kubernetes object's protobuf message into its JSON form by walking the kind's TypeBox
// schema: `x-proto` gives field numbers, the property schema gives the wire type, `x-proto-type`
// marks the apimachinery types whose wire form differs from their JSON form, `x-proto-inline` the
// Go structs embedded inline (their own message on the wire), `x-proto-wrapped` Go's named slice
// types (a message around the list). Records are proto maps (entries {key = 1, value = 2}); repeated
// scalars are read packed or not; unknown field numbers are skipped.
//
// Zero values. gogo-protobuf writes every non-pointer field, zero or not; encoding/json omits zero
// `omitempty` fields. The schema cannot tell a pointer from a non-pointer, so the rule is:
//  - a field listed in `required` keeps its zero value (upstream marks exactly the non-omitempty
//    fields required, and JSON carries them: SubjectAccessReviewStatus.allowed=false,
//    PriorityClass.value=0, PodDisruptionBudgetStatus counters, TokenRequestStatus.token="");
//  - an optional string "", number 0 or boolean false is dropped (non-pointer omitempty fields:
//    metadata.generation, spec.minReadySeconds, containers[].stdin, ports[].nodePort …), unless the
//    property schema carries `x-proto-pointer: true` (a Go pointer: present on the wire means set);
//  - messages are kept even when empty ({}): JSON writes non-pointer structs (`resources: {}`,
//    `status: {}`, `strategy: {}`) and pointer structs must survive (`emptyDir: {}`);
//  - a zero metav1.Time (no seconds, no nanos; JSON null) is dropped;
//  - list items and map values keep zero values ("" in `apiGroups: [""]`).
// Checked against real kubectl 1.32 bodies and the JSON kubectl 1.31 sends for the same commands.
import type { TSchema } from "@sinclair/typebox";
import pb from "protobufjs/minimal.js";
import { shapeOf, type FieldTable, type MessageField, type Shape } from "./shape.js";
import { formatDuration, formatMicroTime, formatTime } from "./wellknown.js";
import { hasProtobufPrefix } from "./envelope.js";
import { WireError } from "./errors.js";

type Reader = pb.Reader;

export interface DecodeContext {
  /** Decodes an embedded "k8s\x00" envelope (a RawExtension holding a protobuf object). */
  nested?: (raw: Uint8Array) => Record<string, unknown>;
}

/** Decodes `buf`, a message of the type `schema` describes (an object schema with `x-proto`). */
export function decodeMessage(
  buf: Uint8Array,
  schema: TSchema,
  ctx: DecodeContext = {},
): Record<string, unknown> {
  const shape = shapeOf(schema);
  if (shape.kind !== "message")
    throw new WireError(`schema ${String(schema.$id ?? "")} has no x-proto field numbers`);
  return readMessage(buf, shape, ctx);
}

function readMessage(
  buf: Uint8Array,
  shape: Extract<Shape, { kind: "message" }>,
  ctx: DecodeContext,
): Record<string, unknown> {
  const values = new Map<string, unknown>();
  const seen = new Map<string, MessageField>();
  readFields(buf, shape.fields, values, seen, ctx);
  const out: Record<string, unknown> = {};
  for (const name of shape.order) {
    const field = seen.get(name);
    if (!field) continue;
    const v = values.get(name);
    if (v === undefined) continue;
    if (!field.required && field.schema["x-proto-pointer"] !== true && isOmittedZero(v, field.schema))
      continue;
    out[name] = v;
  }
  return out;
}

/** Reads one message's fields into `values`; an inline group's fields land in the same object. */
function readFields(
  buf: Uint8Array,
  table: FieldTable,
  values: Map<string, unknown>,
  seen: Map<string, MessageField>,
  ctx: DecodeContext,
): void {
  const r = pb.Reader.create(buf);
  while (r.pos < r.len) {
    const tag = r.uint32();
    const no = tag >>> 3;
    const wireType = tag & 7;
    if (no === 0) throw new WireError(`proto: illegal tag 0 (wire type ${wireType})`);
    const field = table.get(no);
    if (!field) {
      r.skipType(wireType);
    } else if ("inline" in field) {
      expect(wireType, 2, `inline field ${no}`);
      readFields(r.bytes(), field.fields, values, seen, ctx);
    } else {
      seen.set(field.name, field);
      readField(r, wireType, field, values, ctx);
    }
  }
}

function isOmittedZero(v: unknown, schema: TSchema): boolean {
  const kind = shapeOf(schema).kind;
  if (kind === "string" || kind === "integer" || kind === "number" || kind === "boolean") {
    return v === "" || v === 0 || v === false;
  }
  return schema["x-proto-type"] === "bytes" && v === "";
}

function readField(
  r: Reader,
  wireType: number,
  field: MessageField,
  values: Map<string, unknown>,
  ctx: DecodeContext,
): void {
  const shape = shapeOf(field.schema);
  if (shape.kind === "array") {
    let list = values.get(field.name) as unknown[] | undefined;
    if (!list) values.set(field.name, (list = []));
    readRepeated(r, wireType, shape.items, list, field.name, ctx);
  } else if (shape.kind === "map") {
    let map = values.get(field.name) as Record<string, unknown> | undefined;
    if (!map) values.set(field.name, (map = {}));
    readMapEntry(r, wireType, shape.value, map, field.name, ctx);
  } else {
    values.set(field.name, readValue(r, wireType, field.schema, field.name, ctx));
  }
}

/** Repeated scalars may come packed (one length-delimited run) or one tag per element. */
function readRepeated(
  r: Reader,
  wireType: number,
  items: TSchema,
  list: unknown[],
  name: string,
  ctx: DecodeContext,
): void {
  const kind = shapeOf(items).kind;
  const packable = kind === "integer" || kind === "number" || kind === "boolean";
  if (packable && wireType === 2) {
    const end = r.uint32() + r.pos;
    const elementWireType = kind === "number" ? 1 : 0;
    while (r.pos < end) list.push(readValue(r, elementWireType, items, name, ctx));
    if (r.pos !== end) throw new WireError("unexpected EOF");
    return;
  }
  const v = readValue(r, wireType, items, name, ctx);
  if (v !== undefined) list.push(v);
}

/** One map<string, V> entry: a message {key = 1, value = 2}; a missing value is V's zero value. */
function readMapEntry(
  r: Reader,
  wireType: number,
  valueSchema: TSchema,
  map: Record<string, unknown>,
  name: string,
  ctx: DecodeContext,
): void {
  expect(wireType, 2, name);
  const e = pb.Reader.create(r.bytes());
  let key = "";
  let value: unknown;
  while (e.pos < e.len) {
    const tag = e.uint32();
    const no = tag >>> 3;
    if (no === 1) {
      expect(tag & 7, 2, `${name} key`);
      key = e.string();
    } else if (no === 2) value = readValue(e, tag & 7, valueSchema, `${name} value`, ctx);
    else e.skipType(tag & 7);
  }
  map[key] = value === undefined ? zeroValue(valueSchema) : value;
}

function zeroValue(schema: TSchema): unknown {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case "string":
      return "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "array":
    case "wrapped":
      return [];
    case "special":
      if (shape.type === "quantity") return "0";
      if (shape.type === "bytes") return "";
      return null;
    default:
      return {};
  }
}

function readValue(r: Reader, wireType: number, schema: TSchema, name: string, ctx: DecodeContext): unknown {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case "string":
      expect(wireType, 2, name);
      return r.string();
    case "integer":
      expect(wireType, 0, name);
      return Number(readInt64(r));
    case "boolean":
      expect(wireType, 0, name);
      return r.bool();
    case "number":
      if (wireType === 5) return r.float();
      expect(wireType, 1, name);
      return r.double();
    case "message":
      expect(wireType, 2, name);
      return readMessage(r.bytes(), shape, ctx);
    case "special":
      expect(wireType, 2, name);
      return readSpecial(r.bytes(), shape.type, name, ctx);
    case "wrapped":
    case "array": {
      // Go's named slice types (ExtraValue []string) are a message whose field repeats the items; a
      // map value cannot be `repeated` in proto, so a list as a map value is always wrapped.
      expect(wireType, 2, name);
      const field = shape.kind === "wrapped" ? shape.field : 1;
      const w = pb.Reader.create(r.bytes());
      const list: unknown[] = [];
      while (w.pos < w.len) {
        const tag = w.uint32();
        if (tag >>> 3 === field) readRepeated(w, tag & 7, shape.items, list, name, ctx);
        else w.skipType(tag & 7);
      }
      return list;
    }
    case "map":
    case "opaque":
      // No field numbers to read it by: skipped like an unknown field.
      r.skipType(wireType);
      return undefined;
  }
}

function readSpecial(
  buf: Uint8Array,
  type: Extract<Shape, { kind: "special" }>["type"],
  name: string,
  ctx: DecodeContext,
): unknown {
  if (type === "bytes") return Buffer.from(buf).toString("base64");
  const fields = readSmallMessage(buf, name);
  switch (type) {
    case "time":
    case "microtime": {
      const seconds = (fields.get(1) as bigint | undefined) ?? 0n;
      const nanos = Number((fields.get(2) as bigint | undefined) ?? 0n);
      if (seconds === 0n && nanos === 0) return undefined;
      return type === "time" ? formatTime(seconds) : formatMicroTime(seconds, nanos);
    }
    case "quantity":
      return text(fields.get(1)) || "0";
    case "intstr":
      return fields.get(1) === 1n ? text(fields.get(3)) : Number((fields.get(2) as bigint | undefined) ?? 0n);
    case "duration":
      return formatDuration((fields.get(1) as bigint | undefined) ?? 0n);
    case "rawextension":
    case "fieldsv1": {
      const raw = fields.get(1);
      if (!(raw instanceof Uint8Array) || raw.length === 0) return undefined;
      if (type === "rawextension" && hasProtobufPrefix(raw) && ctx.nested) return ctx.nested(raw);
      try {
        return JSON.parse(Buffer.from(raw).toString("utf8"));
      } catch (e) {
        throw new WireError(`${name}: ${(e as Error).message}`);
      }
    }
  }
}

/** The apimachinery wrapper messages: varints as bigint, length-delimited fields as bytes. */
function readSmallMessage(buf: Uint8Array, name: string): Map<number, bigint | Uint8Array> {
  const r = pb.Reader.create(buf);
  const fields = new Map<number, bigint | Uint8Array>();
  while (r.pos < r.len) {
    const tag = r.uint32();
    const wireType = tag & 7;
    if (wireType === 0) fields.set(tag >>> 3, readInt64(r));
    else if (wireType === 2) fields.set(tag >>> 3, r.bytes());
    else if (wireType === 1 || wireType === 5) r.skipType(wireType);
    else throw new WireError(`proto: wrong wireType = ${wireType} for field ${name}`);
  }
  return fields;
}

function text(v: bigint | Uint8Array | undefined): string {
  return v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : "";
}

function readInt64(r: Reader): bigint {
  const v = r.int64() as unknown;
  return typeof v === "number" ? BigInt(v) : BigInt(String(v));
}

function expect(wireType: number, want: number, name: string): void {
  if (wireType !== want) throw new WireError(`proto: wrong wireType = ${wireType} for field ${name}`);
}
