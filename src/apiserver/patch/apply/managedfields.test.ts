import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildManagerIdentifier,
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  ManagedFieldsError,
} from "./managedfields.js";

void test("manager identifiers: appliers are one entry whatever their version; updaters one per version", () => {
  assert.equal(
    buildManagerIdentifier({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1" }),
    '{"manager":"kubectl","operation":"Apply"}',
  );
  assert.equal(
    buildManagerIdentifier({
      manager: "kube-controller-manager",
      operation: "Update",
      apiVersion: "apps/v1",
      subresource: "status",
    }),
    '{"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1","subresource":"status"}',
  );
  assert.equal(
    buildManagerIdentifier({ manager: "a<b", operation: "Update", apiVersion: "v1" }),
    '{"manager":"a\\u003cb","operation":"Update","apiVersion":"v1"}',
  );
});

const entry = (over: Record<string, unknown>) => ({
  manager: "m",
  operation: "Update",
  apiVersion: "v1",
  time: "2024-01-01T00:00:00Z",
  fieldsType: "FieldsV1",
  fieldsV1: { "f:data": { "f:a": {} } },
  ...over,
});

void test("decoding rejects entries upstream rejects", () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ operation: "Patch" }, "operation must be `Apply` or `Update`"],
    [{ apiVersion: "" }, "apiVersion must not be empty"],
    [{ fieldsType: "" }, "missing fieldsType in managed fields entry 0"],
    [{ fieldsType: "FieldsV2" }, 'invalid fieldsType "FieldsV2" in managed fields entry 0'],
  ];
  for (const [over, message] of cases) {
    assert.throws(
      () => decodeManagedFields([entry(over)]),
      (e: unknown) => e instanceof ManagedFieldsError && e.message === message,
    );
  }
});

void test("encoding sorts Apply before Update, then by time, manager, version, subresource", () => {
  const managed = decodeManagedFields([
    entry({ manager: "z", time: "2024-01-01T00:00:05Z" }),
    entry({ manager: "b", time: "2024-01-01T00:00:01Z" }),
    entry({ manager: "a", time: "2024-01-01T00:00:01Z" }),
    entry({ manager: "late", operation: "Apply", time: "2024-02-01T00:00:00Z" }),
    entry({ manager: "a", time: "2024-01-01T00:00:01Z", subresource: "status" }),
  ]);
  const out = encodeManagedFields(managed)!;
  assert.deepEqual(
    out.map((e) => `${e.operation} ${e.manager} ${e.subresource ?? ""}`),
    ["Apply late ", "Update a ", "Update a status", "Update b ", "Update z "],
  );
  assert.deepEqual(Object.keys(out[2]), [
    "manager",
    "operation",
    "apiVersion",
    "time",
    "fieldsType",
    "fieldsV1",
    "subresource",
  ]);
});

void test("no managers encode as no managedFields", () => {
  assert.equal(encodeManagedFields(decodeManagedFields([])), undefined);
});

void test("time is RFC 3339 in seconds, UTC", () => {
  assert.equal(formatTime(new Date("2024-05-01T10:00:00.123Z")), "2024-05-01T10:00:00Z");
  assert.equal(formatTime("2024-05-01T12:00:00+02:00"), "2024-05-01T10:00:00Z");
});
