import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { events, type Event } from "./event.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

/** An event as the kubelet's recorder writes it. */
const kubeletEvent = (): Event => ({
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "web-1.17f0a", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
  involvedObject: {
    kind: "Pod",
    namespace: "default",
    name: "web-1",
    uid: "8d2c",
    apiVersion: "v1",
    resourceVersion: "412",
    fieldPath: "spec.containers{web}",
  },
  reason: "Pulled",
  message: 'Successfully pulled image "nginx:1.27"\n',
  source: { component: "kubelet", host: "node-1" },
  firstTimestamp: "2026-01-01T00:00:00Z",
  lastTimestamp: "2026-01-01T00:04:00Z",
  count: 3,
  type: "Normal",
  eventTime: undefined,
  reportingComponent: "kubelet",
  reportingInstance: "node-1",
});

test("legacy validation: namespaces must agree for old-style events", () => {
  const ok = kubeletEvent();
  delete ok.eventTime;
  assert.deepEqual(events.validate!(ok), []);
  const other = kubeletEvent();
  delete other.eventTime;
  other.involvedObject.namespace = "kube-system";
  assert.deepEqual(events.validate!(other).map(errorString), [
    'involvedObject.namespace: Invalid value: "kube-system": does not match event.namespace',
  ]);
  // Cluster-scoped objects' events may live in "default".
  const node = kubeletEvent();
  delete node.eventTime;
  node.involvedObject = { kind: "Node", name: "node-1" };
  assert.deepEqual(events.validate!(node), []);
});

test("legacy validation: new-style events (eventTime set) need reporting fields", () => {
  const ev: Event = {
    metadata: { name: "x", namespace: "default" },
    involvedObject: { kind: "Pod", namespace: "default", name: "web-1" },
    eventTime: "2026-01-01T00:00:00.000000Z",
    reportingComponent: "bad component!",
    reason: "r".repeat(129),
    message: "m".repeat(1025),
  };
  assert.deepEqual(events.validate!(ev).map(errorString), [
    "reportingController: Invalid value: \"bad component!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    "reportingInstance: Required value",
    "action: Required value",
    'reason: Invalid value: "": can have at most 128 characters',
    'message: Invalid value: "": can have at most 1024 characters',
  ]);
});

test("field selectors as the event strategy's GetAttrs", () => {
  const ev = kubeletEvent();
  const fs = events.fieldSelectors!;
  assert.deepEqual(Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, f(ev)])), {
    "involvedObject.kind": "Pod",
    "involvedObject.namespace": "default",
    "involvedObject.name": "web-1",
    "involvedObject.uid": "8d2c",
    "involvedObject.apiVersion": "v1",
    "involvedObject.resourceVersion": "412",
    "involvedObject.fieldPath": "spec.containers{web}",
    reason: "Pulled",
    reportingComponent: "kubelet",
    source: "kubelet",
    type: "Normal",
  });
  // source falls back to the reporting controller.
  assert.equal(
    fs.source({ ...ev, source: {}, reportingComponent: "default-scheduler" }),
    "default-scheduler",
  );
  assert.equal(events.ttlSeconds, 3600);
});

test("columns as printEvent", () => {
  const now = Date.parse("2026-01-01T00:10:00Z");
  const cols = events.printerColumns!;
  assert.deepEqual(
    cols.map((c) => [c.name, c.priority]),
    [
      ["Last Seen", 0],
      ["Type", 0],
      ["Reason", 0],
      ["Object", 0],
      ["Subobject", 1],
      ["Source", 1],
      ["Message", 0],
      ["First Seen", 1],
      ["Count", 1],
      ["Name", 1],
    ],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(kubeletEvent(), now)),
    [
      "6m",
      "Normal",
      "Pulled",
      "pod/web-1",
      "spec.containers{web}",
      "kubelet, node-1",
      'Successfully pulled image "nginx:1.27"',
      "10m",
      3,
      "web-1.17f0a",
    ],
  );
  // A new-style event: times from eventTime and series, count from the series.
  const series: Event = {
    metadata: { name: "s" },
    involvedObject: { kind: "Node", name: "" },
    eventTime: "2026-01-01T00:00:00.000000Z",
    series: { count: 5, lastObservedTime: "2026-01-01T00:09:00.000000Z" },
    reportingComponent: "default-scheduler",
    reportingInstance: "sched-1",
  };
  assert.deepEqual(
    cols.map((c) => c.cell(series, now)),
    ["60s", "", "", "node", "", "default-scheduler, sched-1", "", "10m", 5, "s"],
  );
  // A singleton without count counts once; no timestamps at all is unknown.
  const bare: Event = { metadata: { name: "b" }, involvedObject: { kind: "Pod", name: "p" } };
  assert.equal(cols[0].cell(bare, now), "<unknown>");
  assert.equal(cols[8].cell(bare, now), 1);
});

test("schema accepts both event styles and rejects unknown fields", () => {
  const ev = kubeletEvent();
  delete ev.eventTime;
  assert.ok(Value.Check(events.schema, ev));
  const related: Event = {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "n", namespace: "default" },
    involvedObject: { kind: "Pod", name: "p", namespace: "default" },
    related: { kind: "Node", name: "node-1" },
    action: "Binding",
    eventTime: "2026-01-01T00:00:00.123456Z",
    reportingComponent: "default-scheduler",
    reportingInstance: "default-scheduler-node-1",
    series: { count: 2, lastObservedTime: "2026-01-01T00:01:00.000000Z" },
    type: "Normal",
  };
  assert.ok(Value.Check(events.schema, related));
  assert.equal(Value.Check(events.schema, { ...ev, note: "x" }), false);
  // involvedObject is required.
  const { involvedObject: _omit, ...noObject } = ev;
  assert.equal(Value.Check(events.schema, noObject), false);
});
