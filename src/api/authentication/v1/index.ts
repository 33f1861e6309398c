// Resources served by authentication.k8s.io/v1 (alphabetical, as upstream's discovery).
import type { ResourceType } from "../../registry.js";
import { selfSubjectReviews } from "./selfsubjectreview.js";
import { tokenReviews } from "./tokenreview.js";

export const resources: ResourceType[] = [selfSubjectReviews, tokenReviews];
