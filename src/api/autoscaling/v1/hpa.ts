// autoscaling/v1 horizontalpodautoscalers: the older shape of the same objects (upstream stores them
// once, as autoscaling/v2; see conversion.ts). Validation and columns go through the v2 shape.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import type { FieldError } from "../../validation/field.js";
import { clone } from "../../validation/fieldrules.js";
import { validateHPASpec, hpaPrinterColumns, defaultCPUUtilization } from "../v2/hpa.js";
import { HorizontalPodAutoscaler, type HorizontalPodAutoscalerSpec } from "./types.js";
import { hpaV1ToV2, metricSpecsAnnotation } from "./conversion.js";

type HPAObject = HorizontalPodAutoscaler & KubeObject;

/**
 * SetDefaults_HorizontalPodAutoscaler (v1) sets minReplicas; the CPU target of 80% that upstream
 * adds while converting (when no other metric is given) is set here, so reads show it as upstream does.
 */
export function applyHPAv1Defaults(hpa: HPAObject): void {
  const spec = (hpa.spec ??= {} as HorizontalPodAutoscalerSpec);
  spec.minReplicas ??= 1;
  const others = hpa.metadata.annotations?.[metricSpecsAnnotation];
  const hasOthers = others !== undefined && others !== "[]" && others !== "null";
  if (spec.targetCPUUtilizationPercentage === undefined && !hasOthers)
    spec.targetCPUUtilizationPercentage = defaultCPUUtilization;
}

function validate(hpa: HPAObject, lowerBound = 1): FieldError[] {
  return validateHPASpec(hpaV1ToV2(hpa).spec, "spec", lowerBound);
}

export const horizontalpodautoscalers: ResourceType<HPAObject> = {
  group: "autoscaling",
  version: "v1",
  kind: "HorizontalPodAutoscaler",
  plural: "horizontalpodautoscalers",
  singular: "horizontalpodautoscaler",
  namespaced: true,
  shortNames: ["hpa"],
  categories: ["all"],
  schema: HorizontalPodAutoscaler,
  status: true,
  generation: true,
  defaults: applyHPAv1Defaults,
  prepareForCreate: (hpa) => {
    hpa.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  prepareForUpdate: (hpa, old) => {
    hpa.status = clone(old.status);
  },
  validate: (hpa) => validate(hpa),
  validateUpdate: (hpa, old) => validate(hpa, old.spec?.minReplicas === 0 ? 0 : 1),
  printerColumns: hpaPrinterColumns(
    (o: HPAObject) => hpaV1ToV2(o) as ReturnType<typeof hpaV1ToV2> & KubeObject,
  ),
};
