import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { FormatRegistry } from "@sinclair/typebox";
import { PersistentVolume, persistentvolumes } from "./persistentvolume.js";
import { errorString } from "../../validation/field.js";

if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  );

const now = Date.parse("2024-05-01T12:00:00Z");
const pv = () =>
  ({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: "pv0001", creationTimestamp: "2024-05-01T11:00:00Z" },
    spec: {
      capacity: { storage: "5Gi" },
      accessModes: ["ReadWriteOnce"],
      hostPath: { path: "/data/pv0001" },
      storageClassName: "manual",
    },
  }) as any;

test("schema accepts a hostPath PV and a local PV; rejects an unknown field", () => {
  assert.equal(Value.Check(PersistentVolume, pv()), true);
  const local = pv();
  delete local.spec.hostPath;
  local.spec.local = { path: "/mnt/disks/ssd1" };
  local.spec.nodeAffinity = {
    required: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["node-1"] }] },
      ],
    },
  };
  assert.deepEqual(
    [...Value.Errors(PersistentVolume, local)].map((e) => e.path),
    [],
  );
  assert.equal(Value.Check(PersistentVolume, { ...pv(), spec: { ...pv().spec, hostpath: {} } }), false);
});

test("defaults and create: Retain, Filesystem, hostPath type, Pending", () => {
  const v = pv();
  persistentvolumes.defaults!(v);
  persistentvolumes.prepareForCreate!(v);
  assert.equal(v.spec.persistentVolumeReclaimPolicy, "Retain");
  assert.equal(v.spec.volumeMode, "Filesystem");
  assert.equal(v.spec.hostPath.type, "");
  assert.equal(v.status.phase, "Pending");
  assert.equal(v.status.lastPhaseTransitionTime, "2024-05-01T11:00:00Z");
});

test("validation", () => {
  assert.deepEqual(persistentvolumes.validate!(pv()), []);
  const v = pv();
  v.spec.accessModes = ["ReadWriteOncePod", "ReadOnlyMany", "WriteSometimes"];
  v.spec.capacity = { storage: "0", cpu: "1" };
  v.spec.nfs = { server: "nfs.local", path: "/" };
  assert.deepEqual(persistentvolumes.validate!(v).map(errorString), [
    `spec.accessModes: Unsupported value: "WriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`,
    "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
    `spec.capacity: Unsupported value: {"cpu":"1","storage":"0"}: supported values: "storage"`,
    `spec.capacity[storage]: Invalid value: "0": must be greater than zero`,
    "spec.nfs: Forbidden: may not specify more than 1 volume type",
  ]);
  const local = pv();
  delete local.spec.hostPath;
  local.spec.local = { path: "/mnt" };
  assert.deepEqual(persistentvolumes.validate!(local).map(errorString), [
    "spec.nodeAffinity: Required value: Local volume requires node affinity",
  ]);
});

test("update: the volume source is immutable", () => {
  const old = pv();
  persistentvolumes.defaults!(old);
  const v = structuredClone(old);
  v.spec.hostPath.path = "/elsewhere";
  assert.deepEqual(
    persistentvolumes.validateUpdate!(v, old).map((e) => [e.field, e.detail]),
    [["spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"]],
  );
  const grown = structuredClone(old);
  grown.spec.capacity.storage = "10Gi";
  assert.deepEqual(persistentvolumes.validateUpdate!(grown, old), []);
});

test("columns", () => {
  const v = pv();
  persistentvolumes.defaults!(v);
  v.status = { phase: "Bound" };
  v.spec.claimRef = { namespace: "default", name: "data" };
  v.spec.accessModes = ["ReadWriteMany", "ReadWriteOnce"];
  assert.deepEqual(
    persistentvolumes.printerColumns!.map((c) => c.name),
    [
      "Name",
      "Capacity",
      "Access Modes",
      "Reclaim Policy",
      "Status",
      "Claim",
      "StorageClass",
      "VolumeAttributesClass",
      "Reason",
      "Age",
      "VolumeMode",
    ],
  );
  assert.deepEqual(
    persistentvolumes.printerColumns!.map((c) => c.cell(v, now)),
    [
      "pv0001",
      "5Gi",
      "RWO,RWX",
      "Retain",
      "Bound",
      "default/data",
      "manual",
      "<unset>",
      "",
      "60m",
      "Filesystem",
    ],
  );
  assert.equal(persistentvolumes.printerColumns![10].priority, 1);
});
