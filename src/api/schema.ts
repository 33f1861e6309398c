// Schema conventions shared by every API group. One TypeBox schema per type gives the TS type
// (Static<>), validation (TypeBox Value/Compiler), OpenAPI v2/v3 and protobuf decoding.
//
// Conventions (annotations are plain JSON-Schema keywords, stripped or kept by the OpenAPI writer):
//  - `$id`: the upstream definition name, e.g. "io.k8s.api.core.v1.Container". Named types become $refs in OpenAPI.
//  - `x-proto`: on an object schema, {jsonFieldName: protobufFieldNumber} — the field numbers of the upstream
//    message (facts of the wire format), used to decode the Kubernetes protobuf envelope generically.
//  - `x-proto-type`: on a type whose wire form is not its JSON form: "time" | "microtime" | "quantity" |
//    "intstr" | "rawextension" | "bytes" | "duration" | "fieldsv1" | "double".
//  - `x-proto-pointer: true`: on a property schema, the Go field is a pointer scalar (`*int32`, `*int64`,
//    `*bool`, `*string` or a pointer to a named string/integer type, e.g. DeploymentSpec.replicas,
//    PodSpec.enableServiceLinks, SecurityContext.runAsUser). gogo-protobuf writes such a field only when
//    it is set, so the protobuf decoder keeps its zero (`--replicas=0`); unmarked optional scalars are Go
//    non-pointer omitempty fields, whose zero means unset and is dropped as encoding/json drops it. Every
//    pointer scalar of upstream's types.go carries it, and nothing else (pointer-fields.test.ts checks).
//  - `x-type-description`: on a use of a named type that carries the field's description (see Field), the
//    type's own description, for the type's OpenAPI definition.
//  - Kubernetes' OpenAPI extensions, as upstream: x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key,
//    x-kubernetes-list-type, x-kubernetes-list-map-keys, x-kubernetes-map-type, x-kubernetes-int-or-string,
//    x-kubernetes-preserve-unknown-fields, x-kubernetes-embedded-resource.
import { FormatRegistry, TypeRegistry } from "@sinclair/typebox";
import {
  Type,
  type TSchema,
  type TObject,
  type TOptional,
  type TProperties,
  type ObjectOptions,
  type SchemaOptions,
} from "@sinclair/typebox";

// Formats used by Kubernetes' schemas, checked as upstream's decoders accept them.
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) => rfc3339.test(v) && !Number.isNaN(Date.parse(v)));
if (!FormatRegistry.Has("byte"))
  FormatRegistry.Set("byte", (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0);
// Type.Unsafe schemas (free-form objects such as RawExtension, FieldsV1, preserve-unknown-fields subtrees)
// are checked by their JSON-Schema `type` alone.
if (!TypeRegistry.Has("Unsafe"))
  TypeRegistry.Set("Unsafe", (schema: { type?: string }, value) => {
    switch (schema.type) {
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value);
      case "array":
        return Array.isArray(value);
      case "string":
        return typeof value === "string";
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "boolean":
        return typeof value === "boolean";
      default:
        return true;
    }
  });

export type ProtoType =
  | "time"
  | "microtime"
  | "quantity"
  | "intstr"
  | "rawextension"
  | "bytes"
  | "duration"
  | "fieldsv1"
  | "double";

export interface K8sObjectOptions extends ObjectOptions {
  /** Upstream definition name, e.g. "io.k8s.api.core.v1.PodSpec". */
  $id: string;
  /** Protobuf field numbers of this message, by JSON field name. */
  "x-proto": Record<string, number>;
}

/**
 * A named Kubernetes struct. All fields are optional unless listed in `required`; unknown fields are
 * rejected by the validator (Strict) — set additionalProperties/x-kubernetes-preserve-unknown-fields to allow them.
 */
/** Properties not listed in `required` become optional, in the schema and in the static type. */
export type StructProperties<T extends TProperties, R extends keyof T> = {
  [K in keyof T]: K extends R ? T[K] : TOptional<T[K]>;
};

export function Struct<T extends TProperties, const R extends keyof T & string = never>(
  properties: T,
  options: K8sObjectOptions & { required?: R[] },
): TObject<StructProperties<T, R>> {
  const { required, ...rest } = options;
  const props: Record<string, TSchema> = {};
  for (const [k, v] of Object.entries(properties)) {
    props[k] = (required as string[] | undefined)?.includes(k) ? v : Type.Optional(v);
  }
  return Type.Object(props, { additionalProperties: false, ...rest }) as unknown as TObject<
    StructProperties<T, R>
  >;
}

/**
 * A field whose type is a named struct, with the field's own description (`spec: Field(DeploymentSpec,
 * "Specification of the desired behavior of the Deployment.")`). The copy remembers the type's own
 * description as `x-type-description`, so OpenAPI shows the field's words at the use site (what
 * `kubectl explain deployment.spec` prints first) and the type's words on its definition.
 * `options` adds use-site keywords (e.g. `x-kubernetes-patch-strategy`).
 */
export function Field<T extends TSchema>(schema: T, description: string, options: SchemaOptions = {}): T {
  const own = schema["x-type-description"] ?? schema.description;
  return {
    ...schema,
    ...options,
    description,
    ...(typeof own === "string" ? { "x-type-description": own } : {}),
  };
}

/** metav1.Time: RFC 3339 seconds; wire {seconds, nanos}. */
export const Time = (o: SchemaOptions = {}) =>
  Type.String({ format: "date-time", "x-proto-type": "time", ...o });
/** metav1.MicroTime: RFC 3339 with microseconds. */
export const MicroTime = (o: SchemaOptions = {}) =>
  Type.String({ format: "date-time", "x-proto-type": "microtime", ...o });
/** resource.Quantity ("100m", "128Mi", 2). JSON accepts numbers too; stored as the canonical string. */
export const Quantity = (o: SchemaOptions = {}) =>
  Type.Union([Type.String(), Type.Number()], {
    $id: "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "x-proto-type": "quantity",
    ...o,
  });
/** intstr.IntOrString ("25%", 8080, "http"). */
export const IntOrString = (o: SchemaOptions = {}) =>
  Type.Union([Type.Integer(), Type.String()], {
    $id: "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "x-kubernetes-int-or-string": true,
    "x-proto-type": "intstr",
    ...o,
  });
/** runtime.RawExtension: any embedded JSON object. */
export const RawExtension = (o: SchemaOptions = {}) =>
  Type.Unsafe<Record<string, unknown>>({
    type: "object",
    "x-kubernetes-preserve-unknown-fields": true,
    "x-proto-type": "rawextension",
    ...o,
  });
/** []byte in Go: base64 in JSON. */
export const Bytes = (o: SchemaOptions = {}) =>
  Type.String({ format: "byte", "x-proto-type": "bytes", ...o });
/** metav1.Duration ("1h0m0s"). */
export const Duration = (o: SchemaOptions = {}) => Type.String({ "x-proto-type": "duration", ...o });
export const Int32 = (o: SchemaOptions = {}) => Type.Integer({ format: "int32", ...o });
export const Int64 = (o: SchemaOptions = {}) => Type.Integer({ format: "int64", ...o });
export const Double = (o: SchemaOptions = {}) =>
  Type.Number({ format: "double", "x-proto-type": "double", ...o });
export const StringMap = (o: SchemaOptions = {}) => Type.Record(Type.String(), Type.String(), o);

/** A list merged by key on strategic merge patch and server-side apply (e.g. containers by name). */
export function MapList<T extends TSchema>(item: T, keys: string[], o: SchemaOptions = {}) {
  return Type.Array(item, {
    "x-kubernetes-list-type": "map",
    "x-kubernetes-list-map-keys": keys,
    "x-kubernetes-patch-strategy": "merge",
    "x-kubernetes-patch-merge-key": keys[0],
    ...o,
  });
}
/** A list of scalars treated as a set (e.g. finalizers). */
export function SetList<T extends TSchema>(item: T, o: SchemaOptions = {}) {
  return Type.Array(item, { "x-kubernetes-list-type": "set", ...o });
}
/** A list replaced whole on patch. */
export function AtomicList<T extends TSchema>(item: T, o: SchemaOptions = {}) {
  return Type.Array(item, { "x-kubernetes-list-type": "atomic", ...o });
}
