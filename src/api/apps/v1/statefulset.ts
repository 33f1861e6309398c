// apps/v1 statefulsets (pkg/apis/apps/v1/defaults.go, pkg/registry/apps/statefulset/strategy.go,
// pkg/apis/apps/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, forbidden, notSupported } from "../../validation/field.js";
import { nameIsDNSLabel } from "../../validation/names.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import { applyPersistentVolumeClaimSpecDefaults } from "../../core/v1/volume-defaults.js";
import { StatefulSet, type StatefulSetSpec, type StatefulSetStatus } from "./types.js";
import { compileSelector, labelSelectorValue } from "../../validation/labelselector.js";
import { validateNonnegative, semanticEqual, clone } from "../../validation/fieldrules.js";
import {
  validatePositiveIntOrPercent,
  intOrPercentValue,
  isNotMoreThan100Percent,
} from "../../validation/intorpercent.js";
import {
  validateRequiredSelector,
  validateSelectorMatchesTemplate,
  validateStatefulSetTemplate,
} from "./template.js";
import { nameColumn, ageColumn, templateColumns } from "./columns.js";
import { validateReplicaCounts } from "./status.js";
import { statefulSetRollingUpdateValue, statefulSetStrategyValue } from "./internal-values.js";

type StatefulSetObject = StatefulSet & KubeObject;

/** SetObjectDefaults_StatefulSet: SetDefaults_StatefulSet, the pod template and the claim templates. */
export function applyStatefulSetDefaults(ss: StatefulSetObject): void {
  const spec = (ss.spec ??= {} as StatefulSetSpec);
  if (!spec.podManagementPolicy) spec.podManagementPolicy = "OrderedReady";
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = "RollingUpdate";
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === "RollingUpdate" && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = "Retain";
  if (!retention.whenScaled) retention.whenScaled = "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.template ??= {};
  applyPodSpecDefaults((spec.template.spec ??= { containers: [] }));
  for (const claim of spec.volumeClaimTemplates ?? []) {
    // SetDefaults_PersistentVolumeClaim and its spec's defaults.
    const status = (claim.status ??= {});
    if (!status.phase) status.phase = "Pending";
    applyPersistentVolumeClaimSpecDefaults((claim.spec ??= {}));
  }
}

/** ValidateStatefulSetSpec */
export function validateStatefulSetSpec(spec: StatefulSetSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as StatefulSetSpec);
  const errs: FieldError[] = [];
  switch (s.podManagementPolicy ?? "") {
    case "":
      errs.push(required(`${path}.podManagementPolicy`));
      break;
    case "OrderedReady":
    case "Parallel":
      break;
    default:
      errs.push(
        invalid(`${path}.podManagementPolicy`, s.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"),
      );
  }
  const strategy = s.updateStrategy ?? {};
  switch (strategy.type ?? "") {
    case "":
      errs.push(required(`${path}.updateStrategy`));
      break;
    case "OnDelete":
      if (strategy.rollingUpdate)
        errs.push(
          invalid(
            `${path}.updateStrategy.rollingUpdate`,
            statefulSetRollingUpdateValue(strategy.rollingUpdate),
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      break;
    case "RollingUpdate":
      if (strategy.rollingUpdate) {
        const p = `${path}.updateStrategy.rollingUpdate`;
        const ru = strategy.rollingUpdate;
        errs.push(...validateNonnegative(ru.partition ?? 0, `${p}.partition`));
        if (ru.maxUnavailable !== undefined) {
          errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`));
          if (intOrPercentValue(ru.maxUnavailable) === 0)
            errs.push(invalid(`${p}.maxUnavailable`, ru.maxUnavailable, "cannot be 0"));
          errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`));
        }
      }
      break;
    default:
      errs.push(
        invalid(
          `${path}.updateStrategy`,
          statefulSetStrategyValue(strategy),
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      );
  }
  const retention = s.persistentVolumeClaimRetentionPolicy;
  if (retention)
    for (const f of ["whenDeleted", "whenScaled"] as const)
      if (retention[f] !== "Retain" && retention[f] !== "Delete")
        errs.push(
          notSupported(`${path}.persistentVolumeClaimRetentionPolicy.${f}`, retention[f] ?? "", [
            "Retain",
            "Delete",
          ]),
        );
  errs.push(...validateNonnegative(s.replicas, `${path}.replicas`));
  errs.push(...validateNonnegative(s.minReadySeconds, `${path}.minReadySeconds`));
  if (s.ordinals) errs.push(...validateNonnegative(s.ordinals.start ?? 0, `${path}.ordinals.start`));
  errs.push(...validateRequiredSelector(s.selector, `${path}.selector`, "statefulset"));
  const selector = compileSelector(s.selector);
  if (typeof selector === "string")
    errs.push(invalid(`${path}.selector`, labelSelectorValue(s.selector), ""));
  else {
    errs.push(...validateSelectorMatchesTemplate(selector, s.template, `${path}.template`));
    errs.push(...validateStatefulSetTemplate(s.template, `${path}.template`));
  }
  const policy = s.template?.spec?.restartPolicy ?? "";
  if (policy !== "Always") errs.push(notSupported(`${path}.template.spec.restartPolicy`, policy, ["Always"]));
  if (s.template?.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      forbidden(
        `${path}.template.spec.activeDeadlineSeconds`,
        "activeDeadlineSeconds in StatefulSet is not Supported",
      ),
    );
  return errs;
}

/** The spec fields an update may change; every other spec change is forbidden. */
const mutableSpecFields = [
  "replicas",
  "template",
  "updateStrategy",
  "minReadySeconds",
  "ordinals",
  "persistentVolumeClaimRetentionPolicy",
] as const;

/** ValidateStatefulSetUpdate */
export function validateStatefulSetUpdate(ss: StatefulSetObject, old: StatefulSetObject): FieldError[] {
  const errs = validateStatefulSetSpec(ss.spec, "spec");
  const a: Record<string, unknown> = { ...(ss.spec ?? {}) };
  const b: Record<string, unknown> = { ...(old.spec ?? {}) };
  for (const f of mutableSpecFields) {
    delete a[f];
    delete b[f];
  }
  if (!semanticEqual(a, b))
    errs.push(
      forbidden(
        "spec",
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  return errs;
}

/** ValidateStatefulSetStatus (for writes to statefulsets/status). */
export function validateStatefulSetStatus(
  status: StatefulSetStatus | undefined,
  path = "status",
): FieldError[] {
  return validateReplicaCounts(
    status ?? {},
    path,
    [
      "replicas",
      "readyReplicas",
      "currentReplicas",
      "updatedReplicas",
      "availableReplicas",
      "observedGeneration",
      "collisionCount",
    ],
    ["readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas"],
    "status.readyReplicas",
  );
}

export const statefulsets: ResourceType<StatefulSetObject> = {
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  plural: "statefulsets",
  singular: "statefulset",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  schema: StatefulSet,
  status: true,
  scale: {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".spec.selector",
  },
  generation: true,
  // Pods are named <statefulset>-<ordinal> and need DNS-label hostnames.
  nameValidator: nameIsDNSLabel,
  defaults: applyStatefulSetDefaults,
  prepareForCreate: (ss) => {
    ss.status = { replicas: 0, availableReplicas: 0 };
  },
  prepareForUpdate: (ss, old) => {
    ss.status = clone(old.status);
  },
  validate: (ss) => validateStatefulSetSpec(ss.spec, "spec"),
  validateUpdate: validateStatefulSetUpdate,
  printerColumns: [
    nameColumn,
    {
      name: "Ready",
      type: "string",
      description: "Number of the pod with ready state",
      priority: 0,
      cell: (ss: StatefulSetObject) => `${ss.status?.readyReplicas ?? 0}/${ss.spec?.replicas ?? 0}`,
    },
    ageColumn,
    ...templateColumns((ss: StatefulSetObject) => ss.spec?.template?.spec),
  ],
};
