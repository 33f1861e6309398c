// storageclasses.storage.k8s.io: cluster-scoped; provisioner, parameters and reclaimPolicy fixed after create.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import {
  type FieldError,
  duplicate,
  forbidden,
  invalid,
  notSupported,
  required,
  tooLong,
} from "../../validation/field.js";
import { isQualifiedName } from "../../validation/names.js";
import { StorageClass } from "./types.js";
import { nameColumn, ageColumn } from "../../printers/columns.js";

type Obj = StorageClass & KubeObject;
type Term = NonNullable<StorageClass["allowedTopologies"]>[number];

const maxProvisionerParameterSize = 256 * 1024;
const maxProvisionerParameterLen = 512;
const supportedReclaimPolicies = ["Delete", "Retain"];
const supportedVolumeBindingModes = ["Immediate", "WaitForFirstConsumer"];

/** The annotations that mark the cluster's default class (GA and beta spellings). */
export function isDefaultStorageClass(obj: { metadata?: { annotations?: Record<string, string> } }): boolean {
  const a = obj.metadata?.annotations ?? {};
  return (
    a["storageclass.kubernetes.io/is-default-class"] === "true" ||
    a["storageclass.beta.kubernetes.io/is-default-class"] === "true"
  );
}

function validateParameters(params: Record<string, string> | undefined): FieldError[] {
  const entries = Object.entries(params ?? {});
  if (entries.length > maxProvisionerParameterLen)
    return [tooLong("parameters", "Provisioner Parameters exceeded max allowed", maxProvisionerParameterLen)];
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(invalid("parameters", k, "field can not be empty."));
    total += k.length + v.length;
  }
  if (total > maxProvisionerParameterSize) errs.push(tooLong("parameters", "", maxProvisionerParameterSize));
  return errs;
}

/** ValidateTopologySelectorTerm for each term, plus duplicate terms. */
function validateAllowedTopologies(terms: Term[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen: string[] = [];
  (terms ?? []).forEach((term, i) => {
    const exprPath = `allowedTopologies[${i}].matchLabelExpressions`;
    const exprMap = new Map<string, string[]>();
    (term.matchLabelExpressions ?? []).forEach((req, j) => {
      const p = `${exprPath}[${j}]`;
      const values = req.values ?? [];
      if (values.length === 0) errs.push(required(`${p}.values`));
      const set = new Set<string>();
      values.forEach((v, k) => {
        if (set.has(v)) errs.push(duplicate(`${p}.values[${k}]`, v));
        set.add(v);
      });
      for (const m of isQualifiedName(req.key)) errs.push(invalid(`${p}.key`, req.key, m));
      if (exprMap.has(req.key)) errs.push(duplicate(`${p}.key`, req.key));
      exprMap.set(req.key, [...set].sort());
    });
    const canonical = JSON.stringify([...exprMap.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (seen.includes(canonical)) errs.push(duplicate(exprPath, ""));
    seen.push(canonical);
  });
  return errs;
}

export function validateStorageClass(obj: StorageClass): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = obj.provisioner ?? "";
  if (provisioner.length === 0) errs.push(required("provisioner", provisioner));
  else
    for (const m of isQualifiedName(provisioner.toLowerCase()))
      errs.push(invalid("provisioner", provisioner.toLowerCase(), m));
  errs.push(...validateParameters(obj.parameters));
  if (obj.reclaimPolicy && !supportedReclaimPolicies.includes(obj.reclaimPolicy))
    errs.push(notSupported("reclaimPolicy", obj.reclaimPolicy, supportedReclaimPolicies));
  if (obj.volumeBindingMode === undefined) errs.push(required("volumeBindingMode"));
  else if (!supportedVolumeBindingModes.includes(obj.volumeBindingMode))
    errs.push(notSupported("volumeBindingMode", obj.volumeBindingMode, supportedVolumeBindingModes));
  errs.push(...validateAllowedTopologies(obj.allowedTopologies));
  return errs;
}

const sameMap = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) => {
  const ea = Object.entries(a ?? {}).sort();
  const eb = Object.entries(b ?? {}).sort();
  return JSON.stringify(ea) === JSON.stringify(eb);
};

export function validateStorageClassUpdate(obj: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateStorageClass(obj);
  if (!sameMap(obj.parameters, old.parameters))
    errs.push(forbidden("parameters", "updates to parameters are forbidden."));
  if (obj.provisioner !== old.provisioner)
    errs.push(forbidden("provisioner", "updates to provisioner are forbidden."));
  if (obj.reclaimPolicy !== old.reclaimPolicy)
    errs.push(forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  if (obj.volumeBindingMode !== old.volumeBindingMode)
    errs.push(invalid("volumeBindingMode", obj.volumeBindingMode ?? "", "field is immutable"));
  return errs;
}

export const storageClasses: ResourceType<Obj> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  plural: "storageclasses",
  singular: "storageclass",
  namespaced: false,
  shortNames: ["sc"],
  schema: StorageClass,
  defaults: (obj) => {
    obj.reclaimPolicy ??= "Delete";
    obj.volumeBindingMode ??= "Immediate";
  },
  validate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
  printerColumns: [
    {
      ...nameColumn,
      cell: (o: Obj) => (o.metadata.name ?? "") + (isDefaultStorageClass(o) ? " (default)" : ""),
    },
    {
      name: "Provisioner",
      type: "string",
      description: "provisioner indicates the type of the provisioner.",
      priority: 0,
      cell: (o: Obj) => o.provisioner,
    },
    {
      name: "ReclaimPolicy",
      type: "string",
      description:
        "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.",
      priority: 0,
      cell: (o: Obj) => o.reclaimPolicy ?? "Delete",
    },
    {
      name: "VolumeBindingMode",
      type: "string",
      description: "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.",
      priority: 0,
      cell: (o: Obj) => o.volumeBindingMode ?? "Immediate",
    },
    {
      name: "AllowVolumeExpansion",
      type: "string",
      description: "allowVolumeExpansion shows whether the storage class allow volume expand.",
      priority: 0,
      cell: (o: Obj) => o.allowVolumeExpansion ?? false,
    },
    ageColumn,
  ],
};
