// subjectaccessreviews.authorization.k8s.io: create-only and never stored; the API server answers with the status.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { SubjectAccessReview } from "./types.js";
import { validateSubjectAccessReviewSpec } from "./validation.js";

export const subjectAccessReviews: ResourceType<SubjectAccessReview & KubeObject> = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SubjectAccessReview",
  plural: "subjectaccessreviews",
  singular: "subjectaccessreview",
  namespaced: false,
  schema: SubjectAccessReview,
  verbs: ["create"],
  validate: validateSubjectAccessReviewSpec,
};
