import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { registerSchemaKinds } from "../../apps/v1/test-support.js";
import { HorizontalPodAutoscaler, Scale } from "./types.js";
import { horizontalpodautoscalers as hpas, applyHPAv1Defaults } from "./hpa.js";
import { hpaV1ToV2, hpaV2ToV1, metricSpecsAnnotation, metricStatusesAnnotation } from "./conversion.js";
import { validateScale } from "./scale.js";
import type { HorizontalPodAutoscaler as V2 } from "../v2/types.js";

registerSchemaKinds();

type H = Parameters<NonNullable<typeof hpas.validate>>[0];
/** What `kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10` sends with autoscaling/v1. */
const v1 = (): H => ({
  apiVersion: "autoscaling/v1",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "php-apache", namespace: "default" },
  spec: {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "php-apache" },
    minReplicas: 1,
    maxReplicas: 10,
    targetCPUUtilizationPercentage: 50,
  },
});

test("HPA v1: schema (older shape), defaults, validation via the v2 rules", () => {
  const h = v1();
  assert.equal(Value.Check(HorizontalPodAutoscaler, h), true);
  assert.equal(Value.Check(HorizontalPodAutoscaler, { ...h, spec: { ...h.spec, metrics: [] } }), false);
  const bare = v1();
  delete bare.spec!.targetCPUUtilizationPercentage;
  delete bare.spec!.minReplicas;
  applyHPAv1Defaults(bare);
  assert.equal(bare.spec!.minReplicas, 1);
  assert.equal(bare.spec!.targetCPUUtilizationPercentage, 80);
  assert.deepEqual(hpas.validate!(v1()), []);
  const zero = v1();
  zero.spec!.targetCPUUtilizationPercentage = 0;
  assert.deepEqual(hpas.validate!(zero).map(errorString), [
    "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
  ]);
  hpas.prepareForCreate!(zero);
  assert.deepEqual(zero.status, { currentReplicas: 0, desiredReplicas: 0 });
});

test("HPA v1 <-> v2: CPU target, other metrics and statuses in annotations, round trip", () => {
  const two: V2 = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", annotations: { team: "a" } },
    spec: {
      scaleTargetRef: { kind: "Deployment", name: "web" },
      minReplicas: 2,
      maxReplicas: 8,
      metrics: [
        {
          type: "Pods",
          pods: { metric: { name: "qps" }, target: { type: "AverageValue", averageValue: "1k" } },
        },
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 60 } },
        },
      ],
    },
    status: {
      currentReplicas: 3,
      desiredReplicas: 3,
      currentMetrics: [
        { type: "Pods", pods: { metric: { name: "qps" }, current: { averageValue: "900" } } },
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: 40, averageValue: "200m" } },
        },
      ],
    },
  };
  const one = hpaV2ToV1(two);
  assert.equal(one.spec!.targetCPUUtilizationPercentage, 60);
  assert.equal(one.status!.currentCPUUtilizationPercentage, 40);
  assert.deepEqual(JSON.parse(one.metadata!.annotations![metricSpecsAnnotation]), [
    { type: "Pods", pods: { metricName: "qps", targetAverageValue: "1k" } },
  ]);
  assert.ok(one.metadata!.annotations![metricStatusesAnnotation]);
  assert.equal(one.metadata!.annotations!.team, "a");
  const back = hpaV1ToV2(one);
  assert.deepEqual(back.metadata?.annotations, { team: "a" });
  assert.deepEqual(back.spec!.metrics, two.spec!.metrics);
  assert.deepEqual(back.status!.currentMetrics, two.status!.currentMetrics);
});

test("HPA v1 columns go through the v2 shape", () => {
  const h = v1();
  h.status = { currentReplicas: 2, desiredReplicas: 2, currentCPUUtilizationPercentage: 75 };
  h.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const cells = hpas.printerColumns!.map((c) => c.cell(h, Date.parse("2024-01-01T00:00:10Z")));
  assert.deepEqual(cells, ["php-apache", "Deployment/php-apache", "cpu: 75%/50%", "1", 10, 2, "10s"]);
});

test("Scale: schema and replicas rule", () => {
  const scale = {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name: "demo", namespace: "default" },
    spec: { replicas: 4 },
    status: { replicas: 2, selector: "app=demo" },
  };
  assert.equal(Value.Check(Scale, scale), true);
  assert.deepEqual(validateScale(scale), []);
  assert.deepEqual(validateScale({ ...scale, spec: { replicas: -1 } }).map(errorString), [
    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
  ]);
});
