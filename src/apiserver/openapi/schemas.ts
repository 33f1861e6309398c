// TypeBox schemas → OpenAPI schema objects, as upstream's API server publishes them: every type with
// a `$id` becomes a named component referenced by `$ref` (v3 wraps a `$ref` that has siblings in
// `allOf`, as kube-openapi's builder3 does; v2 keeps the siblings), our `x-proto*` keys are dropped,
// x-kubernetes-* extensions are kept, and the apimachinery types marked `x-proto-type` (Time,
// Quantity, IntOrString, RawExtension …) are rendered as upstream defines them.
//
// Field descriptions on named types: a use site carries its own description on a copy of the type,
// made by src/api's `Field(PodSpec, "Specification of the desired behavior of the pod.")`, which
// remembers the type's own as `x-type-description`. The type's own description is found as: an
// instance's `x-type-description`, else the description of an instance that starts with the type's
// name ("PodSpec is a description of a pod."), else the description used most often. A use site's
// patch strategy (Field's options) is written beside its `$ref`, never on the type's definition.
//
// Defaults: upstream's generator writes the zero value as `default` where Go serialises it (required,
// i.e. non-omitempty, fields; list items; map values): "" / 0 / false / {} — the same here; a `default`
// written in the TypeBox schema is kept as is.
import type { TSchema } from "@sinclair/typebox";
import type { ProtoType } from "../../api/schema.js";
import { standardDescriptions, wellKnownType, type WellKnown } from "./meta-types.js";

export type Flavor = "v2" | "v3";

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

type Json = Record<string, unknown>;

const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/** Every named type reachable from the roots and, per name, the instance that defines it. */
export class TypeIndex {
  private readonly instances = new Map<string, Map<TSchema, number>>();
  private readonly chosen = new Map<string, TSchema>();

  constructor(roots: TSchema[]) {
    const walked = new Set<TSchema>();
    for (const root of roots) this.walk(root, walked);
  }

  private walk(schema: TSchema, walked: Set<TSchema>): void {
    const id = schema.$id;
    if (id) {
      let uses = this.instances.get(id);
      if (!uses) this.instances.set(id, (uses = new Map()));
      uses.set(schema, (uses.get(schema) ?? 0) + 1);
    }
    if (walked.has(schema)) return;
    walked.add(schema);
    for (const child of children(schema)) this.walk(child, walked);
  }

  /** An instance of the type (all carry the same body) and the type's own description. */
  definition(id: string): { schema: TSchema; description: string | undefined } | undefined {
    let c = this.chosen.get(id);
    if (!c) {
      const uses = this.instances.get(id);
      if (!uses) return undefined;
      const short = id.slice(id.lastIndexOf(".") + 1);
      const candidates = [...uses.entries()];
      c =
        candidates.find(([s]) => typeof s["x-type-description"] === "string")?.[0] ??
        candidates.find(
          ([s]) => typeof s.description === "string" && s.description.startsWith(`${short} `),
        )?.[0] ??
        candidates.reduce((best, cur) => (cur[1] > best[1] ? cur : best))[0];
      this.chosen.set(id, c);
    }
    const hint = c["x-type-description"];
    return {
      schema: c,
      description: typeof hint === "string" ? hint : c.description,
    };
  }
}

function children(schema: TSchema): TSchema[] {
  const out: TSchema[] = [];
  const props = schema.properties as Record<string, TSchema> | undefined;
  if (props) out.push(...Object.values(props));
  if (schema.items && typeof schema.items === "object") out.push(schema.items as TSchema);
  const pattern = schema.patternProperties as Record<string, TSchema> | undefined;
  if (pattern) out.push(...Object.values(pattern));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    out.push(schema.additionalProperties as TSchema);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[key] as TSchema[] | undefined;
    if (Array.isArray(list)) out.push(...list);
  }
  return out;
}

interface Site {
  /** A list item or map value: Go writes it even when zero. */
  element?: boolean;
  /** In the parent's `required`: non-omitempty in Go. */
  required?: boolean;
  /** Description when the use site has none (apiVersion, kind, metadata of a kind). */
  fallback?: string;
}

/** Collects the components of one document while converting the schemas that use them. */
export class SchemaWriter {
  private readonly components = new Map<string, Json>();
  private readonly gvks = new Map<string, GroupVersionKind[]>();

  constructor(
    readonly flavor: Flavor,
    private readonly index: TypeIndex,
  ) {}

  /** The schema for a use of `schema` (a property, a list item, a request or response body). */
  use(schema: TSchema, site: Site = {}): Json {
    const zero = site.element || site.required;
    const special = schema["x-proto-type"] as ProtoType | undefined;
    const known = special ? wellKnownType(special) : undefined;
    if (known) {
      const name = this.wellKnown(schema, known);
      const own = this.components.get(name)?.description;
      const description = schema.description === own ? undefined : schema.description;
      return this.ref(name, description ?? site.fallback, undefined);
    }
    const id = schema.$id;
    if (id) {
      const name = this.named(id);
      const type = this.index.definition(id)!;
      const description = schema.description === type.description ? undefined : schema.description;
      const def = schema.default !== undefined ? schema.default : zero ? zeroValue(type.schema) : undefined;
      return this.ref(name, description ?? site.fallback, def, useSiteExtensions(schema));
    }
    return this.inline(schema, site);
  }

  /** Registers the type `id` (from its canonical instance) and returns its component name. */
  named(id: string): string {
    if (this.components.has(id)) return id;
    const type = this.index.definition(id);
    if (!type) throw new Error(`openapi: type ${id} is not in the index`);
    this.components.set(id, {}); // placeholder first: recursive types refer to themselves
    const { description: _use, ...body } = this.inline(type.schema, {});
    for (const key of useSiteKeys) delete body[key];
    this.components.set(
      id,
      sortKeys(type.description === undefined ? body : { ...body, description: type.description }),
    );
    return id;
  }

  /** Marks a component as the schema of a kind (kubectl explain finds kinds by this list). */
  addGroupVersionKind(name: string, gvk: GroupVersionKind): void {
    const list = this.gvks.get(name) ?? [];
    if (!list.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) {
      list.push({ group: gvk.group, kind: gvk.kind, version: gvk.version });
    }
    this.gvks.set(name, list);
  }

  has(name: string): boolean {
    return this.components.has(name);
  }

  refPath(name: string): string {
    return this.flavor === "v3" ? `#/components/schemas/${name}` : `#/definitions/${name}`;
  }

  /** A bare reference (request/response bodies). */
  refTo(schema: TSchema): Json {
    const id = schema.$id;
    if (!id) return this.use(schema);
    return { $ref: this.refPath(this.named(id)) };
  }

  /** The components, sorted by name, with their group-version-kinds. */
  definitions(): Record<string, Json> {
    const out: Record<string, Json> = {};
    for (const name of [...this.components.keys()].sort()) {
      const def = this.components.get(name)!;
      const gvks = this.gvks.get(name);
      out[name] = gvks ? { ...def, "x-kubernetes-group-version-kind": gvks } : def;
    }
    return out;
  }

  private ref(name: string, description: string | undefined, def: unknown, extensions: Json = {}): Json {
    const $ref = this.refPath(name);
    if (description === undefined && def === undefined && Object.keys(extensions).length === 0)
      return { $ref };
    const out: Json = this.flavor === "v3" ? { allOf: [{ $ref }] } : { $ref };
    if (def !== undefined) out.default = def;
    if (description !== undefined) out.description = description;
    return sortKeys({ ...out, ...extensions });
  }

  private wellKnown(schema: TSchema, known: WellKnown): string {
    const name = known.name;
    if (!this.components.has(name)) {
      this.components.set(name, {
        description: known.description,
        ...(this.flavor === "v3" ? known.v3 : known.v2),
      });
    }
    return name;
  }

  private inline(schema: TSchema, site: Site): Json {
    const out: Json = {};
    const description = typeof schema.description === "string" ? schema.description : site.fallback;
    if (description !== undefined) out.description = description;
    const special = schema["x-proto-type"] as ProtoType | undefined;
    if (special === "bytes") Object.assign(out, { type: "string", format: "byte" });
    else if (special === "double") Object.assign(out, { type: "number", format: "double" });
    else if (schema.type === "array" && schema.items) {
      out.type = "array";
      out.items = this.use(schema.items as TSchema, { element: true });
    } else if (schema.type === "object") {
      out.type = "object";
      const value = mapValue(schema);
      const props = schema.properties as Record<string, TSchema> | undefined;
      if (props) {
        const required = (schema.required as string[] | undefined) ?? [];
        const properties: Json = {};
        for (const [name, prop] of Object.entries(props)) {
          const standard =
            name === "apiVersion" || name === "kind" || (name === "metadata" && prop.$id === objectMeta)
              ? standardDescriptions[name]
              : undefined;
          properties[name] = this.use(prop, { required: required.includes(name), fallback: standard });
        }
        out.properties = properties;
        if (required.length > 0) out.required = [...required];
      } else if (value) {
        out.additionalProperties = this.use(value, { element: true });
      }
    } else {
      Object.assign(out, this.scalar(schema));
    }
    if (typeof schema.format === "string" && out.format === undefined) out.format = schema.format;
    for (const [key, v] of Object.entries(schema)) {
      if (key.startsWith("x-kubernetes-") && key !== "x-kubernetes-group-version-kind") out[key] = v;
    }
    if (schema.default !== undefined) out.default = schema.default;
    else if ((site.element || site.required) && out.type !== "array" && out.type !== "object") {
      const z = zeroOf(out.type);
      if (z !== undefined) out.default = z;
    }
    return sortKeys(out);
  }

  private scalar(schema: TSchema): Json {
    if (typeof schema.type === "string") {
      const out: Json = { type: schema.type };
      if (Array.isArray(schema.enum)) out.enum = schema.enum;
      return out;
    }
    if ("const" in schema) return { type: jsonType(schema.const), enum: [schema.const] };
    const members = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
    if (members && members.length > 0) {
      if (members.every((m) => "const" in m)) {
        const values = members.map((m) => m.const as unknown);
        const types = new Set(values.map(jsonType));
        return types.size === 1 ? { type: [...types][0], enum: values } : { enum: values };
      }
      const types = members.map((m) => m.type).filter((t): t is string => typeof t === "string");
      if (types.length === members.length) {
        if (new Set(types).size === 1) return { type: types[0] };
        // v2 has no oneOf: an untyped schema accepts any value (kube-openapi reads it as "arbitrary").
        return this.flavor === "v3" ? { oneOf: types.map((type) => ({ type })) } : {};
      }
    }
    return {};
  }
}

/**
 * How a struct field is patched (DeploymentSpec.strategy: retainKeys, PodDisruptionBudgetSpec.selector:
 * replace) belongs to the field, not to the struct type: upstream writes it beside the `$ref`.
 */
const useSiteKeys = ["x-kubernetes-patch-strategy", "x-kubernetes-patch-merge-key"];

function useSiteExtensions(schema: TSchema): Json {
  const out: Json = {};
  for (const key of useSiteKeys) if (schema[key] !== undefined) out[key] = schema[key];
  return out;
}

function mapValue(schema: TSchema): TSchema | undefined {
  const pattern = schema.patternProperties as Record<string, TSchema> | undefined;
  if (pattern) {
    const values = Object.values(pattern);
    if (values.length === 1) return values[0];
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
    return schema.additionalProperties as TSchema;
  }
  return undefined;
}

function zeroValue(schema: TSchema): unknown {
  if (schema.type === "object") return {};
  return zeroOf(schema.type);
}

function zeroOf(type: unknown): unknown {
  switch (type) {
    case "string":
      return "";
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    default:
      return undefined;
  }
}

function jsonType(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const keyOrder = [
  "$ref",
  "allOf",
  "default",
  "description",
  "format",
  "items",
  "oneOf",
  "properties",
  "required",
  "type",
];

/** Upstream writes schema keys in alphabetical order (Go struct/map order); so do we. */
function sortKeys(o: Json): Json {
  const out: Json = {};
  const keys = Object.keys(o).sort((a, b) => {
    const ia = keyOrder.indexOf(a);
    const ib = keyOrder.indexOf(b);
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0) return -1;
    if (ib >= 0) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  for (const k of keys) out[k] = o[k];
  return out;
}
