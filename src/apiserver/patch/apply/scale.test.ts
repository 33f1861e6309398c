import { test } from "node:test";
import assert from "node:assert/strict";
import { scaleToParent, scaleToSubresource } from "./scale.js";
import { updateManagedFields } from "./fieldmanager.js";
import type { JSONSchema } from "../schema.js";
import type { JSONObject } from "../status.js";

const mappings = { "apps/v1": ["spec", "replicas"] };

const Scale: JSONSchema = {
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: {
      type: "object",
      properties: { name: { type: "string" }, uid: { type: "string" } },
      default: {},
    },
    spec: { type: "object", properties: { replicas: { type: "integer" } }, default: {} },
    status: {
      type: "object",
      properties: { replicas: { type: "integer" }, selector: { type: "string" } },
      default: {},
    },
  },
};

const parentEntries = [
  {
    manager: "kubectl-create",
    operation: "Update",
    apiVersion: "apps/v1",
    time: "2024-05-01T10:00:00Z",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:spec": { "f:replicas": {}, "f:paused": {} } },
  },
  {
    manager: "other",
    operation: "Update",
    apiVersion: "apps/v1",
    time: "2024-05-01T10:00:00Z",
    fieldsType: "FieldsV1",
    fieldsV1: { "f:metadata": { "f:labels": { "f:a": {} } } },
  },
];

void test("kubectl scale: the Scale sees the replicas' managers; afterwards the scaler owns the parent's replicas", () => {
  const scaleEntries = scaleToSubresource(parentEntries, mappings);
  assert.deepEqual(scaleEntries, [
    {
      manager: "kubectl-create",
      operation: "Update",
      apiVersion: "autoscaling/v1",
      time: "2024-05-01T10:00:00Z",
      fieldsType: "FieldsV1",
      fieldsV1: { "f:spec": { "f:replicas": {} } },
    },
  ]);

  const oldScale: JSONObject = {
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: { name: "demo", uid: "u", managedFields: scaleEntries },
    spec: { replicas: 1 },
  };
  const newScale = structuredClone(oldScale);
  (newScale.spec as JSONObject).replicas = 4;
  const written = updateManagedFields(oldScale, newScale, {
    manager: "kubectl",
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    schema: Scale,
    now: "2024-05-01T11:00:00Z",
    subresource: "scale",
  });

  assert.deepEqual(
    scaleToParent(parentEntries, (written.metadata as JSONObject).managedFields, "apps/v1", mappings),
    [
      {
        // Upstream takes a scale manager's time from the parent's entries: none for this one.
        manager: "kubectl",
        operation: "Update",
        apiVersion: "apps/v1",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:spec": { "f:replicas": {} } },
        subresource: "scale",
      },
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "apps/v1",
        time: "2024-05-01T10:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:spec": { "f:paused": {} } },
      },
      parentEntries[1],
    ],
  );
});
