// events.k8s.io/v1 events: strict validation for new-style events, expiry after an hour, core Event columns.
// Error paths use core/v1 names (involvedObject, message, source...) because upstream validates the
// internal core Event these objects are stored as.
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, invalid, required } from "../../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName } from "../../validation/names.js";
import { age } from "../../printers/age.js";
import { Event } from "./types.js";

type Obj = Event & KubeObject;

const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

/** legacyValidateEvent: checks every event must pass, whichever API wrote it. */
function legacyValidate(e: Event): FieldError[] {
  const errs: FieldError[] = [];
  const ns = e.metadata?.namespace ?? "";
  const involvedNs = e.regarding?.namespace ?? "";
  if (!e.eventTime) {
    if (involvedNs === "" ? ns !== "" && ns !== "default" : ns !== involvedNs)
      errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  } else {
    if (involvedNs === "" && ns !== "default" && ns !== "kube-system")
      errs.push(invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
    const controller = e.reportingController ?? "";
    if (controller.length === 0) errs.push(required("reportingController"));
    for (const m of isQualifiedName(controller)) errs.push(invalid("reportingController", controller, m));
    const instance = e.reportingInstance ?? "";
    if (instance.length === 0) errs.push(required("reportingInstance"));
    if (instance.length > reportingInstanceLengthLimit)
      errs.push(
        invalid("reportingInstance", "", `can have at most ${reportingInstanceLengthLimit} characters`),
      );
    const action = e.action ?? "";
    if (action.length === 0) errs.push(required("action"));
    if (action.length > actionLengthLimit)
      errs.push(invalid("action", "", `can have at most ${actionLengthLimit} characters`));
    const reason = e.reason ?? "";
    if (reason.length === 0) errs.push(required("reason"));
    if (reason.length > reasonLengthLimit)
      errs.push(invalid("reason", "", `can have at most ${reasonLengthLimit} characters`));
    if ((e.note ?? "").length > noteLengthLimit)
      errs.push(invalid("message", "", `can have at most ${noteLengthLimit} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid("namespace", ns, m));
  return errs;
}

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

/** The SOURCE column: component (or reportingController), ", host" (or reportingInstance) when set. */
function formatEventSource(e: Event): string {
  const component = e.deprecatedSource?.component || e.reportingController || "";
  const host = e.deprecatedSource?.host || e.reportingInstance || "";
  return host ? `${component}, ${host}` : component;
}

function timestamps(e: Event, now: number): { first: string; last: string; count: number } {
  const first = e.deprecatedFirstTimestamp ? age(e.deprecatedFirstTimestamp, now) : age(e.eventTime, now);
  let last = e.deprecatedLastTimestamp ? age(e.deprecatedLastTimestamp, now) : first;
  let count = e.deprecatedCount ?? 0;
  if (e.series) {
    last = age(e.series.lastObservedTime, now);
    count = e.series.count;
  } else if (count === 0) count = 1; // singleton events have no count in the new API
  return { first, last, count };
}

function target(e: Event): string {
  const kind = (e.regarding?.kind ?? "").toLowerCase();
  return e.regarding?.name ? `${kind}/${e.regarding.name}` : kind;
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
  ttlSeconds: 3600,
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
  printerColumns: [
    {
      name: "Last Seen",
      type: "string",
      description: "The time at which the most recent occurrence of this event was recorded.",
      priority: 0,
      cell: (e: Obj, now: number) => timestamps(e, now).last,
    },
    {
      name: "Type",
      type: "string",
      description: "Type of this event (Normal, Warning), new types could be added in the future",
      priority: 0,
      cell: (e: Obj) => e.type ?? "",
    },
    {
      name: "Reason",
      type: "string",
      description:
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
      priority: 0,
      cell: (e: Obj) => e.reason ?? "",
    },
    {
      name: "Object",
      type: "string",
      description: "The object that this event is about.",
      priority: 0,
      cell: (e: Obj) => target(e),
    },
    {
      name: "Subobject",
      type: "string",
      description:
        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
      priority: 1,
      cell: (e: Obj) => e.regarding?.fieldPath ?? "",
    },
    {
      name: "Source",
      type: "string",
      description: "The component reporting this event. Should be a short machine understandable string.",
      priority: 1,
      cell: (e: Obj) => formatEventSource(e),
    },
    {
      name: "Message",
      type: "string",
      description: "A human-readable description of the status of this operation.",
      priority: 0,
      cell: (e: Obj) => (e.note ?? "").trim(),
    },
    {
      name: "First Seen",
      type: "string",
      description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
      priority: 1,
      cell: (e: Obj, now: number) => timestamps(e, now).first,
    },
    {
      name: "Count",
      type: "string",
      description: "The number of times this event has occurred.",
      priority: 1,
      cell: (e: Obj, now: number) => timestamps(e, now).count,
    },
    {
      name: "Name",
      type: "string",
      format: "name",
      description: "Name must be unique within a namespace.",
      priority: 1,
      cell: (e: Obj) => e.metadata.name ?? "",
    },
  ],
};
