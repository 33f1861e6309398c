// localsubjectaccessreviews.authorization.k8s.io: create-only and never stored; the API server answers with the status.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { LocalSubjectAccessReview } from "./types.js";
import { validateLocalSubjectAccessReviewSpec } from "./validation.js";

export const localSubjectAccessReviews: ResourceType<LocalSubjectAccessReview & KubeObject> = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "LocalSubjectAccessReview",
  plural: "localsubjectaccessreviews",
  singular: "localsubjectaccessreview",
  namespaced: true,
  schema: LocalSubjectAccessReview,
  verbs: ["create"],
  validate: validateLocalSubjectAccessReviewSpec,
};
