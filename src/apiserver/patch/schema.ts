// Reading the JSON Schema of a resource (TypeBox-built, but plain JSON Schema here) the way the
// patch code needs it: properties, items, the schema of unknown members, Kubernetes' OpenAPI
// extensions, and `$ref`s resolved against the `$id`s found in the same document.

export type JSONSchema = Readonly<Record<string, unknown>>;

/** `$id` -> schema, for every schema reachable from a root. */
export type SchemaIds = ReadonlyMap<string, JSONSchema>;

const idCache = new WeakMap<JSONSchema, SchemaIds>();

/** Index the `$id`s reachable from `root` (cached per root object). */
export function schemaIds(root: JSONSchema): SchemaIds {
  let ids = idCache.get(root);
  if (!ids) {
    const m = new Map<string, JSONSchema>();
    const seen = new Set<unknown>();
    const walk = (s: unknown): void => {
      if (typeof s !== "object" || s === null || seen.has(s)) return;
      seen.add(s);
      if (Array.isArray(s)) {
        s.forEach(walk);
        return;
      }
      const o = s as JSONSchema;
      if (typeof o.$id === "string" && !m.has(o.$id)) m.set(o.$id, o);
      for (const k of ["properties", "patternProperties", "definitions", "$defs"]) {
        const v = o[k];
        if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
      }
      for (const k of ["items", "additionalProperties", "anyOf", "oneOf", "allOf", "not"]) walk(o[k]);
    };
    walk(root);
    ids = m;
    idCache.set(root, ids);
  }
  return ids;
}

/** A schema node together with the `$id` index of its document. */
export interface SchemaNode {
  readonly schema: JSONSchema;
  readonly ids: SchemaIds;
}

export function rootNode(root: JSONSchema): SchemaNode {
  return { schema: root, ids: schemaIds(root) };
}

/** Follow `$ref` (by `$id`, or the last segment of a JSON pointer) and a lone `allOf`. */
export function deref(node: SchemaNode): SchemaNode {
  let s = node.schema;
  for (let i = 0; i < 32; i++) {
    const ref = s.$ref;
    if (typeof ref === "string") {
      const target = node.ids.get(ref) ?? node.ids.get(ref.slice(ref.lastIndexOf("/") + 1));
      if (!target) break;
      s = target;
      continue;
    }
    const allOf = s.allOf;
    if (Array.isArray(allOf) && allOf.length === 1 && s.type === undefined && s.properties === undefined) {
      s = allOf[0] as JSONSchema;
      continue;
    }
    break;
  }
  return s === node.schema ? node : { schema: s, ids: node.ids };
}

/** An extension or keyword, looked up on the node itself first, then on what it refers to. */
export function keyword(node: SchemaNode, name: string): unknown {
  if (node.schema[name] !== undefined) return node.schema[name];
  return deref(node).schema[name];
}

/** The single JSON type of a node ("object", "array", "string", ...), or "" when untyped. */
export function schemaType(node: SchemaNode): string {
  const t = deref(node).schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? "";
  return "";
}

export function properties(node: SchemaNode): Readonly<Record<string, JSONSchema>> | undefined {
  const p = deref(node).schema.properties;
  return typeof p === "object" && p !== null ? (p as Record<string, JSONSchema>) : undefined;
}

export function property(node: SchemaNode, name: string): SchemaNode | undefined {
  const p = properties(node);
  if (!p || !Object.prototype.hasOwnProperty.call(p, name)) return undefined;
  return { schema: p[name], ids: node.ids };
}

export function items(node: SchemaNode): SchemaNode | undefined {
  const it = deref(node).schema.items;
  if (typeof it === "object" && it !== null && !Array.isArray(it))
    return { schema: it as JSONSchema, ids: node.ids };
  return undefined;
}

/**
 * The schema of members not named in `properties`: `additionalProperties` (a schema; `true` is an
 * empty schema), or TypeBox's Record form `patternProperties`. `undefined` when none are allowed
 * or none is said.
 */
export function additionalProperties(node: SchemaNode): SchemaNode | "any" | undefined {
  const s = deref(node).schema;
  const ap = s.additionalProperties;
  if (typeof ap === "object" && ap !== null) return { schema: ap as JSONSchema, ids: node.ids };
  if (ap === true) return "any";
  const pp = s.patternProperties;
  if (typeof pp === "object" && pp !== null) {
    const first = Object.values(pp)[0] as JSONSchema | undefined;
    if (first) return { schema: first, ids: node.ids };
  }
  return undefined;
}

/** True when `additionalProperties: false` is said explicitly. */
export function forbidsAdditionalProperties(node: SchemaNode): boolean {
  return deref(node).schema.additionalProperties === false;
}

export function stringKeyword(node: SchemaNode, name: string): string | undefined {
  const v = keyword(node, name);
  return typeof v === "string" ? v : undefined;
}

/** The `anyOf`/`oneOf` alternatives of a node, if it is a union. */
export function alternatives(node: SchemaNode): SchemaNode[] | undefined {
  const s = deref(node).schema;
  const alts = s.anyOf ?? s.oneOf;
  if (!Array.isArray(alts)) return undefined;
  return alts.map((a) => ({ schema: a as JSONSchema, ids: node.ids }));
}
