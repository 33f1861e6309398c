// apps/v1 replicasets (pkg/registry/apps/replicaset/strategy.go, pkg/apis/apps/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import type { FieldError } from "../../validation/field.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import { ReplicaSet, type ReplicaSetSpec, type ReplicaSetStatus } from "./types.js";
import { validateNonnegative, validateImmutable, clone } from "../../validation/fieldrules.js";
import { validateReplicaSetSelectorAndTemplate } from "./template.js";
import { nameColumn, ageColumn, templateColumns } from "./columns.js";
import { validateReplicaCounts } from "./status.js";
import { labelSelectorValue } from "../../validation/labelselector.js";

type ReplicaSetObject = ReplicaSet & KubeObject;

/** SetObjectDefaults_ReplicaSet */
export function applyReplicaSetDefaults(rs: ReplicaSetObject): void {
  const spec = (rs.spec ??= {} as ReplicaSetSpec);
  spec.replicas ??= 1;
  spec.template ??= {};
  applyPodSpecDefaults((spec.template.spec ??= { containers: [] }));
}

/** ValidateReplicaSetSpec */
export function validateReplicaSetSpec(spec: ReplicaSetSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as ReplicaSetSpec);
  const errs = [
    ...validateNonnegative(s.replicas, `${path}.replicas`),
    ...validateNonnegative(s.minReadySeconds, `${path}.minReadySeconds`),
  ];
  errs.push(...validateReplicaSetSelectorAndTemplate(s, path));
  return errs;
}

/** ValidateReplicaSetStatus (for writes to replicasets/status). */
export function validateReplicaSetStatus(
  status: ReplicaSetStatus | undefined,
  path = "status",
): FieldError[] {
  return validateReplicaCounts(
    status ?? {},
    path,
    ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"],
    ["fullyLabeledReplicas", "readyReplicas", "availableReplicas"],
  );
}

export const replicasets: ResourceType<ReplicaSetObject> = {
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  plural: "replicasets",
  singular: "replicaset",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  schema: ReplicaSet,
  status: true,
  scale: {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".spec.selector",
  },
  generation: true,
  defaults: applyReplicaSetDefaults,
  prepareForCreate: (rs) => {
    rs.status = { replicas: 0 };
  },
  prepareForUpdate: (rs, old) => {
    rs.status = clone(old.status);
  },
  validate: (rs) => validateReplicaSetSpec(rs.spec, "spec"),
  validateUpdate: (rs, old) => [
    ...validateReplicaSetSpec(rs.spec, "spec"),
    ...validateImmutable(
      rs.spec?.selector,
      old.spec?.selector,
      "spec.selector",
      labelSelectorValue(rs.spec?.selector),
    ),
  ],
  fieldSelectors: { "status.replicas": (rs) => String(rs.status?.replicas ?? 0) },
  printerColumns: [
    nameColumn,
    {
      name: "Desired",
      type: "integer",
      description: "Replicas is the number of desired replicas.",
      priority: 0,
      cell: (rs: ReplicaSetObject) => rs.spec?.replicas ?? 0,
    },
    {
      name: "Current",
      type: "integer",
      description: "Replicas is the most recently oberved number of replicas.",
      priority: 0,
      cell: (rs: ReplicaSetObject) => rs.status?.replicas ?? 0,
    },
    {
      name: "Ready",
      type: "integer",
      description: "The number of ready replicas for this replica set.",
      priority: 0,
      cell: (rs: ReplicaSetObject) => rs.status?.readyReplicas ?? 0,
    },
    ageColumn,
    ...templateColumns((rs: ReplicaSetObject) => rs.spec?.template?.spec, {
      description: "Selector is a label query over pods that should match the replica count.",
      pick: (rs: ReplicaSetObject) => rs.spec?.selector,
    }),
  ],
};
