import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { configMaps, type ConfigMap, isConfigMapKey } from "./configmap.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

if (!FormatRegistry.Has("byte")) FormatRegistry.Set("byte", (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v));

const cm = (extra: Partial<ConfigMap>): ConfigMap => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "cfg", namespace: "default" },
  ...extra,
});

test("config keys as IsConfigMapKey", () => {
  assert.deepEqual(isConfigMapKey("app.properties"), []);
  assert.deepEqual(isConfigMapKey("KEY_NAME-1"), []);
  assert.deepEqual(isConfigMapKey(".."), ["must not be '..'"]);
  assert.deepEqual(isConfigMapKey("..data"), ["must not start with '..'"]);
  assert.deepEqual(isConfigMapKey("a/b"), [
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
  assert.deepEqual(isConfigMapKey("x".repeat(254)), ["must be no more than 253 characters"]);
});

test("validation: keys, duplicates across data and binaryData, total size", () => {
  assert.deepEqual(configMaps.validate!(cm({ data: { a: "1" }, binaryData: { b: "AAE=" } })), []);
  assert.deepEqual(
    configMaps.validate!(cm({ data: { "bad key": "1", same: "x" }, binaryData: { same: "AA==" } })).map(
      errorString,
    ),
    [
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      'data[same]: Invalid value: "same": duplicate of key present in binaryData',
    ],
  );
  const big = cm({
    data: { a: "x".repeat(600 * 1024) },
    binaryData: { b: Buffer.alloc(500 * 1024).toString("base64") },
  });
  assert.deepEqual(configMaps.validate!(big).map(errorString), [
    ": Too long: may not be more than 1048576 bytes",
  ]);
});

test("immutable config maps keep their data", () => {
  const old = cm({ immutable: true, data: { a: "1" } });
  assert.deepEqual(configMaps.validateUpdate!(cm({ immutable: true, data: { a: "1" } }), old), []);
  assert.deepEqual(
    configMaps.validateUpdate!(cm({ data: { a: "2" }, binaryData: { b: "AA==" } }), old).map(errorString),
    [
      "immutable: Forbidden: field is immutable when `immutable` is set",
      "data: Forbidden: field is immutable when `immutable` is set",
      "binaryData: Forbidden: field is immutable when `immutable` is set",
    ],
  );
  // A mutable one may change and may become immutable.
  assert.deepEqual(
    configMaps.validateUpdate!(cm({ immutable: true, data: { a: "2" } }), cm({ data: { a: "1" } })),
    [],
  );
});

test("DATA column counts data and binaryData; schema", () => {
  const c = cm({ data: { a: "1", b: "2" }, binaryData: { c: "AA==" } });
  c.metadata.creationTimestamp = "2026-01-01T00:00:00Z";
  const now = Date.parse("2026-01-01T05:00:00Z");
  assert.deepEqual(
    configMaps.printerColumns!.map((col) => [col.name, col.cell(c, now)]),
    [
      ["Name", "cfg"],
      ["Data", 3],
      ["Age", "5h"],
    ],
  );
  assert.ok(Value.Check(configMaps.schema, c));
  assert.equal(Value.Check(configMaps.schema, { ...c, stringData: { a: "1" } }), false);
  assert.equal(Value.Check(configMaps.schema, { ...c, data: { a: 1 } }), false);
});
