// selfsubjectreviews.authentication.k8s.io: create-only and never stored; the API server answers with
// status.userInfo of the caller (`kubectl auth whoami`).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { SelfSubjectReview } from "./types.js";

export const selfSubjectReviews: ResourceType<SelfSubjectReview & KubeObject> = {
  group: "authentication.k8s.io",
  version: "v1",
  kind: "SelfSubjectReview",
  plural: "selfsubjectreviews",
  singular: "selfsubjectreview",
  namespaced: false,
  schema: SelfSubjectReview,
  verbs: ["create"],
};
