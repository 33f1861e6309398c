import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { ReplicaSet } from "./types.js";
import { replicasets, applyReplicaSetDefaults } from "./replicaset.js";
import { registerSchemaKinds } from "./test-support.js";

registerSchemaKinds();

type RS = Parameters<NonNullable<typeof replicasets.validate>>[0];
const rs = (): RS => {
  const o = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "frontend", labels: { app: "guestbook", tier: "frontend" } },
    spec: {
      selector: { matchLabels: { tier: "frontend" } },
      template: {
        metadata: { labels: { tier: "frontend" } },
        spec: {
          containers: [
            { name: "php-redis", image: "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5" },
          ],
        },
      },
    },
  } as RS;
  applyReplicaSetDefaults(o);
  return o;
};

test("ReplicaSet: schema, defaults and a clean validation", () => {
  const o = rs();
  assert.equal(Value.Check(ReplicaSet, o), true);
  assert.equal(o.spec!.replicas, 1);
  assert.equal(o.spec!.template!.spec!.dnsPolicy, "ClusterFirst");
  assert.deepEqual(replicasets.validate!(o), []);
});

test("ReplicaSet: validation and immutable selector", () => {
  const o = rs();
  o.spec!.template!.metadata!.labels = { tier: "backend" };
  o.spec!.minReadySeconds = -5;
  assert.deepEqual(replicasets.validate!(o).map(errorString), [
    "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0",
    'spec.template.metadata.labels: Invalid value: {"tier":"backend"}: `selector` does not match template `labels`',
  ]);
  const changed = rs();
  changed.spec!.selector = { matchLabels: { tier: "frontend", app: "x" } };
  changed.spec!.template!.metadata!.labels = { tier: "frontend", app: "x" };
  assert.deepEqual(
    replicasets.validateUpdate!(changed, rs()).map((e) => `${e.field}: ${e.detail}`),
    ["spec.selector: field is immutable"],
  );
});

test("ReplicaSet: status on create, field selector status.replicas, columns", () => {
  const o = rs();
  replicasets.prepareForCreate!(o);
  assert.deepEqual(o.status, { replicas: 0 });
  assert.equal(replicasets.fieldSelectors!["status.replicas"](o), "0");
  o.status = { replicas: 3, readyReplicas: 2 };
  o.spec!.replicas = 3;
  o.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const now = Date.parse("2024-01-03T00:00:00Z");
  const cols = replicasets.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "DESIRED", "CURRENT", "READY", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(o, now)),
    [
      "frontend",
      3,
      3,
      2,
      "2d",
      "php-redis",
      "us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5",
      "tier=frontend",
    ],
  );
  assert.equal(replicasets.fieldSelectors!["status.replicas"](o), "3");
  assert.deepEqual(replicasets.scale?.labelSelectorPath, ".spec.selector");
  assert.deepEqual(replicasets.shortNames, ["rs"]);
});
