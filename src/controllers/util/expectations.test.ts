import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ControllerExpectations,
  UIDTrackingControllerExpectations,
  expectationsTimeoutMs,
} from "./expectations.js";

test("expectations are satisfied when absent, fulfilled, or expired", () => {
  let now = 1_000;
  const e = new ControllerExpectations(() => now);
  assert.equal(e.satisfied("ns/rs"), true);
  e.expectCreations("ns/rs", 2);
  assert.equal(e.satisfied("ns/rs"), false);
  e.creationObserved("ns/rs");
  assert.equal(e.satisfied("ns/rs"), false);
  e.creationObserved("ns/rs");
  assert.equal(e.satisfied("ns/rs"), true);
  e.expectDeletions("ns/rs", 1);
  assert.equal(e.satisfied("ns/rs"), false);
  now += expectationsTimeoutMs + 1;
  assert.equal(e.satisfied("ns/rs"), true, "stale expectations stop blocking");
  e.delete("ns/rs");
  assert.equal(e.get("ns/rs"), undefined);
});

test("UID tracking counts a pod's deletion once, however often it is seen", () => {
  const e = new UIDTrackingControllerExpectations(() => 0);
  e.expectDeletionsOf("ns/rs", ["ns/a", "ns/b"]);
  e.deletionObservedOf("ns/rs", "ns/a"); // deletionTimestamp set
  e.deletionObservedOf("ns/rs", "ns/a"); // then gone
  e.deletionObservedOf("ns/rs", "ns/unrelated");
  assert.equal(e.satisfied("ns/rs"), false);
  assert.equal(e.get("ns/rs")!.del, 1);
  e.deletionObservedOf("ns/rs", "ns/b");
  assert.equal(e.satisfied("ns/rs"), true);
});
