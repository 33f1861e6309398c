// authorization.k8s.io/v1 types (k8s.io/api/authorization/v1): the access reviews behind `kubectl auth can-i`.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, AtomicList } from "../../schema.js";
import {
  ObjectMeta,
  LabelSelectorRequirement,
  FieldSelectorRequirement,
  TypeMetaFields,
} from "../../meta/v1/types.js";
import { ExtraValue } from "../../authentication/v1/types.js";

const P = "io.k8s.api.authorization.v1";

// Kept for importers of this module: FieldSelectorRequirement lives in meta/v1; ExtraValue is the same
// wrapped []string as authentication/v1's.
export { FieldSelectorRequirement };
export { ExtraValue };

export const FieldSelectorAttributes = Struct(
  {
    rawSelector: Type.String({
      description:
        "rawSelector is the serialization of a field selector that would be included in a query parameter.",
    }),
    requirements: AtomicList(FieldSelectorRequirement, {
      description: "requirements is the parsed interpretation of a field selector.",
    }),
  },
  {
    $id: `${P}.FieldSelectorAttributes`,
    description: "FieldSelectorAttributes indicates a field limited access.",
    "x-proto": { rawSelector: 1, requirements: 2 },
  },
);

export const LabelSelectorAttributes = Struct(
  {
    rawSelector: Type.String({
      description:
        "rawSelector is the serialization of a field selector that would be included in a query parameter.",
    }),
    requirements: AtomicList(LabelSelectorRequirement, {
      description: "requirements is the parsed interpretation of a label selector.",
    }),
  },
  {
    $id: `${P}.LabelSelectorAttributes`,
    description: "LabelSelectorAttributes indicates a label limited access.",
    "x-proto": { rawSelector: 1, requirements: 2 },
  },
);

export const ResourceAttributes = Struct(
  {
    namespace: Type.String({ description: "Namespace is the namespace of the action being requested." }),
    verb: Type.String({
      description:
        "Verb is a kubernetes resource API verb, like: get, list, watch, create, update, delete, proxy.",
    }),
    group: Type.String({ description: "Group is the API Group of the Resource." }),
    version: Type.String({ description: "Version is the API Version of the Resource." }),
    resource: Type.String({ description: "Resource is one of the existing resource types." }),
    subresource: Type.String({ description: "Subresource is one of the existing resource types." }),
    name: Type.String({
      description: 'Name is the name of the resource being requested for a "get" or deleted for a "delete".',
    }),
    fieldSelector: Field(
      FieldSelectorAttributes,
      "fieldSelector describes the limitation on access based on field.",
    ),
    labelSelector: Field(
      LabelSelectorAttributes,
      "labelSelector describes the limitation on access based on labels.",
    ),
  },
  {
    $id: `${P}.ResourceAttributes`,
    description:
      "ResourceAttributes includes the authorization attributes available for resource requests to the Authorizer interface",
    "x-proto": {
      namespace: 1,
      verb: 2,
      group: 3,
      version: 4,
      resource: 5,
      subresource: 6,
      name: 7,
      fieldSelector: 8,
      labelSelector: 9,
    },
  },
);

export const NonResourceAttributes = Struct(
  {
    path: Type.String({ description: "Path is the URL path of the request" }),
    verb: Type.String({ description: "Verb is the standard HTTP verb" }),
  },
  {
    $id: `${P}.NonResourceAttributes`,
    description:
      "NonResourceAttributes includes the authorization attributes available for non-resource requests to the Authorizer interface",
    "x-proto": { path: 1, verb: 2 },
  },
);

/** The request attributes SubjectAccessReviewSpec and SelfSubjectAccessReviewSpec share. */
const attributesFields = {
  resourceAttributes: Field(
    ResourceAttributes,
    "resourceAttributes describes information for a resource access request",
  ),
  nonResourceAttributes: Field(
    NonResourceAttributes,
    "nonResourceAttributes describes information for a non-resource access request",
  ),
};

export const SubjectAccessReviewSpec = Struct(
  {
    ...attributesFields,
    user: Type.String({ description: "User is the user you're testing for." }),
    groups: AtomicList(Type.String(), { description: "Groups is the groups you're testing for." }),
    extra: Type.Record(Type.String(), ExtraValue, {
      description: "Extra corresponds to the user.Info.GetExtra() method from the authenticator.",
    }),
    uid: Type.String({ description: "UID information about the requesting user." }),
  },
  {
    $id: `${P}.SubjectAccessReviewSpec`,
    description: "SubjectAccessReviewSpec is a description of the access request.",
    "x-proto": { resourceAttributes: 1, nonResourceAttributes: 2, user: 3, groups: 4, extra: 5, uid: 6 },
  },
);

export const SelfSubjectAccessReviewSpec = Struct(
  {
    ...attributesFields,
  },
  {
    $id: `${P}.SelfSubjectAccessReviewSpec`,
    description: "SelfSubjectAccessReviewSpec is a description of the access request.",
    "x-proto": { resourceAttributes: 1, nonResourceAttributes: 2 },
  },
);

export const SubjectAccessReviewStatus = Struct(
  {
    allowed: Type.Boolean({ description: "Allowed is required." }),
    denied: Type.Boolean({ description: "Denied is optional." }),
    reason: Type.String({ description: "Reason is optional." }),
    evaluationError: Type.String({
      description:
        "EvaluationError is an indication that some error occurred during the authorization check.",
    }),
  },
  {
    $id: `${P}.SubjectAccessReviewStatus`,
    required: ["allowed"],
    description: "SubjectAccessReviewStatus",
    "x-proto": { allowed: 1, denied: 4, reason: 2, evaluationError: 3 },
  },
);

export const ResourceRule = Struct(
  {
    verbs: AtomicList(Type.String(), {
      description:
        "Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.",
    }),
    apiGroups: AtomicList(Type.String(), {
      description: "APIGroups is the name of the APIGroup that contains the resources.",
    }),
    resources: AtomicList(Type.String(), {
      description: "Resources is a list of resources this rule applies to.",
    }),
    resourceNames: AtomicList(Type.String(), {
      description: "ResourceNames is an optional white list of names that the rule applies to.",
    }),
  },
  {
    $id: `${P}.ResourceRule`,
    required: ["verbs"],
    description:
      "ResourceRule is the list of actions the subject is allowed to perform on resources. The list ordering isn't significant, may contain duplicates, and possibly be incomplete.",
    "x-proto": { verbs: 1, apiGroups: 2, resources: 3, resourceNames: 4 },
  },
);

export const NonResourceRule = Struct(
  {
    verbs: AtomicList(Type.String(), {
      description:
        "Verb is a list of kubernetes non-resource API verbs, like: get, post, put, delete, patch, head, options.",
    }),
    nonResourceURLs: AtomicList(Type.String(), {
      description: "NonResourceURLs is a set of partial urls that a user should have access to.",
    }),
  },
  {
    $id: `${P}.NonResourceRule`,
    required: ["verbs"],
    description: "NonResourceRule holds information that describes a rule for the non-resource",
    "x-proto": { verbs: 1, nonResourceURLs: 2 },
  },
);

export const SubjectRulesReviewStatus = Struct(
  {
    resourceRules: AtomicList(ResourceRule, {
      description: "ResourceRules is the list of actions the subject is allowed to perform on resources.",
    }),
    nonResourceRules: AtomicList(NonResourceRule, {
      description:
        "NonResourceRules is the list of actions the subject is allowed to perform on non-resources.",
    }),
    incomplete: Type.Boolean({
      description: "Incomplete is true when the rules returned by this call are incomplete.",
    }),
    evaluationError: Type.String({ description: "EvaluationError can appear in combination with Rules." }),
  },
  {
    $id: `${P}.SubjectRulesReviewStatus`,
    required: ["resourceRules", "nonResourceRules", "incomplete"],
    description:
      "SubjectRulesReviewStatus contains the result of a rules check. This check can be incomplete depending on the set of authorizers the server is configured with and any errors experienced during evaluation.",
    "x-proto": { resourceRules: 1, nonResourceRules: 2, incomplete: 3, evaluationError: 4 },
  },
);

export const SelfSubjectRulesReviewSpec = Struct(
  { namespace: Type.String({ description: "Namespace to evaluate rules for." }) },
  {
    $id: `${P}.SelfSubjectRulesReviewSpec`,
    description: "SelfSubjectRulesReviewSpec defines the specification for SelfSubjectRulesReview.",
    "x-proto": { namespace: 1 },
  },
);

export const SubjectAccessReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(SubjectAccessReviewSpec, "spec holds information about the request being evaluated"),
    status: Field(
      SubjectAccessReviewStatus,
      "status is filled in by the server and indicates whether the request is allowed or not",
    ),
  },
  {
    $id: `${P}.SubjectAccessReview`,
    required: ["spec"],
    description: "SubjectAccessReview checks whether or not a user or group can perform an action.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type SubjectAccessReview = Static<typeof SubjectAccessReview>;

export const SelfSubjectAccessReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(SelfSubjectAccessReviewSpec, "spec holds information about the request being evaluated."),
    status: Field(
      SubjectAccessReviewStatus,
      "status is filled in by the server and indicates whether the request is allowed or not",
    ),
  },
  {
    $id: `${P}.SelfSubjectAccessReview`,
    required: ["spec"],
    description:
      'SelfSubjectAccessReview checks whether or the current user can perform an action. Not filling in a spec.namespace means "in all namespaces". Self is a special case, because users should always be able to check whether they can perform an action',
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type SelfSubjectAccessReview = Static<typeof SelfSubjectAccessReview>;

export const LocalSubjectAccessReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(SubjectAccessReviewSpec, "spec holds information about the request being evaluated."),
    status: Field(
      SubjectAccessReviewStatus,
      "status is filled in by the server and indicates whether the request is allowed or not",
    ),
  },
  {
    $id: `${P}.LocalSubjectAccessReview`,
    required: ["spec"],
    description:
      "LocalSubjectAccessReview checks whether or not a user or group can perform an action in a given namespace.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type LocalSubjectAccessReview = Static<typeof LocalSubjectAccessReview>;

export const SelfSubjectRulesReview = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(SelfSubjectRulesReviewSpec, "spec holds information about the request being evaluated."),
    status: Field(
      SubjectRulesReviewStatus,
      "status is filled in by the server and indicates the set of actions a user can perform.",
    ),
  },
  {
    $id: `${P}.SelfSubjectRulesReview`,
    required: ["spec"],
    description:
      "SelfSubjectRulesReview enumerates the set of actions the current user can perform within a namespace.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type SelfSubjectRulesReview = Static<typeof SelfSubjectRulesReview>;
