// apps/v1 deployments: defaults, strategy, validation and printer columns as upstream
// (pkg/apis/apps/v1/defaults.go, pkg/registry/apps/deployment/strategy.go, pkg/apis/apps/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, forbidden, notSupported } from "../../validation/field.js";
import { Deployment, type DeploymentSpec, type DeploymentStatus, type DeploymentStrategy } from "./types.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import { validateNonnegative, validateImmutable, semanticEqual, clone } from "../../validation/fieldrules.js";
import {
  validatePositiveIntOrPercent,
  intOrPercentValue,
  isNotMoreThan100Percent,
} from "../../validation/intorpercent.js";
import { validateReplicaSetSelectorAndTemplate } from "./template.js";
import { nameColumn, ageColumn, templateColumns } from "./columns.js";
import { validateReplicaCounts } from "./status.js";
import { labelSelectorValue } from "../../validation/labelselector.js";
import { strategyValue } from "./internal-values.js";

type DeploymentObject = Deployment & KubeObject;

/** SetObjectDefaults_Deployment: SetDefaults_Deployment plus the pod template's defaults. */
export function applyDeploymentDefaults(d: DeploymentObject): void {
  const spec = (d.spec ??= {} as DeploymentSpec);
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.template ??= {};
  applyPodSpecDefaults((spec.template.spec ??= { containers: [] }));
}

/** ValidateDeploymentStrategy */
export function validateDeploymentStrategy(
  strategy: DeploymentStrategy | undefined,
  path: string,
): FieldError[] {
  const s = strategy ?? {};
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate
        ? [forbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) return [required(`${path}.rollingUpdate`, "this should be defaulted and never be nil")];
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(
          invalid(`${p}.maxUnavailable`, ru.maxUnavailable ?? 0, "may not be 0 when `maxSurge` is 0"),
        );
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
      return errs;
    }
    default:
      return [notSupported(path, strategyValue(s), ["Recreate", "RollingUpdate"])];
  }
}

/** ValidateDeploymentSpec */
export function validateDeploymentSpec(spec: DeploymentSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as DeploymentSpec);
  const errs = validateNonnegative(s.replicas, `${path}.replicas`);
  errs.push(...validateReplicaSetSelectorAndTemplate(s, path));
  errs.push(...validateDeploymentStrategy(s.strategy, `${path}.strategy`));
  errs.push(...validateNonnegative(s.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  if (s.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegative(s.progressDeadlineSeconds, `${path}.progressDeadlineSeconds`));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(
        invalid(
          `${path}.progressDeadlineSeconds`,
          s.progressDeadlineSeconds,
          "must be greater than minReadySeconds",
        ),
      );
  }
  return errs;
}

/** ValidateDeploymentStatus (for writes to deployments/status). */
export function validateDeploymentStatus(
  status: DeploymentStatus | undefined,
  path = "status",
): FieldError[] {
  return validateReplicaCounts(
    status ?? {},
    path,
    [
      "observedGeneration",
      "replicas",
      "updatedReplicas",
      "readyReplicas",
      "availableReplicas",
      "unavailableReplicas",
      "collisionCount",
    ],
    ["updatedReplicas", "readyReplicas", "availableReplicas"],
  );
}

/** ValidateDeploymentStatusUpdate: the status rules plus collisionCount never going down. */
export function validateDeploymentStatusUpdate(d: DeploymentObject, old: DeploymentObject): FieldError[] {
  const errs = validateDeploymentStatus(d.status);
  const cur = d.status?.collisionCount;
  const prev = old.status?.collisionCount;
  if (prev !== undefined && (cur === undefined || cur < prev))
    errs.push(invalid("status.collisionCount", cur ?? 0, "cannot be decremented"));
  return errs;
}

export const deployments: ResourceType<DeploymentObject> = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  schema: Deployment,
  status: true,
  scale: {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".spec.selector",
  },
  generation: true,
  defaults: applyDeploymentDefaults,
  prepareForCreate: (d) => {
    d.status = {};
  },
  prepareForUpdate: (d, old) => {
    d.status = clone(old.status);
    // Annotations are copied to the ReplicaSets, so their changes also bump the generation.
    if (!semanticEqual(d.metadata.annotations, old.metadata.annotations))
      d.metadata.generation = (old.metadata.generation ?? 0) + 1;
  },
  validate: (d) => validateDeploymentSpec(d.spec, "spec"),
  validateUpdate: (d, old) => [
    ...validateDeploymentSpec(d.spec, "spec"),
    ...validateImmutable(
      d.spec?.selector,
      old.spec?.selector,
      "spec.selector",
      labelSelectorValue(d.spec?.selector),
    ),
  ],
  printerColumns: [
    nameColumn,
    {
      name: "Ready",
      type: "string",
      description: "Number of the pod with ready state",
      priority: 0,
      cell: (d: DeploymentObject) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    },
    {
      name: "Up-to-date",
      type: "string",
      description:
        "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
      priority: 0,
      cell: (d: DeploymentObject) => d.status?.updatedReplicas ?? 0,
    },
    {
      name: "Available",
      type: "string",
      description:
        "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
      priority: 0,
      cell: (d: DeploymentObject) => d.status?.availableReplicas ?? 0,
    },
    ageColumn,
    ...templateColumns((d: DeploymentObject) => d.spec?.template?.spec, {
      description:
        "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
      pick: (d: DeploymentObject) => d.spec?.selector,
    }),
  ],
};
