// The zero value of a kind as upstream's field manager sees it: `scope.Creater.New(kind)` turned
// into JSON. It is the "live object" of a create (and of an apply that creates). Go's zero struct
// has every non-pointer struct field present (upstream OpenAPI marks those `default: {}`) and every
// required field that is not omitted when empty (slices and pointers as null, scalars as zero).
// Which parents are present decides whether a creator owns them (the "." entries in FieldsV1).

import { isObject } from "../json.js";
import { deref, properties, rootNode, schemaType, type JSONSchema, type SchemaNode } from "../schema.js";

export function zeroObject(schema: JSONSchema | undefined): Record<string, unknown> {
  return schema ? zeroStruct(rootNode(schema), 0) : {};
}

function zeroStruct(node: SchemaNode, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > 16) return out;
  const d = deref(node);
  const props = properties(d) ?? {};
  const required = Array.isArray(d.schema.required) ? (d.schema.required as unknown[]) : [];
  for (const [name, sub] of Object.entries(props)) {
    const subNode: SchemaNode = { schema: sub, ids: node.ids };
    const type = schemaType(subNode);
    const def = sub.default !== undefined ? sub.default : deref(subNode).schema.default;
    if (type === "object" && isObject(def)) {
      out[name] = zeroStruct(subNode, depth + 1);
    } else if (required.includes(name)) {
      out[name] =
        type === "string"
          ? ""
          : type === "integer" || type === "number"
            ? 0
            : type === "boolean"
              ? false
              : null;
    }
  }
  return out;
}
