// apps/v1 daemonsets (pkg/apis/apps/v1/defaults.go + conversion.go, pkg/registry/apps/daemonset/strategy.go,
// pkg/apis/apps/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, notSupported, goMap } from "../../validation/field.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import {
  DaemonSet,
  type DaemonSetSpec,
  type DaemonSetStatus,
  type DaemonSetUpdateStrategy,
} from "./types.js";
import {
  validateLabelSelector,
  compileSelector,
  formatLabels,
  labelSelectorValue,
} from "../../validation/labelselector.js";
import { validateNonnegative, validateImmutable, semanticEqual, clone } from "../../validation/fieldrules.js";
import {
  validatePositiveIntOrPercent,
  intOrPercentValue,
  isNotMoreThan100Percent,
} from "../../validation/intorpercent.js";
import { validateSelectorMatchesTemplate, validateRestartAlwaysTemplate } from "./template.js";
import { nameColumn, ageColumn, templateColumns } from "./columns.js";
import { strategyValue } from "./internal-values.js";

type DaemonSetObject = DaemonSet & KubeObject;

/**
 * apps/v1 carries the internal spec.templateGeneration in this annotation (conversion.go); the
 * registry starts it at 1 and bumps it whenever the pod template changes.
 */
export const templateGenerationAnnotation = "deprecated.daemonset.template.generation";

/** SetObjectDefaults_DaemonSet */
export function applyDaemonSetDefaults(ds: DaemonSetObject): void {
  const spec = (ds.spec ??= {} as DaemonSetSpec);
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  spec.template ??= {};
  applyPodSpecDefaults((spec.template.spec ??= { containers: [] }));
}

/** ValidateDaemonSetUpdateStrategy */
export function validateDaemonSetUpdateStrategy(
  strategy: DaemonSetUpdateStrategy | undefined,
  path: string,
): FieldError[] {
  const s = strategy ?? {};
  switch (s.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) return [required(`${path}.rollingUpdate`)];
      const p = `${path}.rollingUpdate`;
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
        ...isNotMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...isNotMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`),
      ];
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge)
        errs.push(invalid(`${p}.maxSurge`, ru.maxSurge, "may not be set when maxUnavailable is non-zero"));
      else if (!hasUnavailable && !hasSurge)
        errs.push(required(`${p}.maxUnavailable`, "cannot be 0 when maxSurge is 0"));
      return errs;
    }
    default:
      return [notSupported(path, strategyValue(s), ["RollingUpdate", "OnDelete"])];
  }
}

/** ValidateDaemonSetSpec */
export function validateDaemonSetSpec(spec: DaemonSetSpec | undefined, path: string): FieldError[] {
  const s = spec ?? ({} as DaemonSetSpec);
  const errs = validateLabelSelector(s.selector, `${path}.selector`);
  const selector = compileSelector(s.selector);
  // A nil selector selects nothing here, so it never matches the template.
  if (typeof selector !== "string") {
    if (selector === null)
      errs.push(
        invalid(
          `${path}.template.metadata.labels`,
          goMap(s.template?.metadata?.labels),
          "`selector` does not match template `labels`",
        ),
      );
    else errs.push(...validateSelectorMatchesTemplate(selector, s.template, `${path}.template`));
  }
  if (
    s.selector &&
    Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0
  )
    errs.push(
      invalid(`${path}.selector`, labelSelectorValue(s.selector), "empty selector is invalid for daemonset"),
    );
  errs.push(...validateRestartAlwaysTemplate(s.template, `${path}.template`, "DaemonSet"));
  errs.push(...validateNonnegative(s.minReadySeconds, `${path}.minReadySeconds`));
  errs.push(...validateDaemonSetUpdateStrategy(s.updateStrategy, `${path}.updateStrategy`));
  errs.push(...validateNonnegative(s.revisionHistoryLimit, `${path}.revisionHistoryLimit`));
  return errs;
}

/** validateDaemonSetStatus (for writes to daemonsets/status). */
export function validateDaemonSetStatus(status: DaemonSetStatus | undefined, path = "status"): FieldError[] {
  const s = status ?? ({} as DaemonSetStatus);
  const errs: FieldError[] = [];
  for (const f of [
    "currentNumberScheduled",
    "numberMisscheduled",
    "desiredNumberScheduled",
    "numberReady",
    "observedGeneration",
    "updatedNumberScheduled",
    "numberAvailable",
    "numberUnavailable",
    "collisionCount",
  ] as const)
    errs.push(...validateNonnegative(s[f], `${path}.${f}`));
  return errs;
}

function templateGeneration(ds: DaemonSetObject): number {
  const n = Number(ds.metadata.annotations?.[templateGenerationAnnotation]);
  return Number.isInteger(n) ? n : 0;
}

export const daemonsets: ResourceType<DaemonSetObject> = {
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  plural: "daemonsets",
  singular: "daemonset",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  schema: DaemonSet,
  status: true,
  generation: true,
  defaults: applyDaemonSetDefaults,
  prepareForCreate: (ds) => {
    ds.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
    const gen = Math.max(templateGeneration(ds), 1);
    ds.metadata.annotations = { ...ds.metadata.annotations, [templateGenerationAnnotation]: String(gen) };
  },
  prepareForUpdate: (ds, old) => {
    ds.status = clone(old.status);
    let gen = templateGeneration(old);
    if (!semanticEqual(ds.spec?.template, old.spec?.template)) gen++;
    if (gen > 0)
      ds.metadata.annotations = { ...ds.metadata.annotations, [templateGenerationAnnotation]: String(gen) };
  },
  validate: (ds) => validateDaemonSetSpec(ds.spec, "spec"),
  validateUpdate: (ds, old) => [
    ...validateDaemonSetSpec(ds.spec, "spec"),
    ...validateImmutable(
      ds.spec?.selector,
      old.spec?.selector,
      "spec.selector",
      labelSelectorValue(ds.spec?.selector),
    ),
  ],
  printerColumns: [
    nameColumn,
    {
      name: "Desired",
      type: "integer",
      description:
        "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).",
      priority: 0,
      cell: (ds: DaemonSetObject) => ds.status?.desiredNumberScheduled ?? 0,
    },
    {
      name: "Current",
      type: "integer",
      description:
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.",
      priority: 0,
      cell: (ds: DaemonSetObject) => ds.status?.currentNumberScheduled ?? 0,
    },
    {
      name: "Ready",
      type: "integer",
      description:
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
      priority: 0,
      cell: (ds: DaemonSetObject) => ds.status?.numberReady ?? 0,
    },
    {
      name: "Up-to-date",
      type: "integer",
      description: "The total number of nodes that are running updated daemon pod",
      priority: 0,
      cell: (ds: DaemonSetObject) => ds.status?.updatedNumberScheduled ?? 0,
    },
    {
      name: "Available",
      type: "integer",
      description:
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
      priority: 0,
      cell: (ds: DaemonSetObject) => ds.status?.numberAvailable ?? 0,
    },
    {
      name: "Node Selector",
      type: "string",
      description: "NodeSelector is a selector which must be true for the pod to fit on a node.",
      priority: 0,
      cell: (ds: DaemonSetObject) => formatLabels(ds.spec?.template?.spec?.nodeSelector),
    },
    ageColumn,
    ...templateColumns((ds: DaemonSetObject) => ds.spec?.template?.spec, {
      description: "A label query over pods that are managed by the daemon set.",
      pick: (ds: DaemonSetObject) => ds.spec?.selector,
    }),
  ],
};
