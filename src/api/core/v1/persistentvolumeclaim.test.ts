import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { FormatRegistry } from "@sinclair/typebox";
import { PersistentVolumeClaim, persistentvolumeclaims } from "./persistentvolumeclaim.js";
import { errorString } from "../../validation/field.js";

if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  );

const now = Date.parse("2024-05-01T12:00:00Z");
const claim = () =>
  ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "data", namespace: "default", creationTimestamp: "2024-05-01T11:58:00Z" },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "1Gi" } },
      storageClassName: "local-path",
    },
  }) as any;

test("schema accepts a claim and rejects an unknown field", () => {
  assert.equal(Value.Check(PersistentVolumeClaim, claim()), true);
  assert.equal(
    Value.Check(PersistentVolumeClaim, { ...claim(), spec: { ...claim().spec, size: "1Gi" } }),
    false,
  );
});

test("defaults and create: Filesystem, Pending, data sources mirrored", () => {
  const c = claim();
  c.spec.dataSource = { kind: "PersistentVolumeClaim", name: "src" };
  persistentvolumeclaims.defaults!(c);
  persistentvolumeclaims.prepareForCreate!(c);
  assert.equal(c.spec.volumeMode, "Filesystem");
  assert.deepEqual(c.status, { phase: "Pending" });
  assert.deepEqual(c.spec.dataSourceRef, { kind: "PersistentVolumeClaim", name: "src" });
});

test("validation", () => {
  assert.deepEqual(persistentvolumeclaims.validate!(claim()), []);
  const c = claim();
  c.spec.accessModes = [];
  c.spec.resources = { requests: {} };
  c.spec.volumeMode = "Raw";
  assert.deepEqual(persistentvolumeclaims.validate!(c).map(errorString), [
    "spec.accessModes: Required value: at least 1 access mode is required",
    "spec.resources[storage]: Required value",
    `spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`,
  ]);
});

test("update: spec immutable except bound claims' storage, which may only grow", () => {
  const old = claim();
  persistentvolumeclaims.defaults!(old);
  const renamed = structuredClone(old);
  renamed.spec.storageClassName = "fast";
  assert.deepEqual(
    persistentvolumeclaims.validateUpdate!(renamed, old).map((e) => [e.field, e.type]),
    [["spec", "FieldValueForbidden"]],
  );
  const bound = structuredClone(old);
  bound.status = { phase: "Bound", capacity: { storage: "1Gi" } };
  const grown = structuredClone(bound);
  grown.spec.resources.requests.storage = "2Gi";
  assert.deepEqual(persistentvolumeclaims.validateUpdate!(grown, bound), []);
  const shrunk = structuredClone(bound);
  shrunk.spec.resources.requests.storage = "512Mi";
  assert.deepEqual(persistentvolumeclaims.validateUpdate!(shrunk, bound).map(errorString), [
    "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity",
  ]);
  const volumeNameSet = structuredClone(old);
  volumeNameSet.spec.volumeName = "pv-1";
  assert.deepEqual(persistentvolumeclaims.validateUpdate!(volumeNameSet, old), []);
});

test("columns: capacity and access modes only once bound", () => {
  const c = claim();
  persistentvolumeclaims.defaults!(c);
  const cells = () => persistentvolumeclaims.printerColumns!.map((col) => col.cell(c, now));
  assert.deepEqual(cells(), ["data", "Pending", "", "", "", "local-path", "<unset>", "2m", "Filesystem"]);
  c.spec.volumeName = "pvc-123";
  c.status = { phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "1024Mi" } };
  assert.deepEqual(cells(), [
    "data",
    "Bound",
    "pvc-123",
    "1Gi",
    "RWO",
    "local-path",
    "<unset>",
    "2m",
    "Filesystem",
  ]);
});
