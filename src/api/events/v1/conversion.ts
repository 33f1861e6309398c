// events.k8s.io/v1 Event <-> core/v1 Event. Upstream keeps one store (core Events): both APIs read and
// write the same objects, renaming regarding/involvedObject, note/message, deprecated*/firstTimestamp...
import type { Event } from "./types.js";

/** The core/v1 Event fields these conversions touch (structurally; the full type lives in core/v1). */
export interface CoreV1Event {
  apiVersion?: string;
  kind?: string;
  metadata: NonNullable<Event["metadata"]>;
  involvedObject?: Event["regarding"];
  reason?: string;
  message?: string;
  source?: Event["deprecatedSource"];
  firstTimestamp?: string;
  lastTimestamp?: string;
  count?: number;
  type?: string;
  eventTime?: string;
  series?: Event["series"];
  action?: string;
  related?: Event["related"];
  reportingComponent?: string;
  reportingInstance?: string;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function toCoreV1Event(e: Event): CoreV1Event {
  return defined({
    apiVersion: "v1",
    kind: "Event",
    metadata: e.metadata ?? {},
    involvedObject: e.regarding ?? {},
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    related: e.related,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  });
}

export function fromCoreV1Event(e: CoreV1Event): Event {
  return defined({
    apiVersion: "events.k8s.io/v1",
    kind: "Event",
    metadata: e.metadata,
    // eventTime is required in events.k8s.io/v1; legacy core events leave it unset.
    eventTime: e.eventTime ?? (null as unknown as string),
    series: e.series,
    reportingController: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  });
}
