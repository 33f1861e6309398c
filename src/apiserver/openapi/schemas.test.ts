import { test } from "node:test";
import assert from "node:assert/strict";
import { Type, type TSchema } from "@sinclair/typebox";
import { SchemaWriter, TypeIndex } from "./schemas.js";
import {
  Field,
  Bytes,
  Duration,
  IntOrString,
  MapList,
  MicroTime,
  Quantity,
  RawExtension,
  Struct,
  Time,
} from "../../api/schema.js";
import { ObjectMeta, OwnerReference } from "../../api/meta/v1/types.js";

const Inner = Struct(
  { a: Type.String({ description: "a is a string." }) },
  { $id: "io.example.v1.Inner", description: "Inner is a small type.", "x-proto": { a: 1 } },
);

const Outer = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    plain: Inner,
    described: {
      ...Inner,
      description: "described holds an Inner.",
      "x-type-description": Inner.description,
    },
    required: Inner,
    items: Type.Array(Inner, { description: "items are Inners." }),
    names: Type.Array(Type.String()),
    counts: Type.Record(Type.String(), Type.Integer({ format: "int32" })),
    owners: MapList(OwnerReference, ["uid"]),
    protocol: Type.Union([Type.Literal("TCP"), Type.Literal("UDP")], { description: "protocol." }),
    name: Type.String(),
    port: IntOrString({ description: "port to use." }),
    memory: Quantity(),
    created: Time({ description: "created is when." }),
    renewed: MicroTime(),
    interval: Duration(),
    payload: Bytes(),
    embedded: RawExtension(),
    anything: Type.Unsafe({ type: "object", "x-kubernetes-preserve-unknown-fields": true }),
  },
  {
    $id: "io.example.v1.Outer",
    required: ["required", "name"],
    description: "Outer uses every shape.",
    "x-proto": { metadata: 1 },
  },
);

function write(flavor: "v2" | "v3", root: TSchema = Outer) {
  const w = new SchemaWriter(flavor, new TypeIndex([root]));
  w.named(root.$id as string);
  return w.definitions();
}

function walkKeys(v: unknown, visit: (key: string) => void): void {
  if (Array.isArray(v)) v.forEach((x) => walkKeys(x, visit));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      visit(k);
      walkKeys(x, visit);
    }
  }
}

test("v3: named types are components; a $ref with siblings is wrapped in allOf", () => {
  const defs = write("v3");
  const outer = defs["io.example.v1.Outer"] as any;
  const ref = "#/components/schemas/io.example.v1.Inner";
  assert.deepEqual(outer.properties.plain, { $ref: ref });
  assert.deepEqual(outer.properties.described, {
    allOf: [{ $ref: ref }],
    description: "described holds an Inner.",
  });
  // Required (non-omitempty) struct fields and list items default to {} as upstream publishes them.
  assert.deepEqual(outer.properties.required, { allOf: [{ $ref: ref }], default: {} });
  assert.deepEqual(outer.properties.items, {
    description: "items are Inners.",
    items: { allOf: [{ $ref: ref }], default: {} },
    type: "array",
  });
  assert.deepEqual(defs["io.example.v1.Inner"], {
    description: "Inner is a small type.",
    properties: { a: { description: "a is a string.", type: "string" } },
    type: "object",
  });
  assert.deepEqual(outer.required, ["required", "name"]);
});

test("v2: a $ref keeps its siblings", () => {
  const outer = write("v2")["io.example.v1.Outer"] as any;
  assert.deepEqual(outer.properties.described, {
    $ref: "#/definitions/io.example.v1.Inner",
    description: "described holds an Inner.",
  });
  assert.deepEqual(outer.properties.required, { $ref: "#/definitions/io.example.v1.Inner", default: {} });
});

test("the type's own description: x-type-description, else the one starting with the type name, else the most used", () => {
  const A = Struct(
    { x: Type.String() },
    { $id: "io.example.v1.A", description: "A is the type.", "x-proto": {} },
  );
  const useOnly = { ...A, description: "first use." };
  const root = Struct(
    { one: useOnly, two: { ...A, description: "second use." }, three: A },
    { $id: "io.example.v1.Root", "x-proto": {} },
  );
  const defs = write("v3", root) as any;
  assert.equal(defs["io.example.v1.A"].description, "A is the type.");
  assert.equal(defs["io.example.v1.Root"].properties.one.description, "first use.");
  assert.deepEqual(defs["io.example.v1.Root"].properties.three, {
    $ref: "#/components/schemas/io.example.v1.A",
  });

  const B = Struct({ x: Type.String() }, { $id: "io.example.v1.B", description: "Holds x.", "x-proto": {} });
  const root2 = Struct(
    { one: B, two: B, three: { ...B, description: "other." } },
    { $id: "io.example.v1.R2", "x-proto": {} },
  );
  assert.equal((write("v3", root2) as any)["io.example.v1.B"].description, "Holds x.");
});

test("apimachinery types render as upstream: IntOrString, Quantity, Time, MicroTime, Duration, RawExtension, bytes", () => {
  const v3 = write("v3") as any;
  const v2 = write("v2") as any;
  const I = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  const Q = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  const T = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
  assert.deepEqual(v3[I].oneOf, [{ type: "integer" }, { type: "string" }]);
  assert.equal(v3[I].format, "int-or-string");
  assert.equal(v3[I]["x-kubernetes-int-or-string"], undefined);
  assert.deepEqual({ type: v2[I].type, format: v2[I].format }, { type: "string", format: "int-or-string" });
  assert.deepEqual(v3[Q].oneOf, [{ type: "string" }, { type: "number" }]);
  assert.equal(v2[Q].type, "string");
  assert.match(v3[Q].description, /^Quantity is a fixed-point representation of a number/);
  assert.deepEqual({ type: v3[T].type, format: v3[T].format }, { type: "string", format: "date-time" });
  assert.deepEqual(v3["io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"].format, "date-time");
  assert.deepEqual(v3["io.k8s.apimachinery.pkg.apis.meta.v1.Duration"].type, "string");
  assert.deepEqual(v3["io.k8s.apimachinery.pkg.runtime.RawExtension"].type, "object");

  const p = v3["io.example.v1.Outer"].properties;
  assert.deepEqual(p.port, { allOf: [{ $ref: `#/components/schemas/${I}` }], description: "port to use." });
  assert.deepEqual(p.memory, { $ref: `#/components/schemas/${Q}` });
  assert.deepEqual(p.created, {
    allOf: [{ $ref: `#/components/schemas/${T}` }],
    description: "created is when.",
  });
  assert.deepEqual(p.payload, { format: "byte", type: "string" });
  assert.deepEqual(v2["io.example.v1.Outer"].properties.port, {
    $ref: `#/definitions/${I}`,
    description: "port to use.",
  });
});

test("scalars, enums, maps and lists: zero defaults where Go writes zero values", () => {
  const p = (write("v3") as any)["io.example.v1.Outer"].properties;
  assert.deepEqual(p.names, { items: { default: "", type: "string" }, type: "array" });
  assert.deepEqual(p.counts, {
    additionalProperties: { default: 0, format: "int32", type: "integer" },
    type: "object",
  });
  assert.deepEqual(p.protocol, { description: "protocol.", enum: ["TCP", "UDP"], type: "string" });
  assert.deepEqual(p.name, { default: "", type: "string" });
  assert.deepEqual(p.anything, { type: "object", "x-kubernetes-preserve-unknown-fields": true });
});

test("x-kubernetes-* extensions are kept, x-proto*, $id and x-type-description are not", () => {
  for (const flavor of ["v2", "v3"] as const) {
    const defs = write(flavor) as any;
    walkKeys(defs, (k) => {
      assert.ok(!k.startsWith("x-proto"), `${flavor}: ${k} leaked`);
      assert.notEqual(k, "$id");
      assert.notEqual(k, "x-type-description");
    });
    const owners = defs["io.example.v1.Outer"].properties.owners;
    assert.equal(owners["x-kubernetes-list-type"], "map");
    assert.deepEqual(owners["x-kubernetes-list-map-keys"], ["uid"]);
    assert.equal(owners["x-kubernetes-patch-strategy"], "merge");
    assert.equal(owners["x-kubernetes-patch-merge-key"], "uid");
    assert.equal(
      defs["io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"]["x-kubernetes-map-type"],
      "atomic",
    );
  }
});

test("apiVersion, kind and metadata of a kind get upstream's standard descriptions", () => {
  const p = (write("v3") as any)["io.example.v1.Outer"].properties;
  assert.match(p.apiVersion.description, /^APIVersion defines the versioned schema/);
  assert.match(p.kind.description, /^Kind is a string value representing the REST resource/);
  assert.deepEqual(p.metadata, {
    allOf: [{ $ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }],
    description:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  });
});

test("every $ref points at a component of the same document", () => {
  for (const flavor of ["v2", "v3"] as const) {
    const defs = write(flavor);
    const prefix = flavor === "v3" ? "#/components/schemas/" : "#/definitions/";
    const refs: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref") refs.push(x as string);
          else collect(x);
        }
      }
    };
    collect(defs);
    assert.ok(refs.length > 10);
    for (const ref of refs) {
      assert.ok(ref.startsWith(prefix), ref);
      assert.ok(defs[ref.slice(prefix.length)], `${flavor}: dangling ${ref}`);
    }
  }
});

test("Field: the use site's description and patch strategy sit beside the $ref; the type keeps its own", () => {
  const root = Struct(
    {
      plain: Inner,
      retained: Field(Inner, "retained is patched with retainKeys.", {
        "x-kubernetes-patch-strategy": "retainKeys",
      }),
    },
    { $id: "io.example.v1.FieldRoot", "x-proto": {} },
  );
  const v3 = write("v3", root) as any;
  assert.deepEqual(v3["io.example.v1.Inner"].description, "Inner is a small type.");
  assert.equal(v3["io.example.v1.Inner"]["x-kubernetes-patch-strategy"], undefined);
  assert.deepEqual(v3["io.example.v1.FieldRoot"].properties.retained, {
    allOf: [{ $ref: "#/components/schemas/io.example.v1.Inner" }],
    description: "retained is patched with retainKeys.",
    "x-kubernetes-patch-strategy": "retainKeys",
  });
  assert.deepEqual(v3["io.example.v1.FieldRoot"].properties.plain, {
    $ref: "#/components/schemas/io.example.v1.Inner",
  });
  const v2 = write("v2", root) as any;
  assert.deepEqual(v2["io.example.v1.FieldRoot"].properties.retained, {
    $ref: "#/definitions/io.example.v1.Inner",
    description: "retained is patched with retainKeys.",
    "x-kubernetes-patch-strategy": "retainKeys",
  });
});
