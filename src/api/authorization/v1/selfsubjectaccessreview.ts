// selfsubjectaccessreviews.authorization.k8s.io: create-only and never stored; the API server answers with the status.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { SelfSubjectAccessReview } from "./types.js";
import { validateSelfSubjectAccessReviewSpec } from "./validation.js";

export const selfSubjectAccessReviews: ResourceType<SelfSubjectAccessReview & KubeObject> = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectAccessReview",
  plural: "selfsubjectaccessreviews",
  singular: "selfsubjectaccessreview",
  namespaced: false,
  schema: SelfSubjectAccessReview,
  verbs: ["create"],
  validate: validateSelfSubjectAccessReviewSpec,
};
