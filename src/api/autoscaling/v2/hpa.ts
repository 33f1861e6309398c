// autoscaling/v2 horizontalpodautoscalers (pkg/apis/autoscaling/v2/defaults.go,
// pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go, pkg/apis/autoscaling/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, forbidden, notSupported } from "../../validation/field.js";
import { isDNS1123Label } from "../../validation/names.js";
import { validateNonnegative, clone } from "../../validation/fieldrules.js";
import { nameColumn, ageColumn } from "../../apps/v1/columns.js";
import {
  HorizontalPodAutoscaler,
  type HorizontalPodAutoscalerSpec,
  type HPAScalingRules,
  type MetricSpec,
  type MetricStatus,
  type MetricTarget,
  type CrossVersionObjectReference,
} from "./types.js";

type HPAObject = HorizontalPodAutoscaler & KubeObject;
type Quantity = string | number;

/** autoscaling.DefaultCPUUtilization */
export const defaultCPUUtilization = 80;
export const maxPeriodSeconds = 1800;
export const maxStabilizationWindowSeconds = 3600;

const scaleUpDefaults = (): HPAScalingRules => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
});
// The scale-down window stays unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const scaleDownDefaults = (): HPAScalingRules => ({
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
});

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the defaults overridden by what the user set. */
function fillRules(from: HPAScalingRules | undefined, to: HPAScalingRules): HPAScalingRules {
  if (!from) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined)
    to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = from.policies;
  if (from.tolerance !== undefined) to.tolerance = from.tolerance;
  return to;
}

/** SetDefaults_HorizontalPodAutoscaler (v2). */
export function applyHPADefaults(hpa: HPAObject): void {
  const spec = (hpa.spec ??= {} as HorizontalPodAutoscalerSpec);
  spec.minReplicas ??= 1;
  if (!spec.metrics || spec.metrics.length === 0)
    spec.metrics = [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: defaultCPUUtilization } },
      },
    ];
  // Behavior is filled in only when the user gave one.
  if (spec.behavior) {
    spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, scaleUpDefaults());
    spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, scaleDownDefaults());
  }
}

/** resource.Quantity.Sign(): -1, 0 or 1 (unparsable counts as 0). */
export function quantitySign(q: Quantity | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === "number") return Math.sign(q);
  const m = /^([+-]?)([0-9]*\.?[0-9]*)/.exec(q.trim());
  if (!m || !/[0-9]/.test(m[2]) || Number(m[2]) === 0) return 0;
  return m[1] === "-" ? -1 : 1;
}

/** path.IsValidPathSegmentName */
function pathSegmentErrors(name: string): string[] {
  if (name === "." || name === "..") return [`may not be '${name}'`];
  for (const c of ["/", "%"]) if (name.includes(c)) return [`may not contain '${c}'`];
  return [];
}

/** ValidateCrossVersionObjectReference */
export function validateCrossVersionObjectReference(
  ref: Partial<CrossVersionObjectReference> | undefined,
  path: string,
) {
  const errs: FieldError[] = [];
  if (!ref?.kind) errs.push(required(`${path}.kind`));
  else for (const m of pathSegmentErrors(ref.kind)) errs.push(invalid(`${path}.kind`, ref.kind, m));
  if (!ref?.name) errs.push(required(`${path}.name`));
  else for (const m of pathSegmentErrors(ref.name)) errs.push(invalid(`${path}.name`, ref.name, m));
  return errs;
}

function validateMetricTarget(t: Partial<MetricTarget> | undefined, path: string): FieldError[] {
  const mt = t ?? {};
  const errs: FieldError[] = [];
  if (!mt.type) errs.push(required(`${path}.type`, "must specify a metric target type"));
  if (mt.type !== "Utilization" && mt.type !== "Value" && mt.type !== "AverageValue")
    errs.push(invalid(`${path}.type`, mt.type ?? "", "must be either Utilization, Value, or AverageValue"));
  if (mt.value !== undefined && quantitySign(mt.value) !== 1)
    errs.push(invalid(`${path}.value`, mt.value, "must be positive"));
  if (mt.averageValue !== undefined && quantitySign(mt.averageValue) !== 1)
    errs.push(invalid(`${path}.averageValue`, mt.averageValue, "must be positive"));
  if (mt.averageUtilization !== undefined && mt.averageUtilization < 1)
    errs.push(invalid(`${path}.averageUtilization`, mt.averageUtilization, "must be greater than 0"));
  return errs;
}

function validateMetricIdentifier(id: { name?: string } | undefined, path: string): FieldError[] {
  if (!id?.name) return [required(`${path}.name`, "must specify a metric name")];
  return pathSegmentErrors(id.name).map((m) => invalid(`${path}.name`, id.name, m));
}

const metricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const sourceField: Record<string, keyof MetricSpec> = {
  Object: "object",
  Pods: "pods",
  Resource: "resource",
  External: "external",
  ContainerResource: "containerResource",
};

function validateSource(spec: MetricSpec, field: string, path: string): FieldError[] {
  const p = `${path}.${field}`;
  const errs: FieldError[] = [];
  switch (field) {
    case "object": {
      const src = spec.object!;
      errs.push(...validateCrossVersionObjectReference(src.describedObject, `${p}.describedObject`));
      errs.push(...validateMetricIdentifier(src.metric, `${p}.metric`));
      errs.push(...validateMetricTarget(src.target, `${p}.target`));
      if (src.target?.value === undefined && src.target?.averageValue === undefined)
        errs.push(required(`${p}.target.averageValue`, "must set either a target value or averageValue"));
      break;
    }
    case "external": {
      const src = spec.external!;
      errs.push(...validateMetricIdentifier(src.metric, `${p}.metric`));
      errs.push(...validateMetricTarget(src.target, `${p}.target`));
      if (src.target?.value === undefined && src.target?.averageValue === undefined)
        errs.push(
          required(
            `${p}.target.averageValue`,
            "must set either a target value for metric or a per-pod target",
          ),
        );
      if (src.target?.value !== undefined && src.target?.averageValue !== undefined)
        errs.push(
          forbidden(`${p}.target.value`, "may not set both a target value for metric and a per-pod target"),
        );
      break;
    }
    case "pods": {
      const src = spec.pods!;
      errs.push(...validateMetricIdentifier(src.metric, `${p}.metric`));
      errs.push(...validateMetricTarget(src.target, `${p}.target`));
      if (src.target?.averageValue === undefined)
        errs.push(required(`${p}.target.averageValue`, "must specify a positive target averageValue"));
      break;
    }
    case "resource":
    case "containerResource": {
      const src = (field === "resource" ? spec.resource : spec.containerResource) as {
        name?: string;
        container?: string;
        target?: MetricTarget;
      };
      if (!src.name) errs.push(required(`${p}.name`, "must specify a resource name"));
      if (field === "containerResource") {
        if (!src.container) errs.push(required(`${p}.container`, "must specify a container"));
        else
          for (const m of isDNS1123Label(src.container))
            errs.push(invalid(`${p}.container`, src.container, m));
      }
      errs.push(...validateMetricTarget(src.target, `${p}.target`));
      if (src.target?.averageUtilization === undefined && src.target?.averageValue === undefined)
        errs.push(
          required(
            `${p}.target.averageUtilization`,
            "must set either a target raw value or a target utilization",
          ),
        );
      if (src.target?.averageUtilization !== undefined && src.target?.averageValue !== undefined)
        errs.push(
          forbidden(
            `${p}.target.averageValue`,
            "may not set both a target raw value and a target utilization",
          ),
        );
      break;
    }
  }
  return errs;
}

/** validateMetricSpec */
function validateMetricSpec(spec: MetricSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? "";
  if (!type) errs.push(required(`${path}.type`, "must specify a metric source type"));
  if (!metricSourceTypes.includes(type)) errs.push(notSupported(`${path}.type`, type, metricSourceTypes));
  const present: string[] = [];
  for (const f of ["object", "external", "pods", "resource", "containerResource"] as const)
    if (spec[f] !== undefined) {
      present.push(f);
      if (present.length === 1) errs.push(...validateSource(spec, f, path));
    }
  const expected = sourceField[type] as string | undefined;
  if (expected) {
    if (spec[expected as keyof MetricSpec] === undefined)
      errs.push(required(`${path}.${expected}`, "must populate information for the given metric source"));
  } else errs.push(notSupported(`${path}.type`, type, metricSourceTypes));
  if (present.length !== 1)
    for (const f of present)
      if (f !== expected) errs.push(forbidden(`${path}.${f}`, "must populate the given metric source only"));
  return errs;
}

function validateScalingRules(rules: HPAScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (w !== undefined && w < 0)
    errs.push(invalid(`${path}.stabilizationWindowSeconds`, w, "must be greater than or equal to zero"));
  if (w !== undefined && w > maxStabilizationWindowSeconds)
    errs.push(
      invalid(
        `${path}.stabilizationWindowSeconds`,
        w,
        `must be less than or equal to ${maxStabilizationWindowSeconds}`,
      ),
    );
  if (rules.selectPolicy !== undefined && !["Disabled", "Max", "Min"].includes(rules.selectPolicy))
    errs.push(notSupported(`${path}.selectPolicy`, rules.selectPolicy, ["Disabled", "Max", "Min"]));
  const policies = rules.policies ?? [];
  if (policies.length === 0) errs.push(required(`${path}.policies`, "must specify at least one Policy"));
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`;
    if (p.type !== "Pods" && p.type !== "Percent")
      errs.push(notSupported(`${pp}.type`, p.type, ["Percent", "Pods"]));
    if (p.value <= 0) errs.push(invalid(`${pp}.value`, p.value, "must be greater than zero"));
    if (p.periodSeconds <= 0)
      errs.push(invalid(`${pp}.periodSeconds`, p.periodSeconds, "must be greater than zero"));
    if (p.periodSeconds > maxPeriodSeconds)
      errs.push(
        invalid(`${pp}.periodSeconds`, p.periodSeconds, `must be less than or equal to ${maxPeriodSeconds}`),
      );
  });
  return errs;
}

/** validateHorizontalPodAutoscalerSpec; minReplicas may be 0 only where the object already had 0. */
export function validateHPASpec(
  spec: HorizontalPodAutoscalerSpec | undefined,
  path: string,
  minReplicasLowerBound = 1,
) {
  const s = spec ?? ({} as HorizontalPodAutoscalerSpec);
  const errs: FieldError[] = [];
  if (s.minReplicas !== undefined && s.minReplicas < minReplicasLowerBound)
    errs.push(
      invalid(
        `${path}.minReplicas`,
        s.minReplicas,
        `must be greater than or equal to ${minReplicasLowerBound}`,
      ),
    );
  const max = s.maxReplicas ?? 0;
  if (max < 1) errs.push(invalid(`${path}.maxReplicas`, max, "must be greater than 0"));
  if (s.minReplicas !== undefined && max < s.minReplicas)
    errs.push(invalid(`${path}.maxReplicas`, max, "must be greater than or equal to `minReplicas`"));
  errs.push(...validateCrossVersionObjectReference(s.scaleTargetRef, `${path}.scaleTargetRef`));
  const metrics = s.metrics ?? [];
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, `${path}.metrics[${i}]`)));
  if (s.minReplicas === 0 && !metrics.some((m) => m.type === "Object" || m.type === "External"))
    errs.push(
      forbidden(
        `${path}.metrics`,
        "must specify at least one Object or External metric to support scaling to zero replicas",
      ),
    );
  if (s.behavior) {
    errs.push(...validateScalingRules(s.behavior.scaleUp, `${path}.behavior.scaleUp`));
    errs.push(...validateScalingRules(s.behavior.scaleDown, `${path}.behavior.scaleDown`));
  }
  return errs;
}

/** ValidateHorizontalPodAutoscalerStatusUpdate's status part. */
export function validateHPAStatus(
  status: { currentReplicas?: number; desiredReplicas?: number } | undefined,
) {
  return [
    ...validateNonnegative(status?.currentReplicas, "status.currentReplicas"),
    ...validateNonnegative(status?.desiredReplicas, "status.desiredReplicas"),
  ];
}

const q = (v: Quantity | undefined) => (v === undefined ? "<unknown>" : String(v));

/** formatHPAMetrics: "cpu: 40%/80%, 12/100 (avg) + 1 more..." */
export function formatHPAMetrics(
  specs: MetricSpec[] | undefined,
  statuses: MetricStatus[] | undefined,
): string {
  const list = specs ?? [];
  const st = statuses ?? [];
  if (list.length === 0) return "<none>";
  const out = list.map((spec, i): string => {
    const s = st[i];
    switch (spec.type) {
      case "External":
        if (spec.external?.target.averageValue !== undefined)
          return `${q(s?.external?.current.averageValue)}/${q(spec.external.target.averageValue)} (avg)`;
        return `${s?.external ? q(s.external.current.value) : "<unknown>"}/${q(spec.external?.target.value)}`;
      case "Pods":
        return `${s?.pods ? q(s.pods.current.averageValue) : "<unknown>"}/${q(spec.pods?.target.averageValue)}`;
      case "Object":
        if (spec.object?.target.averageValue !== undefined)
          return `${q(s?.object?.current.averageValue)}/${q(spec.object.target.averageValue)} (avg)`;
        return `${s?.object ? q(s.object.current.value) : "<unknown>"}/${q(spec.object?.target.value)}`;
      case "Resource":
      case "ContainerResource": {
        const src = spec.type === "Resource" ? spec.resource : spec.containerResource;
        const cur = spec.type === "Resource" ? s?.resource : s?.containerResource;
        const name = src?.name ?? "";
        if (src?.target.averageValue !== undefined)
          return `${name}: ${cur ? q(cur.current.averageValue) : "<unknown>"}/${q(src.target.averageValue)}`;
        const current =
          cur?.current.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : "<unknown>";
        const target =
          src?.target.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : "<auto>";
        return `${name}: ${current}/${target}`;
      }
      default:
        return "<unknown type>";
    }
  });
  if (out.length > 2) return `${out.slice(0, 2).join(", ")} + ${out.length - 2} more...`;
  return out.join(", ");
}

/** The HPA columns; `asV2` presents the object in the v2 shape (identity here, a conversion for v1). */
export function hpaPrinterColumns(asV2: (o: any) => HPAObject) {
  return [
    nameColumn,
    {
      name: "Reference",
      type: "string" as const,
      description:
        "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
      priority: 0,
      cell: (o: unknown) => {
        const ref = asV2(o).spec?.scaleTargetRef;
        return `${ref?.kind ?? ""}/${ref?.name ?? ""}`;
      },
    },
    {
      name: "Targets",
      type: "string" as const,
      description:
        "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).",
      priority: 0,
      cell: (o: unknown) => {
        const h = asV2(o);
        return formatHPAMetrics(h.spec?.metrics, h.status?.currentMetrics);
      },
    },
    {
      name: "MinPods",
      type: "string" as const,
      description:
        "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.",
      priority: 0,
      cell: (o: unknown) => {
        const min = asV2(o).spec?.minReplicas;
        return min === undefined ? "<unset>" : String(min);
      },
    },
    {
      name: "MaxPods",
      type: "string" as const,
      description:
        "maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.",
      priority: 0,
      cell: (o: unknown) => asV2(o).spec?.maxReplicas ?? 0,
    },
    {
      name: "Replicas",
      type: "string" as const,
      description: "current number of replicas of pods managed by this autoscaler.",
      priority: 0,
      cell: (o: unknown) => asV2(o).status?.currentReplicas ?? 0,
    },
    ageColumn,
  ];
}

export const horizontalpodautoscalers: ResourceType<HPAObject> = {
  group: "autoscaling",
  version: "v2",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: HorizontalPodAutoscaler,
  status: true,
  generation: true,
  defaults: applyHPADefaults,
  prepareForCreate: (hpa) => {
    hpa.status = { desiredReplicas: 0 };
  },
  prepareForUpdate: (hpa, old) => {
    hpa.status = clone(old.status);
  },
  validate: (hpa) => validateHPASpec(hpa.spec, "spec"),
  // An object that already scales to zero may keep minReplicas 0.
  validateUpdate: (hpa, old) => validateHPASpec(hpa.spec, "spec", old.spec?.minReplicas === 0 ? 0 : 1),
  printerColumns: hpaPrinterColumns((o: HPAObject) => o),
};
