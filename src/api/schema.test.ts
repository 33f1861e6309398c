import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { Field, Int32, Struct } from "./schema.js";

const Spec = Struct(
  { replicas: Int32({ description: "Number of desired pods." }) },
  { $id: "io.example.v1.Spec", description: "Spec is the desired state.", "x-proto": { replicas: 1 } },
);

test("Field: the field's description, the type's own as x-type-description, the type's body", () => {
  const f = Field(Spec, "Specification of the desired behavior.");
  assert.equal(f.description, "Specification of the desired behavior.");
  assert.equal(f["x-type-description"], "Spec is the desired state.");
  assert.equal(f.$id, Spec.$id);
  assert.deepEqual(f.properties, Spec.properties);
  assert.equal(Spec.description, "Spec is the desired state.", "the type itself is not changed");
  // A field of a field (a re-described copy) still remembers the type's words, not the first field's.
  assert.equal(Field(f, "other.")["x-type-description"], "Spec is the desired state.");
  // Use-site keywords.
  assert.equal(
    Field(Spec, "d.", { "x-kubernetes-patch-strategy": "retainKeys" })["x-kubernetes-patch-strategy"],
    "retainKeys",
  );
});

test("Field: validation is the type's (unknown fields rejected, types checked)", () => {
  const Root = Struct(
    { spec: Field(Spec, "Specification.") },
    { $id: "io.example.v1.Root", "x-proto": { spec: 1 } },
  );
  assert.equal(Value.Check(Root, { spec: { replicas: 2 } }), true);
  assert.equal(Value.Check(Root, { spec: { replicas: "2" } }), false);
  assert.equal(Value.Check(Root, { spec: { replicaz: 2 } }), false);
});
