import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { Deployment } from "./types.js";
import { deployments, applyDeploymentDefaults } from "./deployment.js";
import { registerSchemaKinds } from "./test-support.js";

registerSchemaKinds();

/** The Deployment from the Kubernetes docs (controllers/nginx-deployment.yaml), as JSON. */
const manifest = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "nginx-deployment", labels: { app: "nginx" } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.14.2", ports: [{ containerPort: 80 }] }] },
    },
  },
});
type D = Parameters<NonNullable<typeof deployments.validate>>[0];
const defaulted = (o: object = manifest()) => {
  const d = o as D;
  applyDeploymentDefaults(d);
  return d;
};
const errors = (d: D) => deployments.validate!(d).map(errorString);

test("the schema accepts a real Deployment, with status, and rejects unknown fields", () => {
  const live = {
    ...defaulted(),
    status: {
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        {
          type: "Available",
          status: "True",
          lastUpdateTime: "2024-05-01T10:00:00Z",
          lastTransitionTime: "2024-05-01T10:00:00Z",
          reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.",
        },
      ],
    },
  };
  assert.deepEqual(
    [...Value.Errors(Deployment, live)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  const typo = manifest();
  (typo.spec as Record<string, unknown>).replica = 3;
  assert.equal(Value.Check(Deployment, typo), false);
  const deepTypo = manifest();
  (deepTypo.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolicyy = "Always";
  assert.equal(Value.Check(Deployment, deepTypo), false);
});

test("schema metadata: ids, proto numbers, retainKeys on strategy", () => {
  const spec = Deployment.properties.spec;
  assert.equal(spec.$id, "io.k8s.api.apps.v1.DeploymentSpec");
  assert.deepEqual(spec.required, ["selector", "template"]);
  assert.equal(spec["x-proto"].progressDeadlineSeconds, 9);
  assert.equal(spec.properties.strategy["x-kubernetes-patch-strategy"], "retainKeys");
  const status = Deployment.properties.status;
  assert.equal(status.properties.conditions["x-kubernetes-list-type"], "map");
  assert.deepEqual(status.properties.conditions["x-kubernetes-list-map-keys"], ["type"]);
});

test("defaults: replicas, strategy 25%/25%, history, deadline, pod template", () => {
  const d = defaulted({
    metadata: { name: "x" },
    spec: {
      selector: { matchLabels: { a: "b" } },
      template: { metadata: { labels: { a: "b" } }, spec: { containers: [{ name: "c", image: "busybox" }] } },
    },
  });
  assert.equal(d.spec!.replicas, 1);
  assert.deepEqual(d.spec!.strategy, {
    type: "RollingUpdate",
    rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
  });
  assert.equal(d.spec!.revisionHistoryLimit, 10);
  assert.equal(d.spec!.progressDeadlineSeconds, 600);
  const pod = d.spec!.template.spec!;
  assert.equal(pod.restartPolicy, "Always");
  assert.equal(pod.containers[0].imagePullPolicy, "Always");
  assert.equal(pod.containers[0].terminationMessagePath, "/dev/termination-log");

  const recreate = defaulted({
    metadata: { name: "x" },
    spec: { replicas: 0, strategy: { type: "Recreate" } },
  });
  assert.deepEqual(recreate.spec!.strategy, { type: "Recreate" });
  assert.equal(recreate.spec!.replicas, 0);
  const partial = defaulted({
    metadata: { name: "x" },
    spec: { strategy: { rollingUpdate: { maxSurge: 1 } } },
  });
  assert.deepEqual(partial.spec!.strategy!.rollingUpdate, { maxSurge: 1, maxUnavailable: "25%" });
});

test("a valid Deployment has no errors", () => {
  assert.deepEqual(errors(defaulted()), []);
});

test("validation: selector/labels, replicas, strategy, deadlines, restart policy", () => {
  const cases: [string, (d: D) => void, string][] = [
    [
      "selector does not match",
      (d) => (d.spec!.template.metadata!.labels = { app: "other" }),
      'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
    ],
    [
      "negative replicas",
      (d) => (d.spec!.replicas = -1),
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    ],
    [
      "both zero",
      (d) => (d.spec!.strategy!.rollingUpdate = { maxUnavailable: 0, maxSurge: "0%" }),
      "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    ],
    [
      "over 100%",
      (d) => (d.spec!.strategy!.rollingUpdate!.maxUnavailable = "110%"),
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "110%": must not be greater than 100%',
    ],
    [
      "bad percent",
      (d) => (d.spec!.strategy!.rollingUpdate!.maxSurge = "5 percent"),
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"5 percent\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%' or '93%', regex used for validation is '[0-9]+%')",
    ],
    [
      "recreate with rollingUpdate",
      (d) => (d.spec!.strategy!.type = "Recreate"),
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    ],
    [
      "unknown strategy",
      (d) => (d.spec!.strategy = { type: "BlueGreen" }),
      'spec.strategy: Unsupported value: {"Type":"BlueGreen","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
    ],
    [
      "deadline not above minReadySeconds",
      (d) => (d.spec!.minReadySeconds = 600),
      "spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
    ],
    [
      "restart policy",
      (d) => (d.spec!.template.spec!.restartPolicy = "Never"),
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      "empty selector",
      (d) => (d.spec!.selector = {}),
      "spec.selector: Invalid value: {}: empty selector is invalid for deployment",
    ],
    [
      "activeDeadlineSeconds",
      (d) => (d.spec!.template.spec!.activeDeadlineSeconds = 5),
      "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    ],
  ];
  for (const [name, mutate, want] of cases) {
    const d = defaulted();
    mutate(d);
    assert.ok(errors(d).includes(want), `${name}: got ${JSON.stringify(errors(d))}`);
  }
});

test("the template's pod spec is validated", () => {
  const d = defaulted();
  d.spec!.template.spec!.containers = [];
  assert.ok(
    errors(d).some((e) => e.startsWith("spec.template.spec.containers: Required value")),
    JSON.stringify(errors(d)),
  );
});

test("update: the selector is immutable in apps/v1", () => {
  const old = defaulted();
  const d = defaulted();
  d.spec!.selector = { matchLabels: { app: "nginx", tier: "fe" } };
  d.spec!.template.metadata!.labels = { app: "nginx", tier: "fe" };
  const errs = deployments.validateUpdate!(d, old).map(errorString);
  assert.deepEqual(errs, [
    'spec.selector: Invalid value: {"matchLabels":{"app":"nginx","tier":"fe"}}: field is immutable',
  ]);
  const scaled = defaulted();
  scaled.spec!.replicas = 5;
  assert.deepEqual(deployments.validateUpdate!(scaled, old), []);
});

test("create resets status; update keeps the old status and bumps generation on annotation changes", () => {
  const d = { ...defaulted(), status: { replicas: 9 } } as D;
  deployments.prepareForCreate!(d);
  assert.deepEqual(d.status, {});
  const old = { ...defaulted(), status: { replicas: 3, readyReplicas: 3 } } as D;
  old.metadata.generation = 4;
  const upd = defaulted();
  upd.metadata.generation = 4;
  upd.status = { replicas: 99 };
  deployments.prepareForUpdate!(upd, old);
  assert.deepEqual(upd.status, { replicas: 3, readyReplicas: 3 });
  assert.equal(upd.metadata.generation, 4);
  const annotated = defaulted();
  annotated.metadata.generation = 4;
  annotated.metadata.annotations = { "kubernetes.io/change-cause": "x" };
  deployments.prepareForUpdate!(annotated, old);
  assert.equal(annotated.metadata.generation, 5);
});

test("resource registration: names, scale subresource, status, generation", () => {
  assert.equal(deployments.plural, "deployments");
  assert.deepEqual(deployments.shortNames, ["deploy"]);
  assert.deepEqual(deployments.categories, ["all"]);
  assert.deepEqual(deployments.scale, {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".spec.selector",
  });
  assert.equal(deployments.status, true);
  assert.equal(deployments.generation, true);
});

test("printer columns: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR", () => {
  const now = Date.parse("2024-05-01T10:05:00Z");
  const d = defaulted();
  d.metadata.creationTimestamp = "2024-05-01T10:00:00Z";
  d.spec!.template.spec!.containers.push({ name: "sidecar", image: "busybox:1.36" });
  d.status = { replicas: 3, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 };
  const cols = deployments.printerColumns!;
  assert.deepEqual(
    cols.map((c) => [c.name.toUpperCase(), c.priority]),
    [
      ["NAME", 0],
      ["READY", 0],
      ["UP-TO-DATE", 0],
      ["AVAILABLE", 0],
      ["AGE", 0],
      ["CONTAINERS", 1],
      ["IMAGES", 1],
      ["SELECTOR", 1],
    ],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(d, now)),
    ["nginx-deployment", "1/3", 2, 1, "5m", "nginx,sidecar", "nginx:1.14.2,busybox:1.36", "app=nginx"],
  );
  const fresh = defaulted();
  assert.equal(cols[1].cell(fresh, now), "0/3");
});
