// Event (core/v1): the kind and its `events` resource (legacy validation, field selectors, columns, 1h TTL).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Int32, Time, MicroTime } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference } from "./reference.js";
import type { ResourceType, PrinterColumn } from "../../registry.js";
import { type FieldError, invalid, required } from "../../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName, nameIsPathSegment } from "../../validation/names.js";
import { age } from "../../printers/age.js";
import { nameColumn } from "./columns.js";

export const EventSource = Struct(
  {
    component: Type.String({ description: "Component from which the event is generated." }),
    host: Type.String({ description: "Node name on which the event is generated." }),
  },
  {
    $id: "io.k8s.api.core.v1.EventSource",
    description: "EventSource contains information for an event.",
    "x-proto": { component: 1, host: 2 },
  },
);
export type EventSource = Static<typeof EventSource>;

export const EventSeries = Struct(
  {
    count: Int32({ description: "Number of occurrences in this series up to the last heartbeat time" }),
    lastObservedTime: MicroTime({ description: "Time of the last occurrence observed" }),
  },
  {
    $id: "io.k8s.api.core.v1.EventSeries",
    description:
      "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
    "x-proto": { count: 1, lastObservedTime: 2 },
  },
);
export type EventSeries = Static<typeof EventSeries>;

export const Event = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    involvedObject: Field(ObjectReference, "The object that this event is about."),
    reason: Type.String({
      description:
        "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    }),
    message: Type.String({ description: "A human-readable description of the status of this operation." }),
    source: Field(EventSource, "The component reporting this event."),
    firstTimestamp: Time({ description: "The time at which the event was first recorded." }),
    lastTimestamp: Time({
      description: "The time at which the most recent occurrence of this event was recorded.",
    }),
    count: Int32({ description: "The number of times this event has occurred." }),
    type: Type.String({
      description: "Type of this event (Normal, Warning), new types could be added in the future",
    }),
    eventTime: MicroTime({ description: "Time when this Event was first observed." }),
    series: Field(
      EventSeries,
      "Data about the Event series this event represents or nil if it's a singleton Event.",
    ),
    action: Type.String({ description: "What action was taken/failed regarding to the Regarding object." }),
    related: Field(ObjectReference, "Optional secondary object for more complex actions."),
    reportingComponent: Type.String({
      description: "Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.",
    }),
    reportingInstance: Type.String({ description: "ID of the controller instance, e.g. `kubelet-xyzf`." }),
  },
  {
    $id: "io.k8s.api.core.v1.Event",
    required: ["metadata", "involvedObject"],
    description: "Event is a report of an event somewhere in the cluster.",
    "x-proto": {
      metadata: 1,
      involvedObject: 2,
      reason: 3,
      message: 4,
      source: 5,
      firstTimestamp: 6,
      lastTimestamp: 7,
      count: 8,
      type: 9,
      eventTime: 10,
      series: 11,
      action: 12,
      related: 13,
      reportingComponent: 14,
      reportingInstance: 15,
    },
  },
);
export type Event = Static<typeof Event> & KubeObject;

/** Events expire an hour after their last write (the API server's --event-ttl default). */
export const eventTTLSeconds = 3600;

const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

/**
 * legacyValidateEvent: all core/v1 writes (create and update) get this, and only this, validation.
 * Old-style events (no eventTime) need matching namespaces; new-style ones need reporting fields.
 */
export function validateEvent(ev: Event): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? "";
  const involvedNs = ev.involvedObject?.namespace ?? "";
  const nsPath = "involvedObject.namespace";
  if (!ev.eventTime) {
    if (involvedNs === "") {
      // Cluster-scoped objects' events live in "default" (or nowhere, for old clients).
      if (ns !== "" && ns !== "default")
        errs.push(invalid(nsPath, involvedNs, "does not match event.namespace"));
    } else if (ns !== involvedNs) {
      errs.push(invalid(nsPath, involvedNs, "does not match event.namespace"));
    }
  } else {
    if (involvedNs === "" && ns !== "default" && ns !== "kube-system")
      errs.push(invalid(nsPath, involvedNs, "does not match event.namespace"));
    const controller = ev.reportingComponent ?? "";
    if (controller === "") errs.push(required("reportingController"));
    for (const m of isQualifiedName(controller)) errs.push(invalid("reportingController", controller, m));
    const instance = ev.reportingInstance ?? "";
    if (instance === "") errs.push(required("reportingInstance"));
    if (instance.length > reportingInstanceLengthLimit)
      errs.push(
        invalid("reportingInstance", "", `can have at most ${reportingInstanceLengthLimit} characters`),
      );
    const action = ev.action ?? "";
    if (action === "") errs.push(required("action"));
    if (action.length > actionLengthLimit)
      errs.push(invalid("action", "", `can have at most ${actionLengthLimit} characters`));
    const reason = ev.reason ?? "";
    if (reason === "") errs.push(required("reason"));
    if (reason.length > reasonLengthLimit)
      errs.push(invalid("reason", "", `can have at most ${reasonLengthLimit} characters`));
    if ((ev.message ?? "").length > noteLengthLimit)
      errs.push(invalid("message", "", `can have at most ${noteLengthLimit} characters`));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalid("namespace", ns, m));
  return errs;
}

/** formatEventSource: "component, host", each falling back to the reporting controller/instance. */
export function formatEventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || "";
  const instance = ev.source?.host || ev.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

/** The time cells of printEvent: first/last seen and count, with series and eventTime fallbacks. */
export function eventTimes(ev: Event, now: number): { lastSeen: string; firstSeen: string; count: number } {
  const firstSeen = ev.firstTimestamp ? age(ev.firstTimestamp, now) : age(ev.eventTime, now);
  let lastSeen = ev.lastTimestamp ? age(ev.lastTimestamp, now) : firstSeen;
  let count = ev.count ?? 0;
  if (ev.series) {
    lastSeen = age(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) {
    // Singleton events of the new API carry no count.
    count = 1;
  }
  return { lastSeen, firstSeen, count };
}

const eventObject = (ev: Event) => {
  const kind = (ev.involvedObject?.kind ?? "").toLowerCase();
  return ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
};

/** printEvent's columns; events.k8s.io/v1 prints the same (its objects are core Events). */
export const eventColumns: PrinterColumn[] = [
  {
    name: "Last Seen",
    type: "string",
    priority: 0,
    description: "The time at which the most recent occurrence of this event was recorded.",
    cell: (ev: Event, now) => eventTimes(ev, now).lastSeen,
  },
  {
    name: "Type",
    type: "string",
    priority: 0,
    description: "Type of this event (Normal, Warning), new types could be added in the future",
    cell: (ev: Event) => ev.type ?? "",
  },
  {
    name: "Reason",
    type: "string",
    priority: 0,
    description:
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    cell: (ev: Event) => ev.reason ?? "",
  },
  {
    name: "Object",
    type: "string",
    priority: 0,
    description: "The object that this event is about.",
    cell: (ev: Event) => eventObject(ev),
  },
  {
    name: "Subobject",
    type: "string",
    priority: 1,
    description:
      "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
    cell: (ev: Event) => ev.involvedObject?.fieldPath ?? "",
  },
  {
    name: "Source",
    type: "string",
    priority: 1,
    description: "The component reporting this event. Should be a short machine understandable string.",
    cell: (ev: Event) => formatEventSource(ev),
  },
  {
    name: "Message",
    type: "string",
    priority: 0,
    description: "A human-readable description of the status of this operation.",
    cell: (ev: Event) => (ev.message ?? "").trim(),
  },
  {
    name: "First Seen",
    type: "string",
    priority: 1,
    description: "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)",
    cell: (ev: Event, now) => eventTimes(ev, now).firstSeen,
  },
  {
    name: "Count",
    type: "string",
    priority: 1,
    description: "The number of times this event has occurred.",
    cell: (ev: Event, now) => eventTimes(ev, now).count,
  },
  { ...nameColumn, priority: 1 },
];

export const events: ResourceType<Event> = {
  group: "",
  version: "v1",
  kind: "Event",
  plural: "events",
  singular: "event",
  namespaced: true,
  shortNames: ["ev"],
  schema: Event,
  // Event names are only checked as path segments (ValidateEventCreate skips ObjectMeta for core/v1).
  nameValidator: nameIsPathSegment,
  validate: validateEvent,
  validateUpdate: (ev) => validateEvent(ev),
  fieldSelectors: {
    "involvedObject.kind": (e) => e.involvedObject?.kind ?? "",
    "involvedObject.namespace": (e) => e.involvedObject?.namespace ?? "",
    "involvedObject.name": (e) => e.involvedObject?.name ?? "",
    "involvedObject.uid": (e) => e.involvedObject?.uid ?? "",
    "involvedObject.apiVersion": (e) => e.involvedObject?.apiVersion ?? "",
    "involvedObject.resourceVersion": (e) => e.involvedObject?.resourceVersion ?? "",
    "involvedObject.fieldPath": (e) => e.involvedObject?.fieldPath ?? "",
    reason: (e) => e.reason ?? "",
    reportingComponent: (e) => e.reportingComponent ?? "",
    source: (e) => e.source?.component || e.reportingComponent || "",
    type: (e) => e.type ?? "",
  },
  printerColumns: eventColumns,
  ttlSeconds: eventTTLSeconds,
};
