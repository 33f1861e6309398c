// The reverse of decode.ts: writes an object's JSON form as its protobuf message, fields in
// field-number order, repeated scalars unpacked and map entries sorted by key (as gogo-protobuf does).
// Only values present in the JSON are written (a Go client would also write zero non-pointer fields).
import type { TSchema } from "@sinclair/typebox";
import pb from "protobufjs/minimal.js";
import { shapeOf, type FieldTable, type Shape } from "./shape.js";
import { parseDuration, parseTime } from "./wellknown.js";
import { WireError } from "./errors.js";

type Writer = pb.Writer;

export function encodeMessage(obj: Record<string, unknown>, schema: TSchema): Uint8Array {
  const shape = shapeOf(schema);
  if (shape.kind !== "message")
    throw new WireError(`schema ${String(schema.$id ?? "")} has no x-proto field numbers`);
  const w = pb.Writer.create();
  writeMessage(w, obj, shape);
  return w.finish();
}

function writeMessage(
  w: Writer,
  obj: Record<string, unknown>,
  shape: Extract<Shape, { kind: "message" }>,
): void {
  writeFields(w, obj, shape.fields);
}

function writeFields(w: Writer, obj: Record<string, unknown>, table: FieldTable): void {
  const numbers = [...table.keys()].sort((a, b) => a - b);
  for (const no of numbers) {
    const field = table.get(no)!;
    if ("inline" in field) {
      // An inlined Go struct is a non-pointer field: always written, even when empty.
      w.uint32((no << 3) | 2).fork();
      writeFields(w, obj, field.fields);
      w.ldelim();
      continue;
    }
    const v = obj[field.name];
    if (v === undefined || v === null) continue;
    writeField(w, no, v, field.schema, field.name);
  }
}

function writeField(w: Writer, no: number, v: unknown, schema: TSchema, name: string): void {
  const shape = shapeOf(schema);
  if (shape.kind === "array") {
    for (const item of asArray(v, name)) writeValue(w, no, item, shape.items, name);
  } else if (shape.kind === "map") {
    const map = asObject(v, name);
    for (const key of Object.keys(map).sort()) {
      w.uint32((no << 3) | 2).fork();
      w.uint32((1 << 3) | 2).string(key);
      writeValue(w, 2, map[key], shape.value, `${name}[${key}]`);
      w.ldelim();
    }
  } else {
    writeValue(w, no, v, schema, name);
  }
}

function writeValue(w: Writer, no: number, v: unknown, schema: TSchema, name: string): void {
  const shape = shapeOf(schema);
  switch (shape.kind) {
    case "string":
      w.uint32((no << 3) | 2).string(String(v));
      return;
    case "integer":
      w.uint32(no << 3).int64(String(Math.trunc(Number(v))));
      return;
    case "boolean":
      w.uint32(no << 3).bool(Boolean(v));
      return;
    case "number":
      w.uint32((no << 3) | 1).double(Number(v));
      return;
    case "message":
      w.uint32((no << 3) | 2).fork();
      writeMessage(w, asObject(v, name), shape);
      w.ldelim();
      return;
    case "wrapped":
    case "array": {
      // A named slice type, or a list as a map value: a message repeating the items in one field.
      const field = shape.kind === "wrapped" ? shape.field : 1;
      w.uint32((no << 3) | 2).fork();
      for (const item of asArray(v, name)) writeValue(w, field, item, shape.items, name);
      w.ldelim();
      return;
    }
    case "special":
      writeSpecial(w, no, v, shape.type, name);
      return;
    case "map":
    case "opaque":
      throw new WireError(`${name}: no protobuf field numbers for this value`);
  }
}

function writeSpecial(
  w: Writer,
  no: number,
  v: unknown,
  type: Extract<Shape, { kind: "special" }>["type"],
  name: string,
): void {
  if (type === "bytes") {
    w.uint32((no << 3) | 2).bytes(Buffer.from(String(v), "base64"));
    return;
  }
  w.uint32((no << 3) | 2).fork();
  switch (type) {
    case "time":
    case "microtime": {
      const t = parseTime(String(v));
      if (!t) throw new WireError(`${name}: not an RFC 3339 time: ${String(v)}`);
      w.uint32(1 << 3).int64(t.seconds.toString());
      w.uint32(2 << 3).int32(t.nanos);
      break;
    }
    case "quantity":
      w.uint32((1 << 3) | 2).string(String(v));
      break;
    case "intstr":
      if (typeof v === "number") {
        w.uint32(1 << 3).int64(0);
        w.uint32(2 << 3).int32(v);
        w.uint32((3 << 3) | 2).string("");
      } else {
        w.uint32(1 << 3).int64(1);
        w.uint32(2 << 3).int32(0);
        w.uint32((3 << 3) | 2).string(String(v));
      }
      break;
    case "duration": {
      const ns = parseDuration(String(v));
      if (ns === undefined) throw new WireError(`${name}: not a duration: ${String(v)}`);
      w.uint32(1 << 3).int64(ns.toString());
      break;
    }
    case "rawextension":
    case "fieldsv1":
      w.uint32((1 << 3) | 2).bytes(Buffer.from(JSON.stringify(v), "utf8"));
      break;
  }
  w.ldelim();
}

function asArray(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v)) throw new WireError(`${name}: expected a list`);
  return v;
}

function asObject(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new WireError(`${name}: expected an object`);
  return v as Record<string, unknown>;
}
