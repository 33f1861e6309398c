// Namespace: the kind and its cluster-scoped `namespaces` resource (pkg/registry/core/namespace).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Time, MapList, AtomicList } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import type { ResourceType } from "../../registry.js";
import { type FieldError, invalid } from "../../validation/field.js";
import { isQualifiedName, nameIsDNSLabel } from "../../validation/names.js";
import { nameColumn, ageColumn } from "./columns.js";

export const NamespaceCondition = Struct(
  {
    type: Type.String({ description: "Type of namespace controller condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastTransitionTime: Time({
      description: "Last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({
      description: "Unique, one-word, CamelCase reason for the condition's last transition.",
    }),
    message: Type.String({
      description: "Human-readable message indicating details about last transition.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NamespaceCondition",
    required: ["type", "status"],
    description: "NamespaceCondition contains details about state of namespace.",
    "x-proto": { type: 1, status: 2, lastTransitionTime: 4, reason: 5, message: 6 },
  },
);
export type NamespaceCondition = Static<typeof NamespaceCondition>;

export const NamespaceStatus = Struct(
  {
    phase: Type.String({ description: "Phase is the current lifecycle phase of the namespace." }),
    conditions: MapList(NamespaceCondition, ["type"], {
      description: "Represents the latest available observations of a namespace's current state.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NamespaceStatus",
    description: "NamespaceStatus is information about the current status of a Namespace.",
    "x-proto": { phase: 1, conditions: 2 },
  },
);
export type NamespaceStatus = Static<typeof NamespaceStatus>;

export const NamespaceSpec = Struct(
  {
    finalizers: AtomicList(Type.String(), {
      description:
        "Finalizers is an opaque list of values that must be empty to permanently remove object from storage.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NamespaceSpec",
    description: "NamespaceSpec describes the attributes on a Namespace.",
    "x-proto": { finalizers: 1 },
  },
);
export type NamespaceSpec = Static<typeof NamespaceSpec>;

export const Namespace = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      NamespaceSpec,
      "Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      NamespaceStatus,
      "Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.Namespace",
    description: "Namespace provides a scope for Names.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Namespace = Static<typeof Namespace> & KubeObject;

/** The finalizer the namespace controller removes once the namespace's content is gone. */
export const finalizerKubernetes = "kubernetes";
/** Label every namespace carries with its own name (so selectors can pick namespaces by name). */
export const labelMetadataName = "kubernetes.io/metadata.name";

const standardFinalizers = new Set([finalizerKubernetes, "orphan", "foregroundDeletion"]);

/** Finalizer names: qualified names; unprefixed ones must be standard (validateFinalizerName). */
export function validateFinalizerName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => invalid(path, name, m));
  if (!name.includes("/") && !standardFinalizers.has(name)) {
    errs.push(invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

function setNameLabel(ns: Namespace): void {
  // Upstream sets it in defaulting and again in Canonicalize (for generated names).
  const name = ns.metadata?.name;
  if (name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [labelMetadataName]: name };
}

/** Upstream's ValidateNamespaceStatusUpdate: the phase must agree with deletionTimestamp. */
export function validateNamespaceStatusUpdate(ns: Namespace): FieldError[] {
  const phase = ns.status?.phase ?? "";
  if (!ns.metadata.deletionTimestamp) {
    if (phase !== "Active")
      return [invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  } else if (phase !== "Terminating") {
    return [invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
  }
  return [];
}

/** Upstream's ValidateNamespaceFinalizeUpdate (namespaces/finalize): each finalizer by index. */
export function validateNamespaceFinalizeUpdate(ns: Namespace): FieldError[] {
  return (ns.spec?.finalizers ?? []).flatMap((f, i) => validateFinalizerName(f, `spec.finalizers[${i}]`));
}

export const namespaces: ResourceType<Namespace> = {
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  namespaced: false,
  shortNames: ["ns"],
  schema: Namespace,
  // Namespaces are deleted one by one (the namespace controller empties them): no deletecollection.
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
  status: true,
  extraSubresources: [{ name: "finalize", kind: "Namespace", verbs: ["update"] }],
  nameValidator: nameIsDNSLabel,
  defaults: (ns) => {
    setNameLabel(ns);
    // NamespaceStatus is a value (not a pointer) upstream, so its phase is always defaulted.
    ns.status = { ...(ns.status ?? {}), phase: ns.status?.phase || "Active" };
  },
  prepareForCreate: (ns) => {
    ns.status = { phase: "Active" };
    // A new namespace always carries the kubernetes finalizer so its content is cleaned up on delete.
    const finalizers = ns.spec?.finalizers ?? [];
    if (!finalizers.includes(finalizerKubernetes)) {
      ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers, finalizerKubernetes] };
    }
    setNameLabel(ns);
  },
  prepareForUpdate: (ns, old) => {
    // Finalizers change only through namespaces/finalize, status only through namespaces/status.
    ns.spec = { ...(ns.spec ?? {}) };
    if (old.spec?.finalizers) ns.spec.finalizers = old.spec.finalizers;
    else delete ns.spec.finalizers;
    ns.status = old.status;
    setNameLabel(ns);
  },
  validate: (ns) => (ns.spec?.finalizers ?? []).flatMap((f) => validateFinalizerName(f, "spec.finalizers")),
  fieldSelectors: {
    "status.phase": (ns) => ns.status?.phase ?? "",
    // Upstream keeps "name" selectable for backward compatibility.
    name: (ns) => ns.metadata.name ?? "",
  },
  printerColumns: [
    nameColumn,
    {
      name: "Status",
      type: "string",
      priority: 0,
      description: "The status of the namespace",
      cell: (ns: Namespace) => ns.status?.phase ?? "",
    },
    ageColumn,
  ],
};
