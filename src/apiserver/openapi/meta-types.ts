// meta.k8s.io/v1 types that appear only in the OpenAPI documents (watch events, discovery lists,
// PATCH bodies), and the apimachinery types whose OpenAPI form differs from their TypeBox schema.
import { Type } from "@sinclair/typebox";
import { Struct, RawExtension } from "../../api/schema.js";
import type { ProtoType } from "../../api/schema.js";

const P = "io.k8s.apimachinery.pkg.apis.meta.v1";

export const WatchEvent = Struct(
  {
    type: Type.String(),
    object: RawExtension({
      description:
        "Object is:\n * If Type is Added or Modified: the new state of the object.\n * If Type is Deleted: the state of the object immediately before deletion.\n * If Type is Error: *Status is recommended; other types may make sense\n   depending on context.",
    }),
  },
  {
    $id: `${P}.WatchEvent`,
    required: ["type", "object"],
    description: "Event represents a single event to a watched resource.",
    "x-proto": { type: 1, object: 2 },
  },
);

export const Patch = Type.Unsafe<Record<string, unknown>>({
  $id: `${P}.Patch`,
  type: "object",
  description: "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
});

const strings = (description: string) => Type.Array(Type.String(), { description });

export const APIResource = Struct(
  {
    name: Type.String({ description: "name is the plural name of the resource." }),
    singularName: Type.String({
      description:
        "singularName is the singular name of the resource.  This allows clients to handle plural and singular opaquely. The singularName is more correct for reporting status on a single item and both singular and plural are allowed from the kubectl CLI interface.",
    }),
    namespaced: Type.Boolean({ description: "namespaced indicates if a resource is namespaced or not." }),
    group: Type.String({
      description:
        'group is the preferred group of the resource.  Empty implies the group of the containing resource list. For subresources, this may have a different value, for example: Scale".',
    }),
    version: Type.String({
      description:
        "version is the preferred version of the resource.  Empty implies the version of the containing resource list For subresources, this may have a different value, for example: v1 (while inside a v1beta1 version of the core resource's group)\".",
    }),
    kind: Type.String({
      description: "kind is the kind for the resource (e.g. 'Foo' is the kind for a resource 'foo')",
    }),
    verbs: strings(
      "verbs is a list of supported kube verbs (this includes get, list, watch, create, update, patch, delete, deletecollection, and proxy)",
    ),
    shortNames: strings("shortNames is a list of suggested short names of the resource."),
    categories: strings(
      "categories is a list of the grouped resources this resource belongs to (e.g. 'all')",
    ),
    storageVersionHash: Type.String({
      description:
        "The hash value of the storage version, the version this resource is converted to when written to the data store. Value must be treated as opaque by clients. Only equality comparison on the value is valid. This is an alpha feature and may change or be removed in the future. The field is populated by the apiserver only if the StorageVersionHash feature gate is enabled. This field will remain optional even if it graduates.",
    }),
  },
  {
    $id: `${P}.APIResource`,
    required: ["name", "singularName", "namespaced", "kind", "verbs"],
    description: "APIResource specifies the name of a resource and whether it is namespaced.",
    "x-proto": {
      name: 1,
      namespaced: 2,
      kind: 3,
      verbs: 4,
      shortNames: 5,
      singularName: 6,
      categories: 7,
      group: 8,
      version: 9,
      storageVersionHash: 10,
    },
  },
);

export const APIResourceList = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    groupVersion: Type.String({
      description: "groupVersion is the group and version this APIResourceList is for.",
    }),
    resources: Type.Array(APIResource, {
      description: "resources contains the name of the resources and if they are namespaced.",
    }),
  },
  {
    $id: `${P}.APIResourceList`,
    required: ["groupVersion", "resources"],
    description:
      "APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.",
    "x-proto": { groupVersion: 1, resources: 2 },
  },
);

/** The OpenAPI component of a type marked with `x-proto-type`, as upstream publishes it. */
export interface WellKnown {
  name: string;
  description: string;
  v3: Record<string, unknown>;
  v2: Record<string, unknown>;
}

const wellKnown: Partial<Record<ProtoType, WellKnown>> = {
  time: {
    name: `${P}.Time`,
    description:
      "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.  Wrappers are provided for many of the factory methods that the time package offers.",
    v3: { type: "string", format: "date-time" },
    v2: { type: "string", format: "date-time" },
  },
  microtime: {
    name: `${P}.MicroTime`,
    description: "MicroTime is version of Time with microsecond level precision.",
    v3: { type: "string", format: "date-time" },
    v2: { type: "string", format: "date-time" },
  },
  duration: {
    name: `${P}.Duration`,
    description:
      "Duration is a wrapper around time.Duration which supports correct marshaling to YAML and JSON. In particular, it marshals into strings, which can be used as map keys in json.",
    v3: { type: "string" },
    v2: { type: "string" },
  },
  fieldsv1: {
    name: `${P}.FieldsV1`,
    description:
      "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.\n\nEach key is either a '.' representing the field itself, and will always map to an empty set, or a string representing a sub-field or item. The string will follow one of these four formats: 'f:<name>', where <name> is the name of a field in a struct, or key in a map 'v:<value>', where <value> is the exact json formatted value of a list item 'i:<index>', where <index> is position of a item in a list 'k:<keys>', where <keys> is a map of  a list item's key fields to their unique values If a key maps to an empty Fields value, the field that key represents is part of the set.\n\nThe exact format is defined in sigs.k8s.io/structured-merge-diff",
    v3: { type: "object" },
    v2: { type: "object" },
  },
  rawextension: {
    name: "io.k8s.apimachinery.pkg.runtime.RawExtension",
    description:
      "RawExtension is used to hold extensions in external versions.\n\nTo use this, make a field which has RawExtension as its type in your external, versioned struct, and Object in your internal struct. You also need to register your various plugin types.",
    v3: { type: "object" },
    v2: { type: "object" },
  },
  quantity: {
    name: "io.k8s.apimachinery.pkg.api.resource.Quantity",
    description:
      'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.\n\nThe serialization format is:\n\n``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```',
    v3: { oneOf: [{ type: "string" }, { type: "number" }] },
    v2: { type: "string" },
  },
  intstr: {
    name: "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    description:
      "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
    v3: { format: "int-or-string", oneOf: [{ type: "integer" }, { type: "string" }] },
    v2: { type: "string", format: "int-or-string" },
  },
};

export function wellKnownType(type: ProtoType): WellKnown | undefined {
  return wellKnown[type];
}

export const standardDescriptions: Record<string, string> = {
  apiVersion:
    "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  metadata:
    "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  kind: "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
};
