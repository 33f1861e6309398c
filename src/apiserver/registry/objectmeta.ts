// ObjectMeta rules every kind shares (apimachinery's ValidateObjectMetaAccessor / ...Update), system
// fields (uid, creationTimestamp), and generated names.
import { randomBytes, randomUUID } from "node:crypto";
import type { ObjectMeta } from "../../api/meta/v1/types.js";
import { type FieldError, forbidden, invalid, required, tooLong } from "../../api/validation/field.js";
import {
  isDNS1123Label,
  isQualifiedName,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
  type NameValidator,
} from "../../api/validation/names.js";

export const fieldImmutable = "field is immutable";

/** RFC 3339 with seconds, as metav1.Time serializes. */
export function nowTimestamp(now = Date.now()): string {
  return new Date(Math.floor(now / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export const newUID = (): string => randomUUID();

// upstream utilrand's alphabet: no vowels (no words), no confusable 0/1/3.
const alphanums = "bcdfghjklmnpqrstvwxz2456789";
const maxNameLength = 63;
const randomLength = 5;

/** generateName + 5 random characters, the base cut so the result stays a valid 63-character name. */
export function generateName(base: string): string {
  if (base.length > maxNameLength - randomLength) base = base.slice(0, maxNameLength - randomLength);
  const bytes = randomBytes(randomLength);
  let s = "";
  for (let i = 0; i < randomLength; i++) s += alphanums[bytes[i] % alphanums.length];
  return base + s;
}

const fieldManagerMaxLength = 128;

function validateOwnerReferences(refs: ObjectMeta["ownerReferences"], path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = "";
  for (const ref of refs ?? []) {
    const av = ref.apiVersion ?? "";
    const version = av.includes("/") ? av.slice(av.indexOf("/") + 1) : av;
    if (!version) errs.push(invalid(`${path}.apiVersion`, ref.apiVersion ?? "", "version must not be empty"));
    if (!ref.kind) errs.push(invalid(`${path}.kind`, ref.kind ?? "", "kind must not be empty"));
    if (!ref.name) errs.push(invalid(`${path}.name`, ref.name ?? "", "name must not be empty"));
    if (!ref.uid) errs.push(invalid(`${path}.uid`, ref.uid ?? "", "uid must not be empty"));
    if (av === "v1" && ref.kind === "Event")
      errs.push(invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          invalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`,
          ),
        );
      else firstController = cur;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) for (const m of isQualifiedName(f)) errs.push(invalid(path, f, m));
  const list = finalizers ?? [];
  if (list.includes("orphan") && list.includes("foregroundDeletion"))
    errs.push(invalid(path, list, "finalizer orphan and foregroundDeletion cannot be both set"));
  return errs;
}

function validateManagedFields(entries: ObjectMeta["managedFields"], path: string): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (e.operation !== "Apply" && e.operation !== "Update")
      errs.push(invalid(`${p}.operation`, e.operation ?? "", "must be `Apply` or `Update`"));
    if (e.fieldsType && e.fieldsType !== "FieldsV1")
      errs.push(invalid(`${p}.fieldsType`, e.fieldsType, "must be `FieldsV1`"));
    if ((e.manager ?? "").length > fieldManagerMaxLength)
      errs.push(tooLong(`${p}.manager`, "", fieldManagerMaxLength));
    if ((e.subresource ?? "").length > 256) errs.push(tooLong(`${p}.subresource`, "", 256));
  });
  return errs;
}

/** ValidateObjectMetaAccessor with the kind's name rule. */
export function validateObjectMeta(
  meta: ObjectMeta,
  namespaced: boolean,
  nameFn: NameValidator = nameIsDNSSubdomain,
  path = "metadata",
): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName)
    for (const m of nameFn(meta.generateName, true))
      errs.push(invalid(`${path}.generateName`, meta.generateName, m));
  if (!meta.name) errs.push(required(`${path}.name`, "name or generateName is required"));
  else for (const m of nameFn(meta.name, false)) errs.push(invalid(`${path}.name`, meta.name, m));
  if (namespaced) {
    if (!meta.namespace) errs.push(required(`${path}.namespace`, ""));
    else
      for (const m of isDNS1123Label(meta.namespace))
        errs.push(invalid(`${path}.namespace`, meta.namespace, m));
  } else if (meta.namespace) {
    errs.push(forbidden(`${path}.namespace`, "not allowed on this type"));
  }
  if ((meta.generation ?? 0) < 0)
    errs.push(invalid(`${path}.generation`, meta.generation, "must be greater than or equal to 0"));
  errs.push(...validateLabels(meta.labels, `${path}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${path}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${path}.finalizers`));
  errs.push(...validateManagedFields(meta.managedFields, `${path}.managedFields`));
  return errs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The update-only part of ValidateObjectMetaAccessorUpdate (the rest is validateObjectMeta on the new object). */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = "metadata"): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const extra = [...new Set(meta.finalizers ?? [])]
      .filter((f) => !(old.finalizers ?? []).includes(f))
      .sort();
    if (extra.length)
      errs.push(
        forbidden(
          `${path}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(", ")}}`,
        ),
      );
  }
  if (!meta.resourceVersion)
    errs.push(
      invalid(`${path}.resourceVersion`, meta.resourceVersion ?? "", "must be specified for an update"),
    );
  if ((meta.generation ?? 0) < (old.generation ?? 0))
    errs.push(invalid(`${path}.generation`, meta.generation ?? 0, "must not be decremented"));
  const immutable: (keyof ObjectMeta)[] = [
    "name",
    "namespace",
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
  ];
  for (const f of immutable) {
    if (!same(meta[f] ?? null, old[f] ?? null))
      errs.push(invalid(`${path}.${f}`, meta[f] ?? null, fieldImmutable));
  }
  return errs;
}
