// autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler conversion, as upstream's
// pkg/apis/autoscaling/v1/conversion.go: v1 has only targetCPUUtilizationPercentage, so every other
// metric, the metric statuses and the conditions travel in annotations.
import type { HorizontalPodAutoscaler as HPAv2, MetricSpec, MetricStatus } from "../v2/types.js";
import { defaultCPUUtilization } from "../v2/hpa.js";
import type { HorizontalPodAutoscaler as HPAv1 } from "./types.js";
import { clone } from "../../validation/fieldrules.js";

export const metricSpecsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
export const metricStatusesAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
export const conditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";

type Json = Record<string, any>;

function isCPUUtilization(m: MetricSpec): boolean {
  return (
    m.type === "Resource" && m.resource?.name === "cpu" && m.resource.target.averageUtilization !== undefined
  );
}

function metricSpecToV1(m: MetricSpec): Json {
  const out: Json = { type: m.type };
  if (m.object)
    out.object = {
      target: m.object.describedObject,
      metricName: m.object.metric.name,
      targetValue: m.object.target.value ?? "0",
      ...(m.object.metric.selector && { selector: m.object.metric.selector }),
      ...(m.object.target.averageValue !== undefined && { averageValue: m.object.target.averageValue }),
    };
  if (m.pods)
    out.pods = {
      metricName: m.pods.metric.name,
      targetAverageValue: m.pods.target.averageValue ?? "0",
      ...(m.pods.metric.selector && { selector: m.pods.metric.selector }),
    };
  for (const f of ["resource", "containerResource"] as const) {
    const src = m[f];
    if (src)
      out[f] = {
        name: src.name,
        ...(f === "containerResource" && { container: m.containerResource!.container }),
        ...(src.target.averageUtilization !== undefined && {
          targetAverageUtilization: src.target.averageUtilization,
        }),
        ...(src.target.averageValue !== undefined && { targetAverageValue: src.target.averageValue }),
      };
  }
  if (m.external)
    out.external = {
      metricName: m.external.metric.name,
      ...(m.external.metric.selector && { metricSelector: m.external.metric.selector }),
      ...(m.external.target.value !== undefined && { targetValue: m.external.target.value }),
      ...(m.external.target.averageValue !== undefined && {
        targetAverageValue: m.external.target.averageValue,
      }),
    };
  return out;
}

function metricSpecFromV1(m: Json): MetricSpec {
  const out: Json = { type: m.type };
  if (m.object)
    out.object = {
      describedObject: m.object.target,
      metric: { name: m.object.metricName, ...(m.object.selector && { selector: m.object.selector }) },
      target: {
        type: m.object.averageValue === undefined ? "Value" : "AverageValue",
        value: m.object.targetValue,
        ...(m.object.averageValue !== undefined && { averageValue: m.object.averageValue }),
      },
    };
  if (m.pods)
    out.pods = {
      metric: { name: m.pods.metricName, ...(m.pods.selector && { selector: m.pods.selector }) },
      target: { type: "AverageValue", averageValue: m.pods.targetAverageValue },
    };
  for (const f of ["resource", "containerResource"] as const) {
    const src = m[f];
    if (src)
      out[f] = {
        name: src.name,
        ...(f === "containerResource" && { container: src.container }),
        target: {
          type: src.targetAverageUtilization === undefined ? "AverageValue" : "Utilization",
          ...(src.targetAverageUtilization !== undefined && {
            averageUtilization: src.targetAverageUtilization,
          }),
          ...(src.targetAverageValue !== undefined && { averageValue: src.targetAverageValue }),
        },
      };
  }
  if (m.external)
    out.external = {
      metric: {
        name: m.external.metricName,
        ...(m.external.metricSelector && { selector: m.external.metricSelector }),
      },
      target: {
        type: m.external.targetValue === undefined ? "AverageValue" : "Value",
        ...(m.external.targetValue !== undefined && { value: m.external.targetValue }),
        ...(m.external.targetAverageValue !== undefined && { averageValue: m.external.targetAverageValue }),
      },
    };
  return out as MetricSpec;
}

function metricStatusToV1(m: MetricStatus): Json {
  const out: Json = { type: m.type };
  if (m.object)
    out.object = {
      target: m.object.describedObject,
      metricName: m.object.metric.name,
      currentValue: m.object.current.value ?? "0",
      ...(m.object.metric.selector && { selector: m.object.metric.selector }),
      ...(m.object.current.averageValue !== undefined && { averageValue: m.object.current.averageValue }),
    };
  if (m.pods)
    out.pods = {
      metricName: m.pods.metric.name,
      currentAverageValue: m.pods.current.averageValue ?? "0",
      ...(m.pods.metric.selector && { selector: m.pods.metric.selector }),
    };
  for (const f of ["resource", "containerResource"] as const) {
    const src = m[f];
    if (src)
      out[f] = {
        name: src.name,
        ...(f === "containerResource" && { container: m.containerResource!.container }),
        ...(src.current.averageUtilization !== undefined && {
          currentAverageUtilization: src.current.averageUtilization,
        }),
        currentAverageValue: src.current.averageValue ?? "0",
      };
  }
  if (m.external)
    out.external = {
      metricName: m.external.metric.name,
      ...(m.external.metric.selector && { metricSelector: m.external.metric.selector }),
      currentValue: m.external.current.value ?? "0",
      ...(m.external.current.averageValue !== undefined && {
        currentAverageValue: m.external.current.averageValue,
      }),
    };
  return out;
}

function metricStatusFromV1(m: Json): MetricStatus {
  const out: Json = { type: m.type };
  if (m.object)
    out.object = {
      describedObject: m.object.target,
      metric: { name: m.object.metricName, ...(m.object.selector && { selector: m.object.selector }) },
      current: {
        value: m.object.currentValue,
        ...(m.object.averageValue !== undefined && { averageValue: m.object.averageValue }),
      },
    };
  if (m.pods)
    out.pods = {
      metric: { name: m.pods.metricName, ...(m.pods.selector && { selector: m.pods.selector }) },
      current: { averageValue: m.pods.currentAverageValue },
    };
  for (const f of ["resource", "containerResource"] as const) {
    const src = m[f];
    if (src)
      out[f] = {
        name: src.name,
        ...(f === "containerResource" && { container: src.container }),
        current: {
          averageValue: src.currentAverageValue,
          ...(src.currentAverageUtilization !== undefined && {
            averageUtilization: src.currentAverageUtilization,
          }),
        },
      };
  }
  if (m.external)
    out.external = {
      metric: {
        name: m.external.metricName,
        ...(m.external.metricSelector && { selector: m.external.metricSelector }),
      },
      current: {
        value: m.external.currentValue,
        ...(m.external.currentAverageValue !== undefined && { averageValue: m.external.currentAverageValue }),
      },
    };
  return out as MetricStatus;
}

function parseAnnotation(annotations: Record<string, string>, key: string): Json[] | undefined {
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  delete annotations[key];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? (v as Json[]) : [];
  } catch {
    return [];
  }
}

/** Convert_v1_HorizontalPodAutoscaler_To_autoscaling: the v1 object in the v2 shape. */
export function hpaV1ToV2(h: HPAv1): HPAv2 {
  const metadata = clone(h.metadata ?? {});
  const annotations = { ...(metadata.annotations ?? {}) };
  const other = parseAnnotation(annotations, metricSpecsAnnotation)?.map(metricSpecFromV1) ?? [];
  const current = parseAnnotation(annotations, metricStatusesAnnotation);
  const conditions = parseAnnotation(annotations, conditionsAnnotation);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  const spec = h.spec;
  const metrics: MetricSpec[] = [...other];
  const cpu = spec?.targetCPUUtilizationPercentage;
  if (cpu !== undefined)
    metrics.push({
      type: "Resource",
      resource: { name: "cpu", target: { type: "Utilization", averageUtilization: cpu } },
    });
  // v1 had an implicit CPU target in the controller; the conversion makes it explicit.
  if (metrics.length === 0)
    metrics.push({
      type: "Resource",
      resource: { name: "cpu", target: { type: "Utilization", averageUtilization: defaultCPUUtilization } },
    });
  const out: HPAv2 = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata,
    spec: {
      scaleTargetRef: clone(spec?.scaleTargetRef ?? { kind: "", name: "" }),
      ...(spec?.minReplicas !== undefined && { minReplicas: spec.minReplicas }),
      maxReplicas: spec?.maxReplicas ?? 0,
      metrics,
    },
  };
  if (h.status) {
    const s = h.status;
    let currentMetrics: MetricStatus[] | undefined = current?.map(metricStatusFromV1);
    if (!currentMetrics && s.currentCPUUtilizationPercentage !== undefined)
      currentMetrics = [
        {
          type: "Resource",
          resource: { name: "cpu", current: { averageUtilization: s.currentCPUUtilizationPercentage } },
        },
      ];
    out.status = {
      ...(s.observedGeneration !== undefined && { observedGeneration: s.observedGeneration }),
      ...(s.lastScaleTime !== undefined && { lastScaleTime: s.lastScaleTime }),
      ...(s.currentReplicas !== undefined && { currentReplicas: s.currentReplicas }),
      desiredReplicas: s.desiredReplicas ?? 0,
      ...(currentMetrics && { currentMetrics }),
      ...(conditions && { conditions: conditions as NonNullable<HPAv2["status"]>["conditions"] }),
    };
  }
  return out;
}

/** Convert_autoscaling_HorizontalPodAutoscaler_To_v1: the v2 object in the v1 shape. */
export function hpaV2ToV1(h: HPAv2): HPAv1 {
  const metadata = clone(h.metadata ?? {});
  const metrics = h.spec?.metrics ?? [];
  const cpu = metrics.find(isCPUUtilization);
  const other = metrics.filter((m) => !isCPUUtilization(m)).map(metricSpecToV1);
  const statusMetrics = h.status?.currentMetrics ?? [];
  const conditions = h.status?.conditions ?? [];
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
  if (other.length) annotations[metricSpecsAnnotation] = JSON.stringify(other);
  if (statusMetrics.length)
    annotations[metricStatusesAnnotation] = JSON.stringify(statusMetrics.map(metricStatusToV1));
  if (conditions.length) annotations[conditionsAnnotation] = JSON.stringify(conditions);
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const spec = h.spec;
  const out: HPAv1 = {
    apiVersion: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    metadata,
    spec: {
      scaleTargetRef: clone(spec?.scaleTargetRef ?? { kind: "", name: "" }),
      ...(spec?.minReplicas !== undefined && { minReplicas: spec.minReplicas }),
      maxReplicas: spec?.maxReplicas ?? 0,
      ...(cpu && { targetCPUUtilizationPercentage: cpu.resource!.target.averageUtilization }),
    },
  };
  if (h.status) {
    const s = h.status;
    const cpuStatus = statusMetrics.find(
      (m) =>
        m.type === "Resource" &&
        m.resource?.name === "cpu" &&
        m.resource.current.averageUtilization !== undefined,
    );
    out.status = {
      ...(s.observedGeneration !== undefined && { observedGeneration: s.observedGeneration }),
      ...(s.lastScaleTime !== undefined && { lastScaleTime: s.lastScaleTime }),
      currentReplicas: s.currentReplicas ?? 0,
      desiredReplicas: s.desiredReplicas ?? 0,
      ...(cpuStatus && { currentCPUUtilizationPercentage: cpuStatus.resource!.current.averageUtilization }),
    };
  }
  return out;
}
