// meta.k8s.io/v1 types embedded in every object (k8s.io/apimachinery/pkg/apis/meta/v1).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Time, Int64, StringMap, SetList, AtomicList, MapList } from "../../schema.js";

const P = "io.k8s.apimachinery.pkg.apis.meta.v1";

/**
 * TypeMeta's fields, inline in every kind, with upstream's docs (the whole of them: `kubectl explain`
 * prints these two in full for every kind).
 */
export const TypeMetaFields = {
  apiVersion: Type.String({
    description:
      "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
  }),
  kind: Type.String({
    description:
      "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
  }),
};

export const OwnerReference = Struct(
  {
    apiVersion: Type.String({ description: "API version of the referent." }),
    kind: Type.String({ description: "Kind of the referent." }),
    name: Type.String({ description: "Name of the referent." }),
    uid: Type.String({ description: "UID of the referent." }),
    controller: Type.Boolean({
      "x-proto-pointer": true,
      description: "If true, this reference points to the managing controller.",
    }),
    blockOwnerDeletion: Type.Boolean({
      "x-proto-pointer": true,
      description:
        'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
    }),
  },
  {
    $id: `${P}.OwnerReference`,
    required: ["apiVersion", "kind", "name", "uid"],
    description: "OwnerReference contains enough information to let you identify an owning object.",
    "x-proto": { kind: 1, name: 3, uid: 4, apiVersion: 5, controller: 6, blockOwnerDeletion: 7 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type OwnerReference = Static<typeof OwnerReference>;

export const FieldsV1 = Type.Unsafe<Record<string, unknown>>({
  $id: `${P}.FieldsV1`,
  type: "object",
  description: "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
  "x-kubernetes-preserve-unknown-fields": true,
  "x-proto-type": "fieldsv1",
});

export const ManagedFieldsEntry = Struct(
  {
    manager: Type.String({ description: "Manager is an identifier of the workflow managing these fields." }),
    operation: Type.String({
      description:
        "Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'.",
    }),
    apiVersion: Type.String({
      description: "APIVersion defines the version of this resource that this field set applies to.",
    }),
    time: Time({ description: "Time is the timestamp of when the ManagedFields entry was added." }),
    fieldsType: Type.String({
      description:
        'FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"',
    }),
    fieldsV1: FieldsV1,
    subresource: Type.String({
      description:
        "Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.",
    }),
  },
  {
    $id: `${P}.ManagedFieldsEntry`,
    description:
      "ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.",
    "x-proto": {
      manager: 1,
      operation: 2,
      apiVersion: 3,
      time: 4,
      fieldsType: 6,
      fieldsV1: 7,
      subresource: 8,
    },
  },
);
export type ManagedFieldsEntry = Static<typeof ManagedFieldsEntry>;

export const ObjectMeta = Struct(
  {
    name: Type.String({ description: "Name must be unique within a namespace. Cannot be updated." }),
    generateName: Type.String({
      description:
        "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.",
    }),
    namespace: Type.String({
      description: "Namespace defines the space within which each name must be unique. Cannot be updated.",
    }),
    selfLink: Type.String({
      description:
        "Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.",
    }),
    uid: Type.String({
      description:
        "UID is the unique in time and space value for this object. Populated by the system. Read-only.",
    }),
    resourceVersion: Type.String({
      description:
        "An opaque value that represents the internal version of this object. Populated by the system. Read-only.",
    }),
    generation: Int64({
      description:
        "A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.",
    }),
    creationTimestamp: Time({
      description:
        "CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.",
    }),
    deletionTimestamp: Time({
      description:
        "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user.",
    }),
    deletionGracePeriodSeconds: Int64({
      "x-proto-pointer": true,
      description:
        "Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.",
    }),
    labels: StringMap({
      description:
        "Map of string keys and values that can be used to organize and categorize (scope and select) objects.",
    }),
    annotations: StringMap({
      description:
        "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.",
    }),
    ownerReferences: MapList(OwnerReference, ["uid"], {
      description: "List of objects depended by this object.",
    }),
    finalizers: SetList(Type.String(), {
      "x-kubernetes-patch-strategy": "merge",
      description: "Must be empty before the object is deleted from the registry.",
    }),
    managedFields: AtomicList(ManagedFieldsEntry, {
      description:
        "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.",
    }),
  },
  {
    $id: `${P}.ObjectMeta`,
    description:
      "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
    "x-proto": {
      name: 1,
      generateName: 2,
      namespace: 3,
      selfLink: 4,
      uid: 5,
      resourceVersion: 6,
      generation: 7,
      creationTimestamp: 8,
      deletionTimestamp: 9,
      deletionGracePeriodSeconds: 10,
      labels: 11,
      annotations: 12,
      ownerReferences: 13,
      finalizers: 14,
      managedFields: 17,
    },
  },
);
export type ObjectMeta = Static<typeof ObjectMeta>;

export const ListMeta = Struct(
  {
    selfLink: Type.String(),
    resourceVersion: Type.String({
      description: "String that identifies the server's internal version of this object.",
    }),
    continue: Type.String({
      description: "continue may be set if the user set a limit on the number of items returned.",
    }),
    remainingItemCount: Int64({
      "x-proto-pointer": true,
      description: "The number of subsequent items in the list which are not included in this list response.",
    }),
  },
  {
    $id: `${P}.ListMeta`,
    description:
      "ListMeta describes metadata that synthetic resources must have, including lists and various status objects.",
    "x-proto": { selfLink: 1, resourceVersion: 2, continue: 3, remainingItemCount: 4 },
  },
);
export type ListMeta = Static<typeof ListMeta>;

export const LabelSelectorRequirement = Struct(
  {
    key: Type.String({ description: "key is the label key that the selector applies to." }),
    operator: Type.String({
      description:
        "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
    }),
    values: AtomicList(Type.String(), { description: "values is an array of string values." }),
  },
  {
    $id: `${P}.LabelSelectorRequirement`,
    required: ["key", "operator"],
    description:
      "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    "x-proto": { key: 1, operator: 2, values: 3 },
  },
);

export const FieldSelectorRequirement = Struct(
  {
    key: Type.String({ description: "key is the field selector key that the requirement applies to." }),
    operator: Type.String({ description: "operator represents a key's relationship to a set of values." }),
    values: AtomicList(Type.String(), { description: "values is an array of string values." }),
  },
  {
    $id: `${P}.FieldSelectorRequirement`,
    required: ["key", "operator"],
    description:
      "FieldSelectorRequirement is a selector that contains values, a key, and an operator that relates the key and values.",
    "x-proto": { key: 1, operator: 2, values: 3 },
  },
);

export type FieldSelectorRequirement = Static<typeof FieldSelectorRequirement>;

export const LabelSelector = Struct(
  {
    matchLabels: StringMap({ description: "matchLabels is a map of {key,value} pairs." }),
    matchExpressions: AtomicList(LabelSelectorRequirement, {
      description: "matchExpressions is a list of label selector requirements. The requirements are ANDed.",
    }),
  },
  {
    $id: `${P}.LabelSelector`,
    description: "A label selector is a label query over a set of resources.",
    "x-proto": { matchLabels: 1, matchExpressions: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type LabelSelector = Static<typeof LabelSelector>;

export const Condition = Struct(
  {
    type: Type.String({ description: "type of condition in CamelCase or in foo.example.com/CamelCase." }),
    status: Type.String({ description: "status of the condition, one of True, False, Unknown." }),
    observedGeneration: Int64({
      description:
        "observedGeneration represents the .metadata.generation that the condition was set based upon.",
    }),
    lastTransitionTime: Time({
      description:
        "lastTransitionTime is the last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({
      description:
        "reason contains a programmatic identifier indicating the reason for the condition's last transition.",
    }),
    message: Type.String({
      description: "message is a human readable message indicating details about the transition.",
    }),
  },
  {
    $id: `${P}.Condition`,
    required: ["type", "status", "lastTransitionTime", "reason", "message"],
    description: "Condition contains details for one aspect of the current state of this API Resource.",
    "x-proto": { type: 1, status: 2, observedGeneration: 3, lastTransitionTime: 4, reason: 5, message: 6 },
  },
);

export const Preconditions = Struct(
  {
    uid: Type.String({ "x-proto-pointer": true, description: "Specifies the target UID." }),
    resourceVersion: Type.String({
      "x-proto-pointer": true,
      description: "Specifies the target ResourceVersion",
    }),
  },
  {
    $id: `${P}.Preconditions`,
    description: "Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.",
    "x-proto": { uid: 1, resourceVersion: 2 },
  },
);

export const DeleteOptions = Struct(
  {
    ...TypeMetaFields,
    gracePeriodSeconds: Int64({
      "x-proto-pointer": true,
      description: "The duration in seconds before the object should be deleted.",
    }),
    preconditions: Field(Preconditions, "Must be fulfilled before a deletion is carried out."),
    orphanDependents: Type.Boolean({
      "x-proto-pointer": true,
      description: "Deprecated: please use the PropagationPolicy.",
    }),
    propagationPolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'.",
    }),
    dryRun: AtomicList(Type.String(), {
      description: "When present, indicates that modifications should not be persisted.",
    }),
    ignoreStoreReadErrorWithClusterBreakingPotential: Type.Boolean({ "x-proto-pointer": true }),
  },
  {
    $id: `${P}.DeleteOptions`,
    description: "DeleteOptions may be provided when deleting an API object.",
    "x-proto": {
      gracePeriodSeconds: 1,
      preconditions: 2,
      orphanDependents: 3,
      propagationPolicy: 4,
      dryRun: 5,
      ignoreStoreReadErrorWithClusterBreakingPotential: 6,
    },
  },
);
export type DeleteOptions = Static<typeof DeleteOptions>;

export const StatusCause = Struct(
  {
    reason: Type.String({ description: "A machine-readable description of the cause of the error." }),
    message: Type.String({ description: "A human-readable description of the cause of the error." }),
    field: Type.String({
      description:
        "The field of the resource that has caused this error, as named by its JSON serialization.",
    }),
  },
  {
    $id: `${P}.StatusCause`,
    description:
      "StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.",
    "x-proto": { reason: 1, message: 2, field: 3 },
  },
);
export const StatusDetails = Struct(
  {
    name: Type.String({
      description:
        "The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).",
    }),
    group: Type.String({
      description: "The group attribute of the resource associated with the status StatusReason.",
    }),
    kind: Type.String({
      description: "The kind attribute of the resource associated with the status StatusReason.",
    }),
    uid: Type.String({ description: "UID of the resource." }),
    causes: AtomicList(StatusCause, {
      description: "The Causes array includes more details associated with the StatusReason failure.",
    }),
    retryAfterSeconds: Type.Integer({
      format: "int32",
      description: "If specified, the time in seconds before the operation should be retried.",
    }),
  },
  {
    $id: `${P}.StatusDetails`,
    description:
      "StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.",
    "x-proto": { name: 1, group: 2, kind: 3, uid: 6, causes: 4, retryAfterSeconds: 5 },
  },
);
export const Status = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ListMeta,
      "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
    ),
    status: Type.String({ description: "Status of the operation." }),
    message: Type.String({
      description: "A human-readable description of the status of this operation.",
    }),
    reason: Type.String({
      description: 'A machine-readable description of why this operation is in the "Failure" status.',
    }),
    details: Field(StatusDetails, "Extended data associated with the reason."),
    code: Type.Integer({
      format: "int32",
      description: "Suggested HTTP return code for this status, 0 if not set.",
    }),
  },
  {
    $id: `${P}.Status`,
    description: "Status is a return value for calls that don't return other objects.",
    "x-proto": { metadata: 1, status: 2, message: 3, reason: 4, details: 5, code: 6 },
  },
);
export type Status = Static<typeof Status>;
export type StatusCause = Static<typeof StatusCause>;

/** The fields every stored object has (TypeMeta + ObjectMeta). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}
