// PersistentVolume: the kind and its cluster-scoped `persistentvolumes` resource.
import type { Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import {
  PersistentVolumeSpec,
  PersistentVolumeStatus,
  PersistentVolumeSourceFields,
} from "./persistentvolume-types.js";
import type { KubeObject } from "../../meta/v1/types.js";
import type { ResourceType, PrinterColumn } from "../../registry.js";
import { type FieldError, Path, required, invalid, forbidden, notSupported } from "../../validation/field.js";
import { isDNS1123Subdomain } from "../../validation/names.js";
import { nameColumn, ageColumn } from "./columns.js";
import {
  applyRBDDefaults,
  applyAzureDiskDefaults,
  applyScaleIODefaults,
  applyResourceListDefaults,
} from "./volume-defaults.js";
import { deepEqual } from "./pod-validation.js";
import { compareQuantities, canonicalQuantity, tryQuantity } from "../../resource/quantity.js";
import { Field } from "../../schema.js";
import { resourceListValue } from "./resources.js";

export const PersistentVolume = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      PersistentVolumeSpec,
      "spec defines a specification of a persistent volume owned by the cluster. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistent-volumes",
    ),
    status: Field(
      PersistentVolumeStatus,
      "status represents the current information/status for the persistent volume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistent-volumes",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.PersistentVolume",
    description: "PersistentVolume (PV) is a storage resource provisioned by an administrator.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export type PersistentVolume = Static<typeof PersistentVolume>;

export const supportedAccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
export const supportedReclaimPolicies = ["Delete", "Recycle", "Retain"];
export const supportedVolumeModes = ["Block", "Filesystem"];
/** The beta annotation that predates spec.storageClassName and still wins over it. */
export const betaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

/** SetObjectDefaults_PersistentVolume. */
export function applyPersistentVolumeDefaults(pv: PersistentVolume): void {
  pv.status ??= {};
  if (!pv.status.phase) pv.status.phase = "Pending";
  pv.spec ??= {};
  const spec = pv.spec;
  applyResourceListDefaults(spec.capacity);
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
  spec.volumeMode ??= "Filesystem";
  if (spec.hostPath) spec.hostPath.type ??= "";
  if (spec.rbd) applyRBDDefaults(spec.rbd);
  if (spec.iscsi) spec.iscsi.iscsiInterface ??= "default";
  if (spec.azureDisk) applyAzureDiskDefaults(spec.azureDisk);
  if (spec.scaleIO) applyScaleIODefaults(spec.scaleIO);
}

/** "RWO,ROX,RWX,RWOP" in that order, duplicates dropped (helper.GetAccessModesAsString). */
export function accessModesString(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has("ReadWriteOnce")) out.push("RWO");
  if (m.has("ReadOnlyMany")) out.push("ROX");
  if (m.has("ReadWriteMany")) out.push("RWX");
  if (m.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

/** The storage class: the beta annotation if present, else spec.storageClassName. */
export function storageClassOf(obj: {
  metadata?: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string };
}): string {
  const ann = obj.metadata?.annotations?.[betaStorageClassAnnotation];
  if (ann !== undefined) return ann;
  return obj.spec?.storageClassName ?? "";
}

const pvSourceKeys = Object.keys(PersistentVolumeSourceFields);

/** validateAccessModes, shared with claims: known modes, and ReadWriteOncePod alone. */
export function validateAccessModes(modes: string[], p: Path, errs: FieldError[]): void {
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!supportedAccessModes.includes(m)) errs.push(notSupported(p.s, m, supportedAccessModes));
    if (m === "ReadWriteOncePod") rwop = true;
    else if (supportedAccessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(p.s, "may not use ReadWriteOncePod with other access modes"));
}

/** ValidatePersistentVolumeSpec (non-inline) for the rules users meet. */
export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const errs: FieldError[] = [];
  const spec = pv.spec ?? {};
  const p = new Path("spec");
  if (!spec.accessModes || spec.accessModes.length === 0) errs.push(required(p.child("accessModes").s));
  validateAccessModes(spec.accessModes ?? [], p.child("accessModes"), errs);
  const capacity = spec.capacity ?? {};
  const capKeys = Object.keys(capacity);
  if (capKeys.length === 0) errs.push(required(p.child("capacity").s));
  if (!("storage" in capacity) || capKeys.length > 1)
    errs.push(notSupported(p.child("capacity").s, resourceListValue(capacity), ["storage"]));
  for (const [r, text] of Object.entries(capacity)) {
    const q = tryQuantity(text);
    if (q && compareQuantities(q, 0) <= 0)
      errs.push(invalid(p.child("capacity").key(r).s, canonicalQuantity(q), "must be greater than zero"));
  }
  if (
    spec.persistentVolumeReclaimPolicy &&
    !supportedReclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)
  )
    errs.push(
      notSupported(
        p.child("persistentVolumeReclaimPolicy").s,
        spec.persistentVolumeReclaimPolicy,
        supportedReclaimPolicies,
      ),
    );
  const sources = pvSourceKeys.filter((k) => (spec as Record<string, unknown>)[k] != null);
  if (sources.length === 0) errs.push(required(p.s, "must specify a volume type"));
  for (const extra of sources.slice(1))
    errs.push(forbidden(p.child(extra).s, "may not specify more than 1 volume type"));
  if (spec.hostPath && !spec.hostPath.path) errs.push(required(p.child("hostPath").child("path").s));
  if (spec.nfs) {
    if (!spec.nfs.server) errs.push(required(p.child("nfs").child("server").s));
    if (!spec.nfs.path) errs.push(required(p.child("nfs").child("path").s));
  }
  if (spec.local) {
    if (!spec.local.path) errs.push(required(p.child("local").child("path").s));
    if (sources[0] === "local" && !spec.nodeAffinity?.required)
      errs.push(required(p.child("nodeAffinity").s, "Local volume requires node affinity"));
  }
  if (spec.csi) {
    if (!spec.csi.driver) errs.push(required(p.child("csi").child("driver").s));
    if (!spec.csi.volumeHandle) errs.push(required(p.child("csi").child("volumeHandle").s));
  }
  if (
    spec.hostPath &&
    spec.hostPath.path?.replace(/\/+$/, "") === "" &&
    spec.persistentVolumeReclaimPolicy === "Recycle"
  )
    errs.push(
      forbidden(
        p.child("persistentVolumeReclaimPolicy").s,
        "may not be 'recycle' for a hostPath mount of '/'",
      ),
    );
  if (spec.storageClassName)
    for (const m of isDNS1123Subdomain(spec.storageClassName))
      errs.push(invalid(p.child("storageClassName").s, spec.storageClassName, m));
  if (spec.volumeMode && !supportedVolumeModes.includes(spec.volumeMode))
    errs.push(notSupported(p.child("volumeMode").s, spec.volumeMode, supportedVolumeModes));
  return errs;
}

/** ValidatePersistentVolumeUpdate: the volume source and volumeMode are immutable. */
export function validatePersistentVolumeUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const source = (o: PersistentVolume) =>
    Object.fromEntries(pvSourceKeys.map((k) => [k, (o.spec as Record<string, unknown> | undefined)?.[k]]));
  const newSource = source(pv);
  const oldSource = source(old);
  // A CSI volume may gain a controllerExpandSecretRef later.
  const oldCSI = old.spec?.csi;
  const newCSI = pv.spec?.csi;
  if (oldCSI && !oldCSI.controllerExpandSecretRef && newCSI?.controllerExpandSecretRef)
    newSource.csi = { ...newCSI, controllerExpandSecretRef: undefined };
  if (!deepEqual(newSource, oldSource))
    errs.push(
      forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"),
    );
  if ((pv.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null))
    errs.push(invalid("volumeMode", pv.spec?.volumeMode ?? null, "field is immutable"));
  if (old.spec?.nodeAffinity && !deepEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity))
    errs.push(invalid("nodeAffinity", pv.spec?.nodeAffinity ?? null, "field is immutable"));
  return errs;
}

const unset = (s: string | undefined) => (s === undefined ? "<unset>" : s);

/** A quantity as upstream prints it (canonical; "0" when absent). */
export function quantityCell(q: string | number | undefined): string {
  const parsed = tryQuantity(q);
  return parsed ? canonicalQuantity(parsed) : q === undefined ? "0" : String(q);
}

export const persistentVolumeColumns: PrinterColumn[] = [
  nameColumn,
  {
    name: "Capacity",
    type: "string",
    priority: 0,
    description: "capacity is the description of the persistent volume's resources and capacity.",
    cell: (pv: PersistentVolume) => quantityCell(pv.spec?.capacity?.storage),
  },
  {
    name: "Access Modes",
    type: "string",
    priority: 0,
    description: "accessModes contains all ways the volume can be mounted.",
    cell: (pv: PersistentVolume) => accessModesString(pv.spec?.accessModes),
  },
  {
    name: "Reclaim Policy",
    type: "string",
    priority: 0,
    description:
      "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.",
    cell: (pv: PersistentVolume) => pv.spec?.persistentVolumeReclaimPolicy ?? "",
  },
  {
    name: "Status",
    type: "string",
    priority: 0,
    description: "phase indicates if a volume is available, bound to a claim, or released by a claim.",
    cell: (pv: PersistentVolume) =>
      pv.metadata?.deletionTimestamp ? "Terminating" : (pv.status?.phase ?? ""),
  },
  {
    name: "Claim",
    type: "string",
    priority: 0,
    description:
      "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.",
    cell: (pv: PersistentVolume) =>
      pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ""}/${pv.spec.claimRef.name ?? ""}` : "",
  },
  {
    name: "StorageClass",
    type: "string",
    priority: 0,
    description: "StorageClass of the pv",
    cell: (pv: PersistentVolume) => storageClassOf(pv),
  },
  {
    name: "VolumeAttributesClass",
    type: "string",
    priority: 0,
    description: "VolumeAttributesClass of the pv",
    cell: (pv: PersistentVolume) => unset(pv.spec?.volumeAttributesClassName),
  },
  {
    name: "Reason",
    type: "string",
    priority: 0,
    description:
      "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.",
    cell: (pv: PersistentVolume) => pv.status?.reason ?? "",
  },
  ageColumn,
  {
    name: "VolumeMode",
    type: "string",
    priority: 1,
    description:
      "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.",
    cell: (pv: PersistentVolume) => unset(pv.spec?.volumeMode),
  },
];

export const persistentvolumes: ResourceType<PersistentVolume & KubeObject> = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  plural: "persistentvolumes",
  singular: "persistentvolume",
  namespaced: false,
  shortNames: ["pv"],
  schema: PersistentVolume,
  status: true,
  defaults: (pv) => applyPersistentVolumeDefaults(pv),
  prepareForCreate: (pv) => {
    // A new volume is Pending since its creation (the strategy stamps the phase transition time).
    pv.status = {
      phase: "Pending",
      lastPhaseTransitionTime:
        pv.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    };
  },
  prepareForUpdate: (pv, old) => {
    pv.status = old.status;
  },
  validate: (pv) => validatePersistentVolume(pv),
  validateUpdate: (pv, old) => validatePersistentVolumeUpdate(pv, old),
  printerColumns: persistentVolumeColumns,
};
