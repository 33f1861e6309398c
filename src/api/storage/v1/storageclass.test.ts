import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { storageClasses } from "./storageclass.js";
import { StorageClass } from "./types.js";

FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

// k3s's local-path StorageClass.
const localPath = {
  apiVersion: "storage.k8s.io/v1",
  kind: "StorageClass",
  metadata: {
    name: "local-path",
    annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
    creationTimestamp: "2024-01-01T00:00:00Z",
  },
  provisioner: "rancher.io/local-path",
  reclaimPolicy: "Delete",
  volumeBindingMode: "WaitForFirstConsumer",
  allowedTopologies: [
    { matchLabelExpressions: [{ key: "topology.kubernetes.io/zone", values: ["a", "b"] }] },
  ],
  mountOptions: ["debug"],
};

test("schema round trip; unknown field rejected", () => {
  assert.deepEqual(
    [...Value.Errors(StorageClass, localPath)].map((e) => e.path),
    [],
  );
  assert.equal(Value.Check(StorageClass, { ...localPath, fsType: "ext4" }), false);
});

test("defaults: reclaimPolicy Delete, volumeBindingMode Immediate", () => {
  const sc: any = { metadata: { name: "s" }, provisioner: "a.io/b" };
  storageClasses.defaults!(sc);
  assert.equal(sc.reclaimPolicy, "Delete");
  assert.equal(sc.volumeBindingMode, "Immediate");
  const set: any = {
    metadata: { name: "s" },
    provisioner: "a.io/b",
    reclaimPolicy: "Retain",
    volumeBindingMode: "WaitForFirstConsumer",
  };
  storageClasses.defaults!(set);
  assert.equal(set.reclaimPolicy, "Retain");
  assert.equal(set.volumeBindingMode, "WaitForFirstConsumer");
});

test("validation", () => {
  const sc = (o: any): any => ({
    metadata: { name: "s" },
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
    ...o,
  });
  assert.deepEqual(storageClasses.validate!(structuredClone(localPath) as any), []);
  assert.deepEqual(storageClasses.validate!(sc({ provisioner: "" })).map(errorString), [
    "provisioner: Required value",
  ]);
  assert.deepEqual(
    storageClasses.validate!(
      sc({ provisioner: "a.io/b", reclaimPolicy: "Recycle", volumeBindingMode: "Later" }),
    ).map(errorString),
    [
      'reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"',
      'volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"',
    ],
  );
  assert.deepEqual(
    storageClasses.validate!(
      sc({
        provisioner: "a.io/b",
        allowedTopologies: [
          { matchLabelExpressions: [{ key: "zone", values: [] }] },
          { matchLabelExpressions: [{ key: "zone", values: [] }] },
        ],
      }),
    ).map((e) => [e.type, e.field]),
    [
      ["FieldValueRequired", "allowedTopologies[0].matchLabelExpressions[0].values"],
      ["FieldValueRequired", "allowedTopologies[1].matchLabelExpressions[0].values"],
      ["FieldValueDuplicate", "allowedTopologies[1].matchLabelExpressions"],
    ],
  );
});

test("update: parameters, provisioner, reclaimPolicy forbidden; volumeBindingMode immutable", () => {
  const old: any = {
    metadata: { name: "s" },
    provisioner: "a.io/b",
    parameters: { type: "ssd" },
    reclaimPolicy: "Delete",
    volumeBindingMode: "Immediate",
  };
  const sc: any = {
    ...structuredClone(old),
    provisioner: "a.io/c",
    parameters: { type: "hdd" },
    reclaimPolicy: "Retain",
    volumeBindingMode: "WaitForFirstConsumer",
  };
  assert.deepEqual(storageClasses.validateUpdate!(sc, old).map(errorString), [
    "parameters: Forbidden: updates to parameters are forbidden.",
    "provisioner: Forbidden: updates to provisioner are forbidden.",
    "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
    'volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable',
  ]);
  const labelsOnly = {
    ...structuredClone(old),
    metadata: { name: "s", labels: { a: "b" } },
    allowVolumeExpansion: true,
  };
  assert.deepEqual(storageClasses.validateUpdate!(labelsOnly, old), []);
});

test("cluster-scoped, sc; columns with the (default) marker", () => {
  assert.equal(storageClasses.namespaced, false);
  assert.deepEqual(storageClasses.shortNames, ["sc"]);
  const cols = storageClasses.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
  );
  const now = Date.parse("2024-01-11T00:00:00Z");
  assert.deepEqual(
    cols.map((c) => c.cell(localPath, now)),
    ["local-path (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "10d"],
  );
  const beta = {
    ...localPath,
    metadata: { name: "old", annotations: { "storageclass.beta.kubernetes.io/is-default-class": "true" } },
  };
  assert.equal(cols[0].cell(beta, now), "old (default)");
  assert.equal(cols[0].cell({ ...localPath, metadata: { name: "plain" } }, now), "plain");
});
