// metadata.managedFields <-> per-manager field sets (k8s.io/apimachinery/pkg/util/managedfields/
// internal: managedfields.go, fields.go, capmanagers.go). A manager is identified by the JSON of its
// entry without fieldsType, fieldsV1 and time (and without apiVersion for Apply entries), so one
// entry exists per (manager, operation, subresource) for appliers and per
// (manager, operation, apiVersion, subresource) for updaters.

import { goJSONString } from "../gofmt.js";
import { isObject } from "../json.js";
import { FieldSet, FieldsV1Error } from "./fieldpath.js";
import type { ManagedFields, VersionedSet } from "./updater.js";

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Field sets by manager identifier, and the time of each manager's last change. */
export interface Managed {
  fields: ManagedFields;
  times: Map<string, string | undefined>;
}

export const emptyManaged = (): Managed => ({ fields: new Map(), times: new Map() });

export class ManagedFieldsError extends Error {}

/** BuildManagerIdentifier. */
export function buildManagerIdentifier(e: {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}): string {
  const parts: string[] = [];
  if (e.manager) parts.push(`"manager":${goJSONString(e.manager)}`);
  if (e.operation) parts.push(`"operation":${goJSONString(e.operation)}`);
  if (e.apiVersion && e.operation !== "Apply") parts.push(`"apiVersion":${goJSONString(e.apiVersion)}`);
  if (e.subresource) parts.push(`"subresource":${goJSONString(e.subresource)}`);
  return "{" + parts.join(",") + "}";
}

/** The entry fields an identifier carries. */
export function parseManagerIdentifier(id: string): {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
} {
  try {
    const v = JSON.parse(id) as unknown;
    if (!isObject(v)) return {};
    const str = (k: string) => (typeof v[k] === "string" ? v[k] : undefined);
    return {
      manager: str("manager"),
      operation: str("operation"),
      apiVersion: str("apiVersion"),
      subresource: str("subresource"),
    };
  } catch {
    return {};
  }
}

/** DecodeManagedFields. */
export function decodeManagedFields(entries: unknown): Managed {
  const managed = emptyManaged();
  if (entries === undefined || entries === null) return managed;
  if (!Array.isArray(entries)) throw new ManagedFieldsError("managedFields must be a list");
  entries.forEach((raw, i) => {
    const e = (isObject(raw) ? raw : {}) as ManagedFieldsEntry;
    if (e.operation !== "Apply" && e.operation !== "Update")
      throw new ManagedFieldsError("operation must be `Apply` or `Update`");
    if (!e.apiVersion) throw new ManagedFieldsError("apiVersion must not be empty");
    if (!e.fieldsType) throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (e.fieldsType !== "FieldsV1")
      throw new ManagedFieldsError(`invalid fieldsType "${e.fieldsType}" in managed fields entry ${i}`);
    const id = buildManagerIdentifier(e);
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    } catch (err) {
      if (err instanceof FieldsV1Error) {
        throw new ManagedFieldsError(
          `error decoding versioned set from ${JSON.stringify(raw)}: error decoding set: ${err.message}`,
        );
      }
      throw err;
    }
    managed.fields.set(id, { set, apiVersion: e.apiVersion, applied: e.operation === "Apply" });
    managed.times.set(id, typeof e.time === "string" ? e.time : undefined);
  });
  return managed;
}

/** Decode, or an empty set of managers when the entries are unreadable (emptyManagedFieldsOnErr). */
export function decodeManagedFieldsOrEmpty(entries: unknown): Managed {
  try {
    return decodeManagedFields(entries);
  } catch (e) {
    if (e instanceof ManagedFieldsError) return emptyManaged();
    throw e;
  }
}

/** encodeManagedFields: entries sorted as upstream sorts them; `undefined` when there are none. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) entries.push(encodeEntry(id, vs, managed.times.get(id)));
  entries.sort(compareEntries);
  return entries;
}

function encodeEntry(id: string, vs: VersionedSet, time: string | undefined): ManagedFieldsEntry {
  const parsed = parseManagerIdentifier(id);
  // Field order of metav1.ManagedFieldsEntry.
  const e: ManagedFieldsEntry = {};
  if (parsed.manager) e.manager = parsed.manager;
  const operation = vs.applied ? "Apply" : parsed.operation;
  if (operation) e.operation = operation;
  if (vs.apiVersion) e.apiVersion = vs.apiVersion;
  if (time) e.time = time;
  e.fieldsType = "FieldsV1";
  e.fieldsV1 = vs.set.toFieldsV1();
  if (parsed.subresource) e.subresource = parsed.subresource;
  return e;
}

function seconds(t: string | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const cmpStr = (a = "", b = "") => (a < b ? -1 : a > b ? 1 : 0);

/** sortEncodedManagedFields: by operation, time (seconds), manager, apiVersion, subresource. */
function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  if (p.operation !== q.operation) return cmpStr(p.operation, q.operation);
  const ps = seconds(p.time);
  const qs = seconds(q.time);
  if (ps !== qs) return ps < qs ? -1 : 1;
  return (
    cmpStr(p.manager, q.manager) || cmpStr(p.apiVersion, q.apiVersion) || cmpStr(p.subresource, q.subresource)
  );
}

/** metav1.Time as JSON: RFC 3339, seconds, UTC. */
export function formatTime(now: Date | string): string {
  const d = typeof now === "string" ? new Date(now) : now;
  return d.toISOString().replace(/\.\d+Z$/, "Z");
}

/** DefaultMaxUpdateManagers. */
export const maxUpdateManagers = 10;

/**
 * capUpdateManagers: when more than 10 managers come from updates, the oldest are merged into one
 * "ancient-changes" entry per API version.
 */
export function capUpdateManagers(managed: Managed): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= maxUpdateManagers) return;
  updaters.sort((a, b) => {
    const sa = seconds(managed.times.get(a));
    const sb = seconds(managed.times.get(b));
    if (sa !== sb) return sa < sb ? -1 : 1;
    return cmpStr(a, b);
  });
  const versionToFirstManager = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > maxUpdateManagers; i++) {
    const manager = updaters[i];
    const vs = managed.fields.get(manager)!;
    const time = managed.times.get(manager);
    const version = vs.apiVersion;
    const bucket = buildManagerIdentifier({
      manager: "ancient-changes",
      operation: "Update",
      apiVersion: version,
    });
    const first = versionToFirstManager.get(version);
    if (first !== undefined) {
      if (!managed.fields.has(bucket)) {
        const s = managed.fields.get(first)!;
        managed.fields.delete(first);
        managed.fields.set(bucket, s);
      }
      managed.fields.set(bucket, {
        set: vs.set.union(managed.fields.get(bucket)!.set),
        apiVersion: vs.apiVersion,
        applied: vs.applied,
      });
      managed.fields.delete(manager);
      length--;
      managed.times.set(bucket, time);
    } else {
      versionToFirstManager.set(version, manager);
    }
  }
}
