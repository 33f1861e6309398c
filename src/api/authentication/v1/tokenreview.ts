// tokenreviews.authentication.k8s.io: create-only and never stored; the API server answers whether
// spec.token authenticates, and as whom.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { TokenReview } from "./types.js";

export const tokenReviews: ResourceType<TokenReview & KubeObject> = {
  group: "authentication.k8s.io",
  version: "v1",
  kind: "TokenReview",
  plural: "tokenreviews",
  singular: "tokenreview",
  namespaced: false,
  schema: TokenReview,
  verbs: ["create"],
};
