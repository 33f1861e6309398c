// Pod-template rules shared by the apps/v1 controllers (ValidatePodTemplateSpecForReplicaSet and friends).
import { type FieldError, invalid, forbidden, notSupported } from "../../validation/field.js";
import { validateLabels, validateAnnotations } from "../../validation/names.js";
import { type PodTemplateSpec, validatePodTemplateSpec } from "../../core/v1/pod.js";
import { selectorMatches, type Selector } from "./labelselector.js";

export const selectorMismatchMsg = "`selector` does not match template `labels`";

/** The template's labels must be selected by a non-empty selector. */
export function validateSelectorMatchesTemplate(
  selector: Selector,
  template: PodTemplateSpec | undefined,
  path: string,
): FieldError[] {
  const labels = template?.metadata?.labels;
  if (selector !== null && selector.length > 0 && !selectorMatches(selector, labels))
    return [invalid(`${path}.metadata.labels`, labels ?? {}, selectorMismatchMsg)];
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
