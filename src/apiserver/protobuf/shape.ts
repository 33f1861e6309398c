// How a TypeBox schema (src/api/schema.ts conventions) maps onto the protobuf wire: which JSON shape a
// field has and, for messages, which field number carries which JSON property. Shared by the decoder
// and the encoder so both read a schema the same way.
import type { TSchema } from "@sinclair/typebox";
import type { ProtoType } from "../../api/schema.js";

export interface MessageField {
  name: string;
  schema: TSchema;
  /** Listed in the object's `required`: upstream serialises it even when zero (no omitempty). */
  required: boolean;
}

/**
 * A Go struct embedded with `json:",inline"` (Volume.VolumeSource, Probe.ProbeHandler,
 * IngressRule.IngressRuleValue, …): its own message on the wire, its fields flattened in JSON.
 * Declared on the outer struct as `"x-proto-inline": { "2": { http: 1 } }` = JSON property `http` is
 * field 1 of the message in field 2 (a nested object instead of a number: an inline in the inline).
 */
export interface InlineGroup {
  inline: true;
  fields: FieldTable;
}

export type FieldTable = Map<number, MessageField | InlineGroup>;

export type Shape =
  | { kind: "message"; fields: FieldTable; order: string[] }
  | { kind: "special"; type: Exclude<ProtoType, "double"> }
  | { kind: "array"; items: TSchema }
  /** A Go named slice type (ExtraValue []string): a message whose field `field` repeats the items. */
  | { kind: "wrapped"; items: TSchema; field: number }
  /** A proto map<string, V>: repeated entries {key = 1, value = 2}. */
  | { kind: "map"; value: TSchema }
  | { kind: "string" }
  | { kind: "integer" }
  | { kind: "number" }
  | { kind: "boolean" }
  /** No field numbers (e.g. a preserve-unknown-fields shortcut): cannot be read from the wire. */
  | { kind: "opaque" };

const cache = new WeakMap<TSchema, Shape>();

export function shapeOf(schema: TSchema): Shape {
  let s = cache.get(schema);
  if (!s) {
    s = classify(schema);
    cache.set(schema, s);
  }
  return s;
}

function classify(schema: TSchema): Shape {
  const special = schema["x-proto-type"] as ProtoType | undefined;
  if (special === "double") return { kind: "number" };
  if (special) return { kind: "special", type: special };
  const type = schema.type as unknown;
  if (type === "array" && schema.items) {
    const wrapped = schema["x-proto-wrapped"] as Record<string, number> | undefined;
    const field = wrapped ? Object.values(wrapped)[0] : undefined;
    if (field !== undefined) return { kind: "wrapped", items: schema.items as TSchema, field };
    return { kind: "array", items: schema.items as TSchema };
  }
  if (type === "object") {
    const numbers = schema["x-proto"] as Record<string, number> | undefined;
    if (numbers && schema.properties) return message(schema, numbers);
    const value = mapValue(schema);
    if (value) return { kind: "map", value };
    return { kind: "opaque" };
  }
  const scalar = scalarType(schema);
  return scalar ? { kind: scalar } : { kind: "opaque" };
}

interface InlineSpec {
  [key: string]: number | InlineSpec;
}

function message(schema: TSchema, numbers: Record<string, number>): Shape {
  const properties = schema.properties as Record<string, TSchema>;
  const required = new Set<string>((schema.required as string[] | undefined) ?? []);
  const field = (name: string): MessageField | undefined =>
    properties[name] ? { name, schema: properties[name], required: required.has(name) } : undefined;
  const table = (spec: InlineSpec): FieldTable => {
    const fields: FieldTable = new Map();
    for (const [key, at] of Object.entries(spec)) {
      if (typeof at === "number") {
        const f = field(key);
        if (f) fields.set(at, f);
      } else {
        fields.set(Number(key), { inline: true, fields: table(at) });
      }
    }
    return fields;
  };
  const fields = table(numbers);
  const inline = schema["x-proto-inline"] as Record<string, InlineSpec> | undefined;
  for (const [outer, spec] of Object.entries(inline ?? {})) {
    fields.set(Number(outer), { inline: true, fields: table(spec) });
  }
  return { kind: "message", fields, order: Object.keys(properties) };
}

/** TypeBox Record → patternProperties; a plain JSON-Schema map → additionalProperties. */
function mapValue(schema: TSchema): TSchema | undefined {
  const pattern = schema.patternProperties as Record<string, TSchema> | undefined;
  if (pattern) {
    const values = Object.values(pattern);
    if (values.length === 1) return values[0];
  }
  const additional = schema.additionalProperties as unknown;
  if (additional && typeof additional === "object") return additional as TSchema;
  return undefined;
}

type Scalar = "string" | "integer" | "number" | "boolean";

/** A scalar type, also through enums and unions of literals (Type.Union([Type.Literal("TCP"), …])). */
function scalarType(schema: TSchema): Scalar | undefined {
  const type = schema.type as unknown;
  if (type === "string" || type === "integer" || type === "number" || type === "boolean") return type;
  if ("const" in schema) return jsType(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return jsType(schema.enum[0]);
  const members = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
  if (members && members.length > 0) {
    const types = new Set(members.map(scalarType));
    if (types.size === 1) return [...types][0];
  }
  return undefined;
}

function jsType(v: unknown): Scalar | undefined {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return undefined;
}
