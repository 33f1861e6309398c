// autoscaling/v1 Scale: what GET/PUT/PATCH on the scale subresource of deployments, replicasets and
// statefulsets exchange. Not a resource of its own.
import type { FieldError } from "../../validation/field.js";
import { validateNonnegative } from "../../validation/fieldrules.js";
import type { Scale } from "./types.js";

export { Scale } from "./types.js";

/** ValidateScale's spec part: replicas must not be negative. */
export function validateScale(scale: Scale): FieldError[] {
  return validateNonnegative(scale.spec?.replicas, "spec.replicas");
}
