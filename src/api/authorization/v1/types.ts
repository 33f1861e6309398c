// authorization.k8s.io/v1 types (k8s.io/api/authorization/v1): the access reviews behind `kubectl auth can-i`.
import { Type, type Static } from "@sinclair/typebox";
import { Struct, AtomicList } from "../../schema.js";
import { ObjectMeta, LabelSelectorRequirement } from "../../meta/v1/types.js";

const P = "io.k8s.api.authorization.v1";

const apiVersion = Type.String({
  description: "APIVersion defines the versioned schema of this representation of an object.",
});
const kind = Type.String({
  description: "Kind is a string value representing the REST resource this object represents.",
});

/** meta/v1 FieldSelectorRequirement (not in src/api/meta/v1 yet; same $id so the lead can move it there). */
export const FieldSelectorRequirement = Struct(
  {
    key: Type.String({ description: "key is the field selector key that the requirement applies to." }),
    operator: Type.String({ description: "operator represents a key's relationship to a set of values." }),
    values: AtomicList(Type.String(), { description: "values is an array of string values." }),
  },
  {
    $id: "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement",
    required: ["key", "operator"],
    description:
      "FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values.",
    "x-proto": { key: 1, operator: 2, values: 3 },
  },
);

/** ExtraValue: `[]string` in JSON, a message `{repeated string items = 1}` on the protobuf wire. */
export const ExtraValue = AtomicList(Type.String(), { "x-proto-wrapped": { items: 1 } });

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
    fieldSelector: FieldSelectorAttributes,
    labelSelector: LabelSelectorAttributes,
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

export const SubjectAccessReviewSpec = Struct(
  {
    resourceAttributes: ResourceAttributes,
    nonResourceAttributes: NonResourceAttributes,
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
  { resourceAttributes: ResourceAttributes, nonResourceAttributes: NonResourceAttributes },
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
    apiVersion,
    kind,
    metadata: ObjectMeta,
    spec: SubjectAccessReviewSpec,
    status: SubjectAccessReviewStatus,
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
    apiVersion,
    kind,
    metadata: ObjectMeta,
    spec: SelfSubjectAccessReviewSpec,
    status: SubjectAccessReviewStatus,
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
    apiVersion,
    kind,
    metadata: ObjectMeta,
    spec: SubjectAccessReviewSpec,
    status: SubjectAccessReviewStatus,
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
    apiVersion,
    kind,
    metadata: ObjectMeta,
    spec: SelfSubjectRulesReviewSpec,
    status: SubjectRulesReviewStatus,
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
