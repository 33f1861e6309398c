// The structured-merge-diff Updater (merge/update.go): ownership bookkeeping for a write.
//   update(): other managers lose fields this write changed (or conflict, for apply without force)
//             and fields it removed;
//   Update(): a non-apply write owns what it added or modified;
//   Apply():  merge the configuration, own exactly its fields, prune fields this manager applied
//             last time and no longer does (unless someone else owns them).
// One version per resource here: conversion between versions is the identity.

import { FieldSet, type Path } from "./fieldpath.js";
import {
  compare,
  ensureNamedFieldsAreMembers,
  merge,
  removeItems,
  toFieldSet,
  validationErrorsString,
  type Comparison,
} from "./typed.js";
import type { TypeRef } from "./smdschema.js";
import { jsonEqual } from "../json.js";

/** A manager's fields at an API version; `applied` for Apply entries. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Manager identifier (JSON, see managedfields.ts) -> its fields. */
export type ManagedFields = Map<string, VersionedSet>;

export interface Conflict {
  /** The conflicting manager's identifier. */
  manager: string;
  path: Path;
}

export class ConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super(`${conflicts.length} conflicts`);
    this.name = "ConflictError";
  }
}

/** A failure that upstream reports as a plain error (500). */
export class UpdaterError extends Error {}

export class Updater {
  /** `ignored`: fields whose ownership is not tracked (the resource's reset fields, e.g. status). */
  constructor(
    private readonly type: TypeRef,
    private readonly ignored?: FieldSet,
  ) {}

  private filter(s: FieldSet): FieldSet {
    return this.ignored ? s.recursiveDifference(this.ignored) : s;
  }

  private filterComparison(c: Comparison): Comparison {
    return {
      removed: this.filter(c.removed),
      modified: this.filter(c.modified),
      added: this.filter(c.added),
    };
  }

  private update(
    oldObject: unknown,
    newObject: unknown,
    managers: ManagedFields,
    workflow: string,
    force: boolean,
  ): { managers: ManagedFields; compare: Comparison } | ConflictError {
    const cmp = this.filterComparison(compare(oldObject, newObject, this.type));
    const conflicts = new Map<string, FieldSet>();
    const removed = new Map<string, FieldSet>();
    const changed = cmp.modified.union(cmp.added);
    for (const [manager, vs] of managers) {
      if (manager === workflow) continue;
      const conflictSet = vs.set.intersection(changed);
      if (!conflictSet.empty()) conflicts.set(manager, conflictSet);
      if (!cmp.removed.empty()) removed.set(manager, cmp.removed);
    }
    if (!force && conflicts.size > 0) {
      const list: Conflict[] = [];
      for (const manager of [...conflicts.keys()].sort()) {
        for (const path of conflicts.get(manager)!.paths()) list.push({ manager, path });
      }
      return new ConflictError(list);
    }
    const out: ManagedFields = new Map(managers);
    for (const [manager, s] of conflicts) {
      const vs = out.get(manager)!;
      out.set(manager, { ...vs, set: vs.set.difference(s) });
    }
    for (const [manager, s] of removed) {
      const vs = out.get(manager)!;
      out.set(manager, { ...vs, set: vs.set.difference(s) });
    }
    for (const [manager, vs] of [...out]) if (vs.set.empty()) out.delete(manager);
    return { managers: out, compare: cmp };
  }

  /** A create, update or non-apply patch by `manager`; returns the new managers. */
  updateFields(
    liveObject: unknown,
    newObject: unknown,
    apiVersion: string,
    managers: ManagedFields,
    manager: string,
  ): ManagedFields {
    const r = this.update(liveObject, newObject, managers, manager, true);
    if (r instanceof ConflictError) throw new UpdaterError("unexpected conflicts with force");
    const out = r.managers;
    const prev = out.get(manager)?.set ?? new FieldSet();
    const set = this.filter(
      prev.difference(r.compare.removed).union(r.compare.modified).union(r.compare.added),
    );
    if (set.empty()) out.delete(manager);
    else out.set(manager, { set, apiVersion, applied: false });
    return out;
  }

  /**
   * An apply of `config` by `manager`. Returns the new object (`undefined` when nothing changed)
   * and managers, or the conflicts.
   */
  apply(
    liveObject: unknown,
    config: unknown,
    apiVersion: string,
    managers: ManagedFields,
    manager: string,
    force: boolean,
  ): { object: unknown; managers: ManagedFields } | ConflictError {
    const merged = merge(liveObject, config, this.type);
    if (merged.errs.length > 0)
      throw new UpdaterError(`failed to merge config: ${validationErrorsString(merged.errs)}`);
    let newObject: unknown = merged.out ?? null;
    const lastSet = managers.get(manager);
    const set = this.filter(toFieldSet(config, this.type));
    const withApplier: ManagedFields = new Map(managers);
    withApplier.set(manager, { set, apiVersion, applied: true });
    newObject = this.prune(newObject, withApplier, lastSet);
    const r = this.update(liveObject, newObject, withApplier, manager, force);
    if (r instanceof ConflictError) return r;
    return { object: jsonEqual(liveObject, newObject) ? undefined : newObject, managers: r.managers };
  }

  /**
   * Remove fields, list and map items iff the applier applied them last time, does not now, and no
   * other manager owns them.
   */
  private prune(merged: unknown, managers: ManagedFields, lastSet: VersionedSet | undefined): unknown {
    if (!lastSet || lastSet.set.empty()) return merged;
    const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(s, this.type);
    let pruned = removeItems(merged, ensure(lastSet.set), this.type);
    // Add back what anyone (the applier's new configuration included) owns.
    let managed = new FieldSet();
    for (const vs of managers.values()) managed = managed.union(vs.set);
    const mergedSet = ensure(toFieldSet(merged, this.type));
    pruned = removeItems(
      merged,
      mergedSet.difference(ensure(toFieldSet(pruned, this.type)).union(ensure(managed))),
      this.type,
    );
    // Add back what was removed but not owned by the applier before (dangling, or set by updaters).
    const prunedSet = ensure(toFieldSet(pruned, this.type));
    return removeItems(merged, mergedSet.difference(prunedSet).intersection(ensure(lastSet.set)), this.type);
  }
}
