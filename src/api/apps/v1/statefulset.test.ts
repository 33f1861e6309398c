import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { StatefulSet } from "./types.js";
import { statefulsets, applyStatefulSetDefaults } from "./statefulset.js";
import { registerSchemaKinds } from "./test-support.js";

registerSchemaKinds();

type SS = Parameters<NonNullable<typeof statefulsets.validate>>[0];
/** The StatefulSet from the Kubernetes docs (application/web/web.yaml), as JSON. */
const web = (): SS => ({
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "web" },
  spec: {
    serviceName: "nginx",
    replicas: 2,
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: {
        containers: [
          {
            name: "nginx",
            image: "registry.k8s.io/nginx-slim:0.21",
            ports: [{ containerPort: 80, name: "web" }],
            volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }],
          },
        ],
      },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: "www" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      },
    ],
  },
});
const defaulted = () => {
  const o = web();
  applyStatefulSetDefaults(o);
  return o;
};

test("StatefulSet: the docs' manifest passes the schema and validation after defaults", () => {
  const o = defaulted();
  assert.deepEqual(
    [...Value.Errors(StatefulSet, o)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  assert.deepEqual(statefulsets.validate!(o).map(errorString), []);
  assert.equal(
    Value.Check(StatefulSet, { ...web(), spec: { ...web().spec, podManagmentPolicy: "Parallel" } }),
    false,
  );
});

test("StatefulSet defaults", () => {
  const s = defaulted().spec!;
  assert.equal(s.podManagementPolicy, "OrderedReady");
  assert.deepEqual(s.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
  assert.deepEqual(s.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
  assert.equal(s.revisionHistoryLimit, 10);
  assert.equal(s.replicas, 2);
  assert.equal(s.template.spec!.schedulerName, "default-scheduler");
  assert.equal(s.volumeClaimTemplates![0].spec!.volumeMode, "Filesystem");
  assert.deepEqual(s.volumeClaimTemplates![0].status, { phase: "Pending" });
  const onDelete = web();
  onDelete.spec!.updateStrategy = { type: "OnDelete" };
  applyStatefulSetDefaults(onDelete);
  assert.deepEqual(onDelete.spec!.updateStrategy, { type: "OnDelete" });
});

test("StatefulSet validation", () => {
  const cases: [(s: SS) => void, string][] = [
    [
      (s) => (s.spec!.podManagementPolicy = "Random"),
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
    ],
    [
      (s) => (s.spec!.updateStrategy = { type: "OnDelete", rollingUpdate: { partition: 1 } }),
      'spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":1,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\'',
    ],
    [
      (s) => (s.spec!.updateStrategy!.rollingUpdate!.partition = -1),
      "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
    ],
    [
      (s) => (s.spec!.persistentVolumeClaimRetentionPolicy!.whenScaled = "Keep"),
      'spec.persistentVolumeClaimRetentionPolicy.whenScaled: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ],
    [
      (s) => (s.spec!.template.metadata!.labels = { app: "other" }),
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    ],
    [
      (s) => (s.spec!.selector = {}),
      "spec.selector: Invalid value: {}: empty selector is invalid for statefulset",
    ],
    [
      (s) => (s.spec!.template.spec!.restartPolicy = "OnFailure"),
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ],
    [
      (s) => (s.spec!.ordinals = { start: -1 }),
      "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
    ],
  ];
  for (const [mutate, want] of cases) {
    const s = defaulted();
    mutate(s);
    const got = statefulsets.validate!(s).map(errorString);
    assert.ok(got.includes(want), `want ${want}, got ${JSON.stringify(got)}`);
  }
});

test("StatefulSet update: only replicas, template, updateStrategy, ordinals, retention and minReadySeconds change", () => {
  const old = defaulted();
  const ok = defaulted();
  ok.spec!.replicas = 5;
  ok.spec!.template.spec!.containers[0].image = "registry.k8s.io/nginx-slim:0.22";
  ok.spec!.minReadySeconds = 3;
  assert.deepEqual(statefulsets.validateUpdate!(ok, old), []);
  const bad = defaulted();
  bad.spec!.serviceName = "other";
  assert.deepEqual(statefulsets.validateUpdate!(bad, old).map(errorString), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
});

test("StatefulSet: DNS-label names, status on create, columns", () => {
  assert.deepEqual(statefulsets.nameValidator!("web.v1", false).length > 0, true);
  assert.deepEqual(statefulsets.nameValidator!("web", false), []);
  const s = defaulted();
  statefulsets.prepareForCreate!(s);
  assert.deepEqual(s.status, { replicas: 0, availableReplicas: 0 });
  s.status = { replicas: 2, readyReplicas: 1 };
  s.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const cols = statefulsets.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(s, Date.parse("2024-01-01T00:00:30Z"))),
    ["web", "1/2", "30s", "nginx", "registry.k8s.io/nginx-slim:0.21"],
  );
  assert.deepEqual(statefulsets.shortNames, ["sts"]);
  assert.equal(statefulsets.scale?.specReplicasPath, ".spec.replicas");
});
