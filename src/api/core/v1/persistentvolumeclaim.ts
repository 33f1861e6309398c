// PersistentVolumeClaim: the kind and its `persistentvolumeclaims` resource.
import type { Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { PersistentVolumeClaimSpec, PersistentVolumeClaimStatus } from "./persistentvolumeclaim-types.js";
import type { PersistentVolumeClaimSpec as ClaimSpec } from "./persistentvolumeclaim-types.js";
import type { KubeObject } from "../../meta/v1/types.js";
import type { ResourceType, PrinterColumn } from "../../registry.js";
import { type FieldError, Path, required, invalid, forbidden, notSupported } from "../../validation/field.js";
import { isDNS1123Subdomain, isDNS1123Label } from "../../validation/names.js";
import { nameColumn, ageColumn } from "./columns.js";
import { applyPersistentVolumeClaimSpecDefaults, applyResourceListDefaults } from "./volume-defaults.js";
import { deepEqual } from "./pod-validation.js";
import { compareQuantities, canonicalQuantity, tryQuantity } from "../../resource/quantity.js";
import {
  accessModesString,
  storageClassOf,
  supportedVolumeModes,
  validateAccessModes,
  betaStorageClassAnnotation,
  quantityCell,
} from "./persistentvolume.js";
import { Field } from "../../schema.js";

export const PersistentVolumeClaim = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      PersistentVolumeClaimSpec,
      "spec defines the desired characteristics of a volume requested by a pod author. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
    ),
    status: Field(
      PersistentVolumeClaimStatus,
      "status represents the current information/status of a persistent volume claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolumeClaim",
    description: "PersistentVolumeClaim is a user's request for and claim to a persistent volume",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export type PersistentVolumeClaim = Static<typeof PersistentVolumeClaim>;

/** SetObjectDefaults_PersistentVolumeClaim. */
export function applyPersistentVolumeClaimDefaults(pvc: PersistentVolumeClaim): void {
  pvc.status ??= {};
  if (!pvc.status.phase) pvc.status.phase = "Pending";
  pvc.spec ??= {};
  applyPersistentVolumeClaimSpecDefaults(pvc.spec);
  applyResourceListDefaults(pvc.status.capacity);
  applyResourceListDefaults(pvc.status.allocatedResources);
}

/**
 * NormalizeDataSources: dataSource and dataSourceRef mirror each other when only one is set
 * (a dataSourceRef with a namespace has no dataSource equivalent).
 */
export function normalizeDataSources(spec: ClaimSpec): void {
  if (spec.dataSource && !spec.dataSourceRef) {
    spec.dataSourceRef = { ...spec.dataSource };
  } else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace) {
    const { apiGroup, kind, name } = spec.dataSourceRef;
    spec.dataSource = { kind, name, ...(apiGroup !== undefined ? { apiGroup } : {}) };
  }
}

function validateDataSource(
  ref: { apiGroup?: string; kind?: string; name?: string; namespace?: string },
  p: Path,
  errs: FieldError[],
): void {
  if (!ref.name) errs.push(required(p.child("name").s));
  if (!ref.kind) errs.push(required(p.child("kind").s));
  const group = ref.apiGroup ?? "";
  if (!group && ref.kind !== "PersistentVolumeClaim")
    errs.push(
      invalid(p.s, ref.kind ?? "", "must be 'PersistentVolumeClaim' when referencing the default apiGroup"),
    );
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(invalid(p.child("apiGroup").s, group, m));
  if (ref.namespace)
    for (const m of isDNS1123Label(ref.namespace))
      errs.push(invalid(p.child("namespace").s, ref.namespace, m));
}

/** ValidatePersistentVolumeClaimSpec, also used for ephemeral volume and StatefulSet claim templates. */
export function validatePersistentVolumeClaimSpec(spec: ClaimSpec, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.accessModes || spec.accessModes.length === 0)
    errs.push(required(p.child("accessModes").s, "at least 1 access mode is required"));
  validateAccessModes(spec.accessModes ?? [], p.child("accessModes"), errs);
  const storage = spec.resources?.requests?.storage;
  const storagePath = p.child("resources").key("storage");
  if (storage === undefined) errs.push(required(storagePath.s));
  else {
    const q = tryQuantity(storage);
    if (q && compareQuantities(q, 0) <= 0)
      errs.push(invalid(storagePath.s, canonicalQuantity(q), "must be greater than zero"));
  }
  if (spec.storageClassName)
    for (const m of isDNS1123Subdomain(spec.storageClassName))
      errs.push(invalid(p.child("storageClassName").s, spec.storageClassName, m));
  if (spec.volumeMode !== undefined && !supportedVolumeModes.includes(spec.volumeMode))
    errs.push(notSupported(p.child("volumeMode").s, spec.volumeMode, supportedVolumeModes));
  if (spec.dataSource) validateDataSource(spec.dataSource, p.child("dataSource"), errs);
  if (spec.dataSourceRef) validateDataSource(spec.dataSourceRef, p.child("dataSourceRef"), errs);
  if (spec.dataSourceRef?.namespace) {
    if (spec.dataSource)
      errs.push(
        invalid(
          p.s,
          p.child("dataSource").s,
          "may not be specified when dataSourceRef.namespace is specified",
        ),
      );
  } else if (spec.dataSource && spec.dataSourceRef) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if (a.apiGroup !== b.apiGroup || a.kind !== b.kind || a.name !== b.name)
      errs.push(invalid(p.s, p.child("dataSource").s, "must match dataSourceRef"));
  }
  if (spec.volumeAttributesClassName)
    for (const m of isDNS1123Subdomain(spec.volumeAttributesClassName))
      errs.push(invalid(p.child("volumeAttributesClassName").s, spec.volumeAttributesClassName, m));
  return errs;
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  return validatePersistentVolumeClaimSpec(pvc.spec ?? {}, new Path("spec"));
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable except volumeName (set once by the binder),
 * storage requests of bound claims (growing only) and volumeAttributesClassName.
 */
export function validatePersistentVolumeClaimUpdate(
  pvc: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
): FieldError[] {
  const errs = validatePersistentVolumeClaim(pvc);
  const newSpec = structuredClone(pvc.spec ?? {});
  const oldSpec = structuredClone(old.spec ?? {});
  if (!oldSpec.volumeName) {
    if (newSpec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = newSpec.volumeName;
  }
  const oldAnn = old.metadata?.annotations?.[betaStorageClassAnnotation];
  const newAnn = pvc.metadata?.annotations?.[betaStorageClassAnnotation];
  if (
    oldAnn !== undefined &&
    oldSpec.storageClassName === undefined &&
    newSpec.storageClassName === oldAnn &&
    (newAnn === undefined || newAnn === oldAnn)
  ) {
    // The upgrade path from the beta annotation to the field.
    delete newSpec.storageClassName;
  } else if (oldAnn !== newAnn) {
    errs.push(
      invalid(`metadata.annotations[${betaStorageClassAnnotation}]`, newAnn ?? "", "field is immutable"),
    );
  }
  if (pvc.status?.phase === "Bound" && newSpec.resources?.requests) {
    const oldStorage = old.spec?.resources?.requests?.storage;
    if (oldStorage === undefined) delete newSpec.resources.requests.storage;
    else newSpec.resources.requests.storage = oldStorage;
  }
  if (oldSpec.volumeAttributesClassName === undefined) delete newSpec.volumeAttributesClassName;
  else newSpec.volumeAttributesClassName = oldSpec.volumeAttributesClassName;
  if (!deepEqual(newSpec, oldSpec))
    errs.push(
      forbidden(
        "spec",
        "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
      ),
    );
  const size = (q: string | number | undefined) => tryQuantity(q) ?? tryQuantity(0)!;
  const oldSize = size(old.spec?.resources?.requests?.storage);
  const newSize = size(pvc.spec?.resources?.requests?.storage);
  const statusSize = size(old.status?.capacity?.storage);
  // RecoverVolumeExpansionFailure (GA): shrinking is allowed down to, but not to or below, status.capacity.
  if (compareQuantities(newSize, oldSize) < 0 && compareQuantities(newSize, statusSize) <= 0)
    errs.push(forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
  if ((pvc.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null))
    errs.push(invalid("volumeMode", pvc.spec?.volumeMode ?? null, "field is immutable"));
  if (old.spec?.volumeAttributesClassName !== undefined) {
    if (pvc.spec?.volumeAttributesClassName === undefined)
      errs.push(forbidden("spec.volumeAttributesClassName", "update from non-nil value to nil is forbidden"));
    else if (pvc.spec.volumeAttributesClassName === "")
      errs.push(
        forbidden(
          "spec.volumeAttributesClassName",
          "update from non-nil value to an empty string is forbidden",
        ),
      );
  }
  return errs;
}

const unset = (s: string | undefined) => (s === undefined ? "<unset>" : s);

export const persistentVolumeClaimColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    priority: 0,
    description: "phase represents the current phase of PersistentVolumeClaim.",
    cell: (c: PersistentVolumeClaim) =>
      c.metadata?.deletionTimestamp ? "Terminating" : (c.status?.phase ?? ""),
  },
  {
    name: "Volume",
    type: "string",
    priority: 0,
    description: "volumeName is the binding reference to the PersistentVolume backing this claim.",
    cell: (c: PersistentVolumeClaim) => c.spec?.volumeName ?? "",
  },
  {
    name: "Capacity",
    type: "string",
    priority: 0,
    description: "capacity represents the actual resources of the underlying volume.",
    cell: (c: PersistentVolumeClaim) => (c.spec?.volumeName ? quantityCell(c.status?.capacity?.storage) : ""),
  },
  {
    name: "Access Modes",
    type: "string",
    priority: 0,
    description: "accessModes contains the actual access modes the volume backing the PVC has.",
    cell: (c: PersistentVolumeClaim) => (c.spec?.volumeName ? accessModesString(c.status?.accessModes) : ""),
  },
  {
    name: "StorageClass",
    type: "string",
    priority: 0,
    description: "StorageClass of the pvc",
    cell: (c: PersistentVolumeClaim) => storageClassOf(c),
  },
  {
    name: "VolumeAttributesClass",
    type: "string",
    priority: 0,
    description: "VolumeAttributesClass of the pvc",
    cell: (c: PersistentVolumeClaim) => unset(c.spec?.volumeAttributesClassName),
  },
  ageColumn,
  {
    name: "VolumeMode",
    type: "string",
    priority: 1,
    description: "volumeMode defines what type of volume is required by the claim.",
    cell: (c: PersistentVolumeClaim) => unset(c.spec?.volumeMode),
  },
];

export const persistentvolumeclaims: ResourceType<PersistentVolumeClaim & KubeObject> = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  plural: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  namespaced: true,
  shortNames: ["pvc"],
  schema: PersistentVolumeClaim,
  status: true,
  defaults: (pvc) => applyPersistentVolumeClaimDefaults(pvc),
  prepareForCreate: (pvc) => {
    // Status is the binder's; a new claim reads back as Pending (upstream re-defaults it on read).
    pvc.status = { phase: "Pending" };
    if (pvc.spec) normalizeDataSources(pvc.spec);
  },
  prepareForUpdate: (pvc, old) => {
    pvc.status = old.status;
    if (pvc.spec) normalizeDataSources(pvc.spec);
  },
  validate: (pvc) => validatePersistentVolumeClaim(pvc),
  validateUpdate: (pvc, old) => validatePersistentVolumeClaimUpdate(pvc, old),
  printerColumns: persistentVolumeClaimColumns,
};
