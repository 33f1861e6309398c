// rbac.authorization.k8s.io/v1 types (k8s.io/api/rbac/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, AtomicList } from "../../schema.js";
import { ObjectMeta, LabelSelector, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.rbac.v1";

export const PolicyRule = Struct(
  {
    verbs: AtomicList(Type.String(), {
      description: "Verbs is a list of Verbs that apply to ALL the ResourceKinds contained in this rule.",
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
    nonResourceURLs: AtomicList(Type.String(), {
      description: "NonResourceURLs is a set of partial urls that a user should have access to.",
    }),
  },
  {
    $id: `${P}.PolicyRule`,
    required: ["verbs"],
    description:
      "PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.",
    "x-proto": { verbs: 1, apiGroups: 2, resources: 3, resourceNames: 4, nonResourceURLs: 5 },
  },
);
export type PolicyRule = Static<typeof PolicyRule>;

export const Subject = Struct(
  {
    kind: Type.String({ description: "Kind of object being referenced." }),
    apiGroup: Type.String({ description: "APIGroup holds the API group of the referenced subject." }),
    name: Type.String({ description: "Name of the object being referenced." }),
    namespace: Type.String({ description: "Namespace of the referenced object." }),
  },
  {
    $id: `${P}.Subject`,
    required: ["kind", "name"],
    description: "Subject contains a reference to the object or user identities a role binding applies to.",
    "x-proto": { kind: 1, apiGroup: 2, name: 3, namespace: 4 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type Subject = Static<typeof Subject>;

export const RoleRef = Struct(
  {
    apiGroup: Type.String({ description: "APIGroup is the group for the resource being referenced" }),
    kind: Type.String({ description: "Kind is the type of resource being referenced" }),
    name: Type.String({ description: "Name is the name of resource being referenced" }),
  },
  {
    $id: `${P}.RoleRef`,
    required: ["apiGroup", "kind", "name"],
    description: "RoleRef contains information that points to the role being used",
    "x-proto": { apiGroup: 1, kind: 2, name: 3 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type RoleRef = Static<typeof RoleRef>;

export const AggregationRule = Struct(
  {
    clusterRoleSelectors: AtomicList(LabelSelector, {
      description:
        "ClusterRoleSelectors holds a list of selectors which will be used to find ClusterRoles and create the rules.",
    }),
  },
  {
    $id: `${P}.AggregationRule`,
    description: "AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole",
    "x-proto": { clusterRoleSelectors: 1 },
  },
);

export const Role = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "metadata is the standard object's metadata."),
    rules: AtomicList(PolicyRule, { description: "Rules holds all the PolicyRules for this Role" }),
  },
  {
    $id: `${P}.Role`,
    description:
      "Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.",
    "x-proto": { metadata: 1, rules: 2 },
  },
);
export type Role = Static<typeof Role>;

export const ClusterRole = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "metadata is the standard object's metadata."),
    rules: AtomicList(PolicyRule, { description: "Rules holds all the PolicyRules for this ClusterRole" }),
    aggregationRule: Field(
      AggregationRule,
      "aggregationRule is an optional field that describes how to build the Rules for this ClusterRole.",
    ),
  },
  {
    $id: `${P}.ClusterRole`,
    description:
      "ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.",
    "x-proto": { metadata: 1, rules: 2, aggregationRule: 3 },
  },
);
export type ClusterRole = Static<typeof ClusterRole>;

export const RoleBinding = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "metadata is the standard object's metadata."),
    subjects: AtomicList(Subject, {
      description: "Subjects holds references to the objects the role applies to.",
    }),
    roleRef: Field(
      RoleRef,
      "roleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.",
    ),
  },
  {
    $id: `${P}.RoleBinding`,
    required: ["roleRef"],
    description: "RoleBinding references a role, but does not contain it.",
    "x-proto": { metadata: 1, subjects: 2, roleRef: 3 },
  },
);
export type RoleBinding = Static<typeof RoleBinding>;

export const ClusterRoleBinding = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(ObjectMeta, "metadata is the standard object's metadata."),
    subjects: AtomicList(Subject, {
      description: "Subjects holds references to the objects the role applies to.",
    }),
    roleRef: Field(RoleRef, "roleRef can only reference a ClusterRole in the global namespace."),
  },
  {
    $id: `${P}.ClusterRoleBinding`,
    required: ["roleRef"],
    description: "ClusterRoleBinding references a ClusterRole, but not contain it.",
    "x-proto": { metadata: 1, subjects: 2, roleRef: 3 },
  },
);
export type ClusterRoleBinding = Static<typeof ClusterRoleBinding>;
