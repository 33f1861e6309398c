// Resources served by authorization.k8s.io/v1 (alphabetical, as upstream's discovery).
import type { ResourceType } from "../../registry.js";
import { localSubjectAccessReviews } from "./localsubjectaccessreview.js";
import { selfSubjectAccessReviews } from "./selfsubjectaccessreview.js";
import { selfSubjectRulesReviews } from "./selfsubjectrulesreview.js";
import { subjectAccessReviews } from "./subjectaccessreview.js";

export const resources: ResourceType[] = [
  localSubjectAccessReviews,
  selfSubjectAccessReviews,
  selfSubjectRulesReviews,
  subjectAccessReviews,
];
