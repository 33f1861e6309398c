// events.k8s.io/v1 events: strict validation for new-style events, expiry after an hour, core Event columns.
// Upstream validates and prints the internal core Event these objects are stored as, so the checks
// every event must pass and the table columns are core/v1's, applied to the converted object; error
// paths use core/v1 names (involvedObject, message, source...).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, invalid, required } from "../../validation/field.js";
import { eventColumns, eventTTLSeconds, validateEvent as legacyValidateEvent } from "../../core/v1/event.js";
import type { Event as CoreEvent } from "../../core/v1/event.js";
import { Event } from "./types.js";
import { toCoreV1Event } from "./conversion.js";

type Obj = Event & KubeObject;

/** The core Event this object is stored as (toCoreV1Event always sets involvedObject). */
const asCore = (e: Event) => toCoreV1Event(e) as CoreEvent;

/** legacyValidateEvent: checks every event must pass, whichever API wrote it. */
const legacyValidate = (e: Event): FieldError[] => legacyValidateEvent(asCore(e));

function validateSeries(e: Event): FieldError[] {
  if (!e.series) return [];
  const errs: FieldError[] = [];
  if ((e.series.count ?? 0) < 2) errs.push(invalid("series.count", "", "should be at least 2"));
  if (!e.series.lastObservedTime) errs.push(required("series.lastObservedTime"));
  return errs;
}

export function validateEvent(e: Event): FieldError[] {
  const errs = legacyValidate(e);
  errs.push(...validateSeries(e));
  if (!e.eventTime) errs.push(required("eventTime"));
  if (e.type !== "Normal" && e.type !== "Warning")
    errs.push(invalid("type", "", `has invalid value: ${e.type ?? ""}`));
  if (e.deprecatedFirstTimestamp) errs.push(invalid("firstTimestamp", "", "needs to be unset"));
  if (e.deprecatedLastTimestamp) errs.push(invalid("lastTimestamp", "", "needs to be unset"));
  if (e.deprecatedCount) errs.push(invalid("count", "", "needs to be unset"));
  if (e.deprecatedSource?.component || e.deprecatedSource?.host)
    errs.push(invalid("source", "", "needs to be unset"));
  return errs;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function validateEventUpdate(e: Event, old: Event): FieldError[] {
  const errs = legacyValidate(e);
  if (!same(e.series, old.series)) errs.push(...validateSeries(e));
  // Upstream's list (with "reason" checked twice), under core/v1 field names.
  const immutable: [string, unknown, unknown][] = [
    ["involvedObject", e.regarding ?? {}, old.regarding ?? {}],
    ["reason", e.reason, old.reason],
    ["message", e.note, old.note],
    ["source", e.deprecatedSource ?? {}, old.deprecatedSource ?? {}],
    ["firstTimestamp", e.deprecatedFirstTimestamp, old.deprecatedFirstTimestamp],
    ["lastTimestamp", e.deprecatedLastTimestamp, old.deprecatedLastTimestamp],
    ["count", e.deprecatedCount ?? 0, old.deprecatedCount ?? 0],
    ["reason", e.reason, old.reason],
    ["type", e.type, old.type],
    ["eventTime", e.eventTime, old.eventTime],
    ["action", e.action, old.action],
    ["related", e.related, old.related],
    ["reportingController", e.reportingController, old.reportingController],
    ["reportingInstance", e.reportingInstance, old.reportingInstance],
  ];
  for (const [field, now, before] of immutable)
    if (!same(now, before)) errs.push(invalid(field, now ?? "", "field is immutable"));
  return errs;
}

export const events: ResourceType<Obj> = {
  group: "events.k8s.io",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: Event,
  ttlSeconds: eventTTLSeconds,
  validate: validateEvent,
  validateUpdate: validateEventUpdate,
  // events.k8s.io's field labels, mapped by upstream onto core Event's selectable fields.
  fieldSelectors: {
    reason: (e) => e.reason ?? "",
    "regarding.kind": (e) => e.regarding?.kind ?? "",
    "regarding.namespace": (e) => e.regarding?.namespace ?? "",
    "regarding.name": (e) => e.regarding?.name ?? "",
    "regarding.uid": (e) => e.regarding?.uid ?? "",
    "regarding.apiVersion": (e) => e.regarding?.apiVersion ?? "",
    "regarding.resourceVersion": (e) => e.regarding?.resourceVersion ?? "",
    "regarding.fieldPath": (e) => e.regarding?.fieldPath ?? "",
    reportingController: (e) => e.reportingController ?? "",
    source: (e) => e.deprecatedSource?.component || e.reportingController || "",
    type: (e) => e.type ?? "",
  },
  printerColumns: eventColumns.map((c) => ({ ...c, cell: (e: Obj, now: number) => c.cell(asCore(e), now) })),
};
