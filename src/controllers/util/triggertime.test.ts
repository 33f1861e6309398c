import { test } from "node:test";
import assert from "node:assert/strict";
import { TriggerTimeTracker } from "./triggertime.js";
import { rfc3339Nano } from "./metatime.js";

const svc = { metadata: { name: "s", creationTimestamp: "2025-01-01T00:00:00Z" } };
const pod = (name: string, readyAt: string) => ({
  metadata: { name },
  status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: readyAt }] },
});

test("first sync uses the service creation time; later ones the earliest changed pod time", () => {
  const t = new TriggerTimeTracker();
  assert.equal(t.compute("ns", svc, [pod("a", "2025-01-01T00:00:05Z")]), Date.parse("2025-01-01T00:00:00Z"));
  assert.equal(t.compute("ns", svc, [pod("a", "2025-01-01T00:00:05Z")]), undefined); // nothing changed
  const r = t.compute("ns", svc, [pod("a", "2025-01-01T00:00:09Z"), pod("b", "2025-01-01T00:00:07Z")]);
  assert.equal(r, Date.parse("2025-01-01T00:00:07Z"));
  t.deleteService("ns", "s");
  assert.equal(t.compute("ns", svc, []), Date.parse("2025-01-01T00:00:00Z"));
});

test("RFC3339Nano as Go prints it", () => {
  assert.equal(rfc3339Nano(Date.UTC(2025, 0, 1, 0, 0, 7)), "2025-01-01T00:00:07Z");
  assert.equal(rfc3339Nano(Date.UTC(2025, 0, 1, 0, 0, 7, 120)), "2025-01-01T00:00:07.12Z");
});
