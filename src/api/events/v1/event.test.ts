import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { events } from "./event.js";
import { Event } from "./types.js";
import { fromCoreV1Event, toCoreV1Event } from "./conversion.js";

FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

// An event as client-go's events.k8s.io recorder (the scheduler) writes it.
const scheduled = {
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: {
    name: "web-0.17a1b2c3d4e5f6a7",
    namespace: "default",
    creationTimestamp: "2024-01-01T00:00:00Z",
  },
  eventTime: "2024-01-01T00:00:00.123456Z",
  reportingController: "default-scheduler",
  reportingInstance: "default-scheduler-node-1",
  action: "Binding",
  reason: "Scheduled",
  regarding: {
    apiVersion: "v1",
    kind: "Pod",
    namespace: "default",
    name: "web-0",
    uid: "u1",
    resourceVersion: "5",
  },
  note: "Successfully assigned default/web-0 to node-1",
  type: "Normal",
};

const msgs = (e: any) => events.validate!(e).map(errorString);

test("schema round trip; unknown field rejected", () => {
  assert.deepEqual(
    [...Value.Errors(Event, scheduled)].map((e) => e.path),
    [],
  );
  assert.equal(Value.Check(Event, { ...scheduled, message: "core field name" }), false);
});

test("a recorder-written event is valid", () => {
  assert.deepEqual(msgs(structuredClone(scheduled)), []);
});

test("strict events.k8s.io validation, with core/v1 field names", () => {
  const e: any = structuredClone(scheduled);
  delete e.reportingController;
  e.action = "";
  e.type = "Info";
  e.deprecatedCount = 3;
  e.note = "x".repeat(1025);
  e.series = { count: 1, lastObservedTime: "2024-01-01T00:00:00.000000Z" };
  assert.deepEqual(msgs(e), [
    "reportingController: Required value",
    'reportingController: Invalid value: "": name part must be non-empty',
    "action: Required value",
    'message: Invalid value: "": can have at most 1024 characters',
    'series.count: Invalid value: "": should be at least 2',
    'type: Invalid value: "": has invalid value: Info',
    'count: Invalid value: "": needs to be unset',
  ]);
});

test("regarding namespace must match for namespaced events", () => {
  const e: any = structuredClone(scheduled);
  e.metadata.namespace = "team-a";
  e.regarding = { kind: "Node", name: "node-1" };
  assert.deepEqual(msgs(e), ['involvedObject.namespace: Invalid value: "": does not match event.namespace']);
  e.metadata.namespace = "default";
  assert.deepEqual(msgs(e), []);
});

test("update: most fields are immutable", () => {
  const old: any = structuredClone(scheduled);
  const e: any = structuredClone(scheduled);
  e.note = "changed";
  e.series = { count: 2, lastObservedTime: "2024-01-01T00:01:00.000000Z" };
  assert.deepEqual(events.validateUpdate!(e, old).map(errorString), [
    'message: Invalid value: "changed": field is immutable',
  ]);
});

test("field selectors use events.k8s.io names", () => {
  const f = events.fieldSelectors!;
  assert.equal(f["regarding.name"](scheduled as any), "web-0");
  assert.equal(f["regarding.kind"](scheduled as any), "Pod");
  assert.equal(f.reportingController(scheduled as any), "default-scheduler");
  assert.equal(f.source(scheduled as any), "default-scheduler");
  assert.equal(f.type(scheduled as any), "Normal");
  assert.equal(events.ttlSeconds, 3600);
});

test("columns as core Events (server prints wide)", () => {
  const cols = events.printerColumns!;
  assert.deepEqual(
    cols.map((c) => [c.name.toUpperCase(), c.priority]),
    [
      ["LAST SEEN", 0],
      ["TYPE", 0],
      ["REASON", 0],
      ["OBJECT", 0],
      ["SUBOBJECT", 1],
      ["SOURCE", 1],
      ["MESSAGE", 0],
      ["FIRST SEEN", 1],
      ["COUNT", 1],
      ["NAME", 1],
    ],
  );
  const now = Date.parse("2024-01-01T00:05:00Z");
  assert.deepEqual(
    cols.map((c) => c.cell(scheduled, now)),
    [
      "4m59s", // eventTime is 0.123456s past the minute; ages round down
      "Normal",
      "Scheduled",
      "pod/web-0",
      "",
      "default-scheduler, default-scheduler-node-1",
      "Successfully assigned default/web-0 to node-1",
      "4m59s",
      1,
      "web-0.17a1b2c3d4e5f6a7",
    ],
  );
  const series = { ...scheduled, series: { count: 7, lastObservedTime: "2024-01-01T00:04:30.000000Z" } };
  assert.equal(cols[0].cell(series, now), "30s");
  assert.equal(cols[8].cell(series, now), 7);
});

test("conversion to and from core/v1 Event", () => {
  const core = toCoreV1Event(structuredClone(scheduled));
  assert.equal(core.apiVersion, "v1");
  assert.equal(core.message, scheduled.note);
  assert.equal(core.reportingComponent, "default-scheduler");
  assert.deepEqual(core.involvedObject, scheduled.regarding);
  const back = fromCoreV1Event(core);
  assert.deepEqual(back, scheduled);
  // A legacy core event (no eventTime) reads back with eventTime null, as upstream serializes it.
  const legacy = fromCoreV1Event({
    metadata: { name: "x", namespace: "default" },
    involvedObject: { kind: "Pod", name: "p" },
    message: "m",
    count: 3,
    firstTimestamp: "2024-01-01T00:00:00Z",
  });
  assert.equal(legacy.eventTime, null);
  assert.equal(legacy.deprecatedCount, 3);
  assert.equal(legacy.note, "m");
});
