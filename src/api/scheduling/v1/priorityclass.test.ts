import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { priorityClasses, systemPriorityClasses } from "./priorityclass.js";
import { PriorityClass } from "./types.js";

const high = {
  apiVersion: "scheduling.k8s.io/v1",
  kind: "PriorityClass",
  metadata: { name: "high-priority" },
  value: 1000000,
  globalDefault: false,
  description: "This priority class should be used for XYZ service pods only.",
};

test("schema round trip; unknown field rejected", () => {
  assert.equal(Value.Check(PriorityClass, high), true);
  assert.equal(Value.Check(PriorityClass, { ...high, spec: {} }), false);
});

test("defaults: preemptionPolicy PreemptLowerPriority", () => {
  const pc: any = structuredClone(high);
  priorityClasses.defaults!(pc);
  assert.equal(pc.preemptionPolicy, "PreemptLowerPriority");
  const never: any = { ...structuredClone(high), preemptionPolicy: "Never" };
  priorityClasses.defaults!(never);
  assert.equal(never.preemptionPolicy, "Never");
});

test("validation: value range, system- names, preemptionPolicy enum", () => {
  const v = (o: any) => priorityClasses.validate!({ ...structuredClone(high), ...o }).map(errorString);
  assert.deepEqual(v({}), []);
  assert.deepEqual(v({ value: 1000000001 }), [
    "value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
  ]);
  assert.deepEqual(v({ metadata: { name: "system-mine" } }), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
  ]);
  assert.deepEqual(v({ metadata: { name: "system-node-critical" }, value: 5 }), [
    "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-node-critical PriorityClass must be 2000001000",
  ]);
  for (const spc of systemPriorityClasses)
    assert.deepEqual(v({ metadata: { name: spc.name }, value: spc.value }), []);
  assert.deepEqual(v({ preemptionPolicy: "Sometimes" }), [
    'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
  ]);
});

test("update: value and preemptionPolicy are fixed", () => {
  const old: any = { ...structuredClone(high), preemptionPolicy: "PreemptLowerPriority" };
  const pc: any = { ...structuredClone(old), value: 5, preemptionPolicy: "Never", description: "changed" };
  assert.deepEqual(priorityClasses.validateUpdate!(pc, old).map(errorString), [
    "value: Forbidden: may not be changed in an update.",
    'preemptionPolicy: Invalid value: "Never": field is immutable',
  ]);
  assert.deepEqual(priorityClasses.validateUpdate!({ ...structuredClone(old), description: "x" }, old), []);
});

test("cluster-scoped, pc; columns NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY", () => {
  assert.equal(priorityClasses.namespaced, false);
  assert.deepEqual(priorityClasses.shortNames, ["pc"]);
  const cols = priorityClasses.printerColumns!;
  assert.deepEqual(
    cols.map((c) => [c.name.toUpperCase(), c.type]),
    [
      ["NAME", "string"],
      ["VALUE", "integer"],
      ["GLOBAL-DEFAULT", "boolean"],
      ["AGE", "string"],
      ["PREEMPTIONPOLICY", "string"],
    ],
  );
  const obj = {
    ...high,
    metadata: { name: "high-priority", creationTimestamp: "2024-01-01T00:00:00Z" },
    preemptionPolicy: "Never",
  };
  assert.deepEqual(
    cols.map((c) => c.cell(obj, Date.parse("2024-01-01T00:01:00Z"))),
    ["high-priority", 1000000, false, "60s", "Never"],
  );
});
