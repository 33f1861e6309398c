// selfsubjectrulesreviews.authorization.k8s.io: create-only and never stored; the API server answers with the status.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { SelfSubjectRulesReview } from "./types.js";

export const selfSubjectRulesReviews: ResourceType<SelfSubjectRulesReview & KubeObject> = {
  group: "authorization.k8s.io",
  version: "v1",
  kind: "SelfSubjectRulesReview",
  plural: "selfsubjectrulesreviews",
  singular: "selfsubjectrulesreview",
  namespaced: false,
  schema: SelfSubjectRulesReview,
  verbs: ["create"],
};
