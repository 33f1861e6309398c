import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { DaemonSet } from "./types.js";
import { daemonsets, applyDaemonSetDefaults, templateGenerationAnnotation } from "./daemonset.js";
import { registerSchemaKinds } from "./test-support.js";

registerSchemaKinds();

type DS = Parameters<NonNullable<typeof daemonsets.validate>>[0];
/** The fluentd DaemonSet from the Kubernetes docs (controllers/daemonset.yaml), trimmed. */
const ds = (): DS => {
  const o = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: {
      name: "fluentd-elasticsearch",
      namespace: "kube-system",
      labels: { "k8s-app": "fluentd-logging" },
    },
    spec: {
      selector: { matchLabels: { name: "fluentd-elasticsearch" } },
      template: {
        metadata: { labels: { name: "fluentd-elasticsearch" } },
        spec: {
          tolerations: [
            { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
          ],
          nodeSelector: { "kubernetes.io/os": "linux" },
          containers: [
            {
              name: "fluentd-elasticsearch",
              image: "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
              resources: { limits: { memory: "200Mi" }, requests: { cpu: "100m", memory: "200Mi" } },
              volumeMounts: [{ name: "varlog", mountPath: "/var/log" }],
            },
          ],
          terminationGracePeriodSeconds: 30,
          volumes: [{ name: "varlog", hostPath: { path: "/var/log" } }],
        },
      },
    },
  } as DS;
  applyDaemonSetDefaults(o);
  return o;
};

test("DaemonSet: schema, defaults, clean validation", () => {
  const o = ds();
  assert.deepEqual(
    [...Value.Errors(DaemonSet, o)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  assert.deepEqual(o.spec!.updateStrategy, {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
  });
  assert.equal(o.spec!.revisionHistoryLimit, 10);
  assert.deepEqual(daemonsets.validate!(o), []);
});

test("DaemonSet: rolling update rules", () => {
  const both = ds();
  both.spec!.updateStrategy!.rollingUpdate = { maxUnavailable: 1, maxSurge: 1 };
  assert.deepEqual(daemonsets.validate!(both).map(errorString), [
    "spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero",
  ]);
  const none = ds();
  none.spec!.updateStrategy!.rollingUpdate = { maxUnavailable: 0, maxSurge: "0%" };
  assert.deepEqual(daemonsets.validate!(none).map(errorString), [
    "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
  ]);
  const unknown = ds();
  unknown.spec!.updateStrategy = { type: "Always" };
  assert.deepEqual(daemonsets.validate!(unknown).map(errorString), [
    'spec.updateStrategy: Unsupported value: {"Type":"Always","RollingUpdate":null}: supported values: "RollingUpdate", "OnDelete"',
  ]);
});

test("DaemonSet: template generation annotation starts at 1 and follows template changes", () => {
  const o = ds();
  daemonsets.prepareForCreate!(o);
  assert.equal(o.metadata.annotations![templateGenerationAnnotation], "1");
  assert.deepEqual(o.status, {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
  });
  const labelsOnly = ds();
  labelsOnly.metadata.labels = { x: "y" };
  daemonsets.prepareForUpdate!(labelsOnly, o);
  assert.equal(labelsOnly.metadata.annotations![templateGenerationAnnotation], "1");
  const newImage = ds();
  newImage.spec!.template.spec!.containers[0].image = "quay.io/fluentd_elasticsearch/fluentd:v2.6.0";
  daemonsets.prepareForUpdate!(newImage, o);
  assert.equal(newImage.metadata.annotations![templateGenerationAnnotation], "2");
});

test("DaemonSet: selector immutable, columns", () => {
  const changed = ds();
  changed.spec!.selector = { matchLabels: { name: "fluentd-elasticsearch", v: "2" } };
  changed.spec!.template.metadata!.labels = { name: "fluentd-elasticsearch", v: "2" };
  assert.ok(
    daemonsets.validateUpdate!(changed, ds()).some(
      (e) => e.field === "spec.selector" && e.detail === "field is immutable",
    ),
  );
  const o = ds();
  o.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  o.status = {
    desiredNumberScheduled: 3,
    currentNumberScheduled: 3,
    numberReady: 2,
    updatedNumberScheduled: 3,
    numberAvailable: 2,
    numberMisscheduled: 0,
  };
  const cols = daemonsets.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    [
      "NAME",
      "DESIRED",
      "CURRENT",
      "READY",
      "UP-TO-DATE",
      "AVAILABLE",
      "NODE SELECTOR",
      "AGE",
      "CONTAINERS",
      "IMAGES",
      "SELECTOR",
    ],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(o, Date.parse("2024-01-01T03:00:00Z"))),
    [
      "fluentd-elasticsearch",
      3,
      3,
      2,
      3,
      2,
      "kubernetes.io/os=linux",
      "3h",
      "fluentd-elasticsearch",
      "quay.io/fluentd_elasticsearch/fluentd:v2.5.2",
      "name=fluentd-elasticsearch",
    ],
  );
  o.spec!.template.spec!.nodeSelector = undefined;
  assert.equal(cols[6].cell(o, 0), "<none>");
});
