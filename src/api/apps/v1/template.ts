// Pod-template rules shared by the apps/v1 controllers (ValidatePodTemplateSpecForReplicaSet and friends).
import {
  type FieldError,
  invalid,
  forbidden,
  notSupported,
  required,
  goMap,
} from "../../validation/field.js";
import { validateLabels, validateAnnotations } from "../../validation/names.js";
import { type PodTemplateSpec, validatePodTemplateSpec } from "../../core/v1/pod.js";
import type { LabelSelector } from "../../meta/v1/types.js";
import {
  compileSelector,
  labelSelectorValue,
  selectorMatches,
  validateLabelSelector,
  type Selector,
} from "../../validation/labelselector.js";

export const selectorMismatchMsg = "`selector` does not match template `labels`";

/**
 * A controller's spec.selector: required, valid, and not empty. `noun` words the empty-selector
 * message as upstream does per kind ("deployment" for Deployments and ReplicaSets, "statefulset").
 */
export function validateRequiredSelector(
  selector: LabelSelector | undefined,
  path: string,
  noun: string,
): FieldError[] {
  if (!selector) return [required(path)];
  const errs = validateLabelSelector(selector, path);
  if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0)
    errs.push(invalid(path, labelSelectorValue(selector), `empty selector is invalid for ${noun}`));
  return errs;
}

/**
 * The selector and template of a Deployment or ReplicaSet spec (ValidateDeploymentSpec and
 * ValidateReplicaSetSpec word them alike): the selector as validateRequiredSelector, then a template
 * it selects that ValidatePodTemplateSpecForReplicaSet accepts.
 */
export function validateReplicaSetSelectorAndTemplate(
  spec: { selector?: LabelSelector; template?: PodTemplateSpec },
  path: string,
): FieldError[] {
  const errs = validateRequiredSelector(spec.selector, `${path}.selector`, "deployment");
  const selector = compileSelector(spec.selector);
  if (typeof selector === "string")
    errs.push(invalid(`${path}.selector`, labelSelectorValue(spec.selector), "invalid label selector"));
  else {
    errs.push(...validateSelectorMatchesTemplate(selector, spec.template, `${path}.template`));
    errs.push(...validateRestartAlwaysTemplate(spec.template, `${path}.template`, "ReplicaSet"));
  }
  return errs;
}

/** The template's labels must be selected by a non-empty selector. */
export function validateSelectorMatchesTemplate(
  selector: Selector,
  template: PodTemplateSpec | undefined,
  path: string,
): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector !== null && !selector.empty && !selectorMatches(selector, labels))
    return [invalid(`${path}.metadata.labels`, goMap(labels), selectorMismatchMsg)];
  return [];
}

/**
 * ValidatePodTemplateSpecForReplicaSet (Deployment, ReplicaSet) and the DaemonSet variant: the
 * template is a full pod template whose restartPolicy is Always and which has no activeDeadlineSeconds.
 * `kind` words the activeDeadlineSeconds message ("ReplicaSet", "DaemonSet").
 */
export function validateRestartAlwaysTemplate(
  template: PodTemplateSpec | undefined,
  path: string,
  kind: string,
): FieldError[] {
  const t = template ?? {};
  const errs = validatePodTemplateSpec(t, path);
  const policy = t.spec?.restartPolicy ?? "";
  if (policy !== "Always") errs.push(notSupported(`${path}.spec.restartPolicy`, policy, ["Always"]));
  if (t.spec?.activeDeadlineSeconds !== undefined)
    errs.push(
      forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`),
    );
  return errs;
}

/**
 * ValidatePodTemplateSpecForStatefulSet: upstream checks only the template's labels and annotations
 * here (its pod spec is not validated, and the labels path lacks "metadata" — kept as upstream has it).
 */
export function validateStatefulSetTemplate(
  template: PodTemplateSpec | undefined,
  path: string,
): FieldError[] {
  const meta = template?.metadata ?? {};
  return [
    ...validateLabels(meta.labels, `${path}.labels`),
    ...validateAnnotations(meta.annotations, `${path}.annotations`),
  ];
}
