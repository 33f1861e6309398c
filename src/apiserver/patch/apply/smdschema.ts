// The structured-merge-diff view of a resource's schema: every node is an Atom (scalar, list, map),
// lists are atomic or associative (keyed by x-kubernetes-list-map-keys, or a set), maps are atomic
// or granular. The conversion follows k8s.io/kube-openapi/pkg/schemaconv (ToSchemaFromOpenAPI),
// including its two built-in types for schemaless data:
//   - "deduced" (unknown fields, schemaless CRDs): scalars, atomic lists, granular maps of deduced;
//   - "untyped atomic" (runtime.RawExtension): everything atomic.
// Atoms are computed lazily (schemas may be recursive) and cached per schema object.

import {
  additionalProperties,
  alternatives,
  deref,
  forbidsAdditionalProperties,
  items,
  keyword,
  properties,
  rootNode,
  schemaType,
  type JSONSchema,
  type SchemaNode,
} from "../schema.js";

export type Scalar = "numeric" | "string" | "boolean" | "untyped";

export interface ListAtom {
  readonly elementRelationship: "atomic" | "associative";
  /** Map keys of an associative list of maps; empty for a set of scalars. */
  readonly keys: readonly string[];
  readonly element: TypeRef;
}

export interface StructField {
  readonly type: TypeRef;
  readonly default?: unknown;
}

export interface MapAtom {
  readonly fields: ReadonlyMap<string, StructField>;
  /** Type of members not in `fields`; undefined when none are allowed. */
  readonly element: TypeRef | undefined;
  readonly elementRelationship: "atomic" | "separable" | "";
}

export interface Atom {
  readonly scalar?: Scalar;
  readonly list?: ListAtom;
  readonly map?: MapAtom;
}

/** A lazily resolved reference to an atom. */
export class TypeRef {
  private resolved?: Atom;
  constructor(private readonly make: () => Atom) {}
  get atom(): Atom {
    this.resolved ??= this.make();
    return this.resolved;
  }
}

const untypedAtomic: TypeRef = new TypeRef(() => ({
  scalar: "untyped",
  list: { elementRelationship: "atomic", keys: [], element: untypedAtomic },
  map: { fields: new Map(), element: untypedAtomic, elementRelationship: "atomic" },
}));

/** The type of unknown data: scalars, atomic lists, granular maps. */
export const deduced: TypeRef = new TypeRef(() => ({
  scalar: "untyped",
  list: { elementRelationship: "atomic", keys: [], element: untypedAtomic },
  map: { fields: new Map(), element: deduced, elementRelationship: "separable" },
}));

const cache = new WeakMap<JSONSchema, { plain?: TypeRef; preserving?: TypeRef }>();

/** The type of a resource with this schema; a missing schema gives the deduced type (schemaless CRD). */
export function typeOfSchema(schema: JSONSchema | undefined): TypeRef {
  return schema ? refFor(rootNode(schema), false) : deduced;
}

function refFor(node: SchemaNode, preserveUnknown: boolean): TypeRef {
  let entry = cache.get(node.schema);
  if (!entry) {
    entry = {};
    cache.set(node.schema, entry);
  }
  const slot = preserveUnknown ? "preserving" : "plain";
  let ref = entry[slot];
  if (!ref) {
    ref = new TypeRef(() => parseSchema(node, preserveUnknown));
    entry[slot] = ref;
  }
  return ref;
}

function parseSchema(node: SchemaNode, inheritedPreserve: boolean): Atom {
  const d = deref(node);
  const s = d.schema;
  const preserve = inheritedPreserve || keyword(node, "x-kubernetes-preserve-unknown-fields") === true;
  // Built-in types with fixed SMD types upstream.
  if (s.$id === "io.k8s.apimachinery.pkg.api.resource.Quantity" || s["x-proto-type"] === "quantity") {
    return { scalar: "untyped" };
  }
  if (s.$id === "io.k8s.apimachinery.pkg.runtime.RawExtension" || s["x-proto-type"] === "rawextension") {
    return untypedAtomic.atom;
  }
  if (keyword(node, "x-kubernetes-int-or-string") === true) return { scalar: "untyped" };

  let type = schemaType(d);
  if (type === "") {
    const alts = alternatives(d);
    if (
      alts &&
      alts.length > 0 &&
      alts.every((a) => ["integer", "number", "string", "boolean"].includes(schemaType(a)))
    ) {
      return { scalar: "untyped" };
    }
  }
  if (type === "null") type = "";
  switch (type) {
    case "":
      return { scalar: "untyped", list: parseList(node, d, preserve), map: parseObject(node, d, preserve) };
    case "object":
      return { map: parseObject(node, d, preserve) };
    case "array":
      return { list: parseList(node, d, preserve) };
    case "integer":
    case "number":
      return { scalar: "numeric" };
    case "boolean":
      return { scalar: "boolean" };
    case "string": {
      const format = s.format;
      return { scalar: format === undefined || format === "" || format === "byte" ? "string" : "untyped" };
    }
    default:
      return { scalar: "untyped" };
  }
}

function parseObject(node: SchemaNode, d: SchemaNode, preserve: boolean): MapAtom {
  const fields = new Map<string, StructField>();
  const props = properties(d) ?? {};
  for (const [name, sub] of Object.entries(props)) {
    const subNode: SchemaNode = { schema: sub, ids: d.ids };
    fields.set(name, {
      type: fieldRef(subNode, preserve),
      default: deref(subNode).schema.default ?? sub.default,
    });
  }
  let element: TypeRef | undefined;
  const extra = additionalProperties(d);
  if (extra === "any") element = deduced;
  else if (extra) element = fieldRef(extra, preserve);
  else if (!forbidsAdditionalProperties(d) && (preserve || Object.keys(props).length === 0))
    element = deduced;
  else if (forbidsAdditionalProperties(d) && preserve) element = deduced;
  return { fields, element, elementRelationship: mapRelationship(node) };
}

function mapRelationship(node: SchemaNode): MapAtom["elementRelationship"] {
  const mt = keyword(node, "x-kubernetes-map-type");
  return mt === "atomic" ? "atomic" : mt === "granular" ? "separable" : "";
}

/** A property's type: a `$ref` names an independent type (its own preserve-unknown-fields scope). */
function fieldRef(node: SchemaNode, preserve: boolean): TypeRef {
  if (typeof node.schema.$ref === "string") {
    const target = deref(node);
    const ref = refFor(target, false);
    const override = mapRelationship({ schema: node.schema, ids: node.ids });
    if (override === "" || node.schema["x-kubernetes-map-type"] === undefined) return ref;
    return new TypeRef(() => {
      const a = ref.atom;
      if (a.map) return { ...a, map: { ...a.map, elementRelationship: override } };
      return a;
    });
  }
  return refFor(node, preserve);
}

function parseList(node: SchemaNode, d: SchemaNode, preserve: boolean): ListAtom {
  const { relationship, keys } = listRelationship(node);
  const it = items(d);
  return { elementRelationship: relationship, keys, element: it ? fieldRef(it, preserve) : untypedAtomic };
}

function listRelationship(node: SchemaNode): {
  relationship: ListAtom["elementRelationship"];
  keys: string[];
} {
  const listType = keyword(node, "x-kubernetes-list-type");
  if (listType !== undefined) {
    if (listType === "set") return { relationship: "associative", keys: [] };
    if (listType === "map") {
      const keys = keyword(node, "x-kubernetes-list-map-keys");
      return {
        relationship: "associative",
        keys: Array.isArray(keys) ? keys.filter((k) => typeof k === "string") : [],
      };
    }
    return { relationship: "atomic", keys: [] };
  }
  const strategy = keyword(node, "x-kubernetes-patch-strategy");
  if (strategy === "merge" || strategy === "merge,retainKeys") {
    const mergeKey = keyword(node, "x-kubernetes-patch-merge-key");
    return { relationship: "associative", keys: typeof mergeKey === "string" ? [mergeKey] : [] };
  }
  return { relationship: "atomic", keys: [] };
}

/** The type of a member of a map: a declared field, else the element type. */
export function memberType(m: MapAtom, key: string): TypeRef | undefined {
  return m.fields.get(key)?.type ?? m.element;
}
