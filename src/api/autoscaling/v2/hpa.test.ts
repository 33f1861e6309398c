import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { registerSchemaKinds } from "../../apps/v1/test-support.js";
import { HorizontalPodAutoscaler } from "./types.js";
import { horizontalpodautoscalers as hpas, applyHPADefaults, formatHPAMetrics, quantitySign } from "./hpa.js";

registerSchemaKinds();

type H = Parameters<NonNullable<typeof hpas.validate>>[0];
/** The php-apache HPA from the Kubernetes docs' walkthrough, as JSON. */
const phpApache = (): H => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "php-apache" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "php-apache" },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
      },
    ],
  },
});
const errors = (h: H) => hpas.validate!(h).map(errorString);

test("HPA v2: schema, clean validation, shortName and category", () => {
  const h = phpApache();
  applyHPADefaults(h);
  assert.deepEqual(
    [...Value.Errors(HorizontalPodAutoscaler, h)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  assert.equal(Value.Check(HorizontalPodAutoscaler, { ...h, spec: { ...h.spec, minReplica: 1 } }), false);
  assert.deepEqual(errors(h), []);
  assert.deepEqual(hpas.shortNames, ["hpa"]);
  assert.deepEqual(hpas.categories, ["all"]);
});

test("HPA v2 defaults: minReplicas, the CPU metric, behavior filled only when given", () => {
  const bare = {
    metadata: { name: "x" },
    spec: { scaleTargetRef: { kind: "Deployment", name: "x" }, maxReplicas: 3 },
  } as H;
  applyHPADefaults(bare);
  assert.equal(bare.spec!.minReplicas, 1);
  assert.deepEqual(bare.spec!.metrics, [
    { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
  ]);
  assert.equal(bare.spec!.behavior, undefined);
  const withBehavior = phpApache();
  withBehavior.spec!.behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
  applyHPADefaults(withBehavior);
  assert.deepEqual(withBehavior.spec!.behavior, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [
        { type: "Pods", value: 4, periodSeconds: 15 },
        { type: "Percent", value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      selectPolicy: "Max",
      policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
      stabilizationWindowSeconds: 60,
    },
  });
});

test("HPA v2 validation messages", () => {
  const cases: [(h: H) => void, string][] = [
    [
      (h) => (h.spec!.minReplicas = 0),
      "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
    ],
    [(h) => (h.spec!.maxReplicas = 0), "spec.maxReplicas: Invalid value: 0: must be greater than 0"],
    [
      (h) => (h.spec!.minReplicas = 20),
      "spec.maxReplicas: Invalid value: 10: must be greater than or equal to `minReplicas`",
    ],
    [(h) => (h.spec!.scaleTargetRef.name = ""), "spec.scaleTargetRef.name: Required value"],
    [
      (h) => (h.spec!.scaleTargetRef.kind = "a/b"),
      "spec.scaleTargetRef.kind: Invalid value: \"a/b\": may not contain '/'",
    ],
    [
      (h) => (h.spec!.metrics![0].resource!.target.averageUtilization = 0),
      "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
    ],
    [
      (h) => (h.spec!.metrics![0].resource!.target = { type: "Utilization" }),
      "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization",
    ],
    [
      (h) =>
        (h.spec!.metrics = [
          {
            type: "Pods",
            pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "0" } },
          },
        ]),
      'spec.metrics[0].pods.target.averageValue: Invalid value: "0": must be positive',
    ],
    [
      (h) => (h.spec!.metrics = [{ type: "External" }]),
      "spec.metrics[0].external: Required value: must populate information for the given metric source",
    ],
    [
      (h) =>
        (h.spec!.behavior = { scaleUp: { policies: [{ type: "Pods", value: 0, periodSeconds: 3600 }] } }),
      "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800",
    ],
    [
      (h) => (h.spec!.behavior = { scaleDown: { selectPolicy: "Average", policies: [] } }),
      'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Average": supported values: "Disabled", "Max", "Min"',
    ],
  ];
  for (const [mutate, want] of cases) {
    const h = phpApache();
    mutate(h);
    assert.ok(errors(h).includes(want), `want ${want}, got ${JSON.stringify(errors(h))}`);
  }
  // minReplicas 0 stays allowed for an HPA that already has it.
  const zero = phpApache();
  zero.spec!.minReplicas = 0;
  zero.spec!.metrics = [
    { type: "External", external: { metric: { name: "queue" }, target: { type: "Value", value: "30" } } },
  ];
  assert.deepEqual(hpas.validateUpdate!(zero, zero), []);
});

test("quantity signs", () => {
  assert.equal(quantitySign("100m"), 1);
  assert.equal(quantitySign("0Mi"), 0);
  assert.equal(quantitySign("-1"), -1);
  assert.equal(quantitySign(0.5), 1);
});

test("HPA columns: TARGETS as kubectl shows them", () => {
  const h = phpApache();
  h.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const now = Date.parse("2024-01-01T00:02:00Z");
  const cols = hpas.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(h, now)),
    ["php-apache", "Deployment/php-apache", "cpu: <unknown>/50%", "1", 10, 0, "2m"],
  );
  h.status = {
    currentReplicas: 4,
    desiredReplicas: 4,
    currentMetrics: [
      {
        type: "Resource",
        resource: { name: "cpu", current: { averageUtilization: 250, averageValue: "500m" } },
      },
    ],
  };
  assert.equal(cols[2].cell(h, now), "cpu: 250%/50%");
  assert.equal(cols[5].cell(h, now), 4);
  assert.equal(
    formatHPAMetrics(
      [
        {
          type: "Pods",
          pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "1k" } },
        },
        {
          type: "Object",
          object: {
            describedObject: { kind: "Ingress", name: "main" },
            metric: { name: "rps" },
            target: { type: "AverageValue", averageValue: "10" },
          },
        },
        {
          type: "Resource",
          resource: { name: "memory", target: { type: "AverageValue", averageValue: "100Mi" } },
        },
      ],
      [{ type: "Pods", pods: { metric: { name: "qps" }, current: { averageValue: "250" } } }],
    ),
    "250/1k, <unknown>/10 (avg) + 1 more...",
  );
  assert.equal(formatHPAMetrics([], []), "<none>");
});
