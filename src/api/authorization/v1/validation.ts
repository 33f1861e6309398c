// Access review checks (pkg/apis/authorization/validation). The spec checks run as `validate`; the
// "metadata must be empty" checks belong to the review REST handler, which sees the request before
// the API server fills in metadata, so they are exported separately for it.
import { type FieldError, invalid } from "../../validation/field.js";
import type { ObjectMeta } from "../../meta/v1/types.js";
import type { LocalSubjectAccessReview, SelfSubjectAccessReview, SubjectAccessReview } from "./types.js";

type Spec = { resourceAttributes?: unknown; nonResourceAttributes?: unknown };

function validateAttributes(spec: Spec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes)
    errs.push(
      invalid(
        "spec.nonResourceAttributes",
        spec.nonResourceAttributes,
        "cannot be specified in combination with resourceAttributes",
      ),
    );
  if (!spec.resourceAttributes && !spec.nonResourceAttributes)
    errs.push(
      invalid(
        "spec.resourceAttributes",
        null,
        "exactly one of nonResourceAttributes or resourceAttributes must be specified",
      ),
    );
  return errs;
}

export function validateSubjectAccessReviewSpec(
  sar: SubjectAccessReview | LocalSubjectAccessReview,
): FieldError[] {
  const spec = sar.spec ?? {};
  const errs = validateAttributes(spec);
  if (!spec.user && !spec.groups?.length)
    errs.push(invalid("spec.user", spec.user ?? "", "at least one of user or group must be specified"));
  return errs;
}

export function validateSelfSubjectAccessReviewSpec(sar: SelfSubjectAccessReview): FieldError[] {
  return validateAttributes(sar.spec ?? {});
}

export function validateLocalSubjectAccessReviewSpec(sar: LocalSubjectAccessReview): FieldError[] {
  const errs = validateSubjectAccessReviewSpec(sar);
  const ra = sar.spec?.resourceAttributes;
  const ns = sar.metadata?.namespace ?? "";
  if (ra && (ra.namespace ?? "") !== ns)
    errs.push(
      invalid("spec.resourceAttributes.namespace", ra.namespace ?? "", "must match metadata.namespace"),
    );
  if (sar.spec?.nonResourceAttributes)
    errs.push(
      invalid(
        "spec.nonResourceAttributes",
        sar.spec.nonResourceAttributes,
        "disallowed on this kind of request",
      ),
    );
  return errs;
}

function metaIsEmpty(meta: ObjectMeta | undefined, ignore: string[]): boolean {
  return Object.entries(meta ?? {}).every(([k, v]) => ignore.includes(k) || v === undefined);
}

/** SubjectAccessReview / SelfSubjectAccessReview: request metadata must be empty. */
export function validateReviewMetadataEmpty(meta: ObjectMeta | undefined): FieldError[] {
  return metaIsEmpty(meta, ["managedFields"]) ? [] : [invalid("metadata", meta, "must be empty")];
}

/** LocalSubjectAccessReview: request metadata must be empty except for the namespace. */
export function validateLocalReviewMetadata(meta: ObjectMeta | undefined): FieldError[] {
  return metaIsEmpty(meta, ["managedFields", "namespace"])
    ? []
    : [invalid("metadata", meta, "must be empty except for namespace")];
}
