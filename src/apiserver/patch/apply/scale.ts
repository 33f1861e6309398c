// The /scale subresource's managed fields (k8s.io/apimachinery/pkg/util/managedfields/
// scalehandler.go). A write to /scale runs the field manager on the autoscaling/v1 Scale object;
// its entries are derived from the parent's (only who owns the replicas field) and mapped back.

import { FieldSet, fieldPE, type Path } from "./fieldpath.js";
import {
  decodeManagedFields,
  encodeManagedFields,
  type Managed,
  type ManagedFieldsEntry,
} from "./managedfields.js";

const scaleGroupVersion = "autoscaling/v1";
const replicasPathInScale: Path = [fieldPE("spec"), fieldPE("replicas")];

/**
 * The replicas field of the parent per API version, e.g. {"apps/v1": ["spec", "replicas"]};
 * null for a version without scale (custom resources).
 */
export type ResourcePathMappings = Readonly<Record<string, readonly string[] | null>>;

const toPath = (p: readonly string[]): Path => p.map(fieldPE);

/** ToSubresource: the Scale's managedFields, from the parent's (managers of the replicas field). */
export function scaleToSubresource(
  parentEntries: unknown,
  mappings: ResourcePathMappings,
): ManagedFieldsEntry[] | undefined {
  const managed = decodeManagedFields(parentEntries);
  const out: Managed = { fields: new Map(), times: new Map() };
  for (const [manager, vs] of managed.fields) {
    const path = mappings[vs.apiVersion];
    if (!path) continue;
    if (vs.set.has(toPath(path))) {
      out.fields.set(manager, {
        set: FieldSet.of(replicasPathInScale),
        apiVersion: scaleGroupVersion,
        applied: vs.applied,
      });
      out.times.set(manager, managed.times.get(manager));
    }
  }
  return encodeManagedFields(out);
}

/**
 * ToParent: the parent's managedFields after a write to /scale, from its entries before the write
 * and the Scale's entries after it. Managers of the parent's replicas field that are not Scale
 * managers any more lose it; Scale managers own the parent's replicas field.
 */
export function scaleToParent(
  parentEntries: unknown,
  scaleEntries: unknown,
  parentGroupVersion: string,
  mappings: ResourcePathMappings,
): ManagedFieldsEntry[] | undefined {
  const parent = decodeManagedFields(parentEntries);
  const scale = decodeManagedFields(scaleEntries);
  const scaleFields = new Map(scale.fields);
  const out: Managed = { fields: new Map(), times: new Map() };
  for (const [manager, vs] of parent.fields) {
    if (!(vs.apiVersion in mappings)) continue;
    const path = mappings[vs.apiVersion];
    if (!path || !vs.set.has(toPath(path))) {
      out.fields.set(manager, vs);
      out.times.set(manager, parent.times.get(manager));
      continue;
    }
    if (!scaleFields.has(manager)) {
      const set = vs.set.difference(FieldSet.of(toPath(path)));
      if (!set.empty()) {
        out.fields.set(manager, { ...vs, set });
        out.times.set(manager, parent.times.get(manager));
      }
    } else {
      out.fields.set(manager, vs);
      out.times.set(manager, parent.times.get(manager));
      scaleFields.delete(manager);
    }
  }
  const parentPath = mappings[parentGroupVersion];
  for (const [manager, vs] of scaleFields) {
    if (!vs.set.has(replicasPathInScale) || !parentPath) continue;
    out.fields.set(manager, {
      set: FieldSet.of(toPath(parentPath)),
      apiVersion: parentGroupVersion,
      applied: vs.applied,
    });
    // Upstream takes the time from the parent's entries (none for a new manager).
    out.times.set(manager, parent.times.get(manager));
  }
  return encodeManagedFields(out);
}
