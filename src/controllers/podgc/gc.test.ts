import { test } from "node:test";
import assert from "node:assert/strict";
import { OrphanQuarantine, isPodTerminated, terminatedPodsToDelete } from "./gc.js";

const pod = (name: string, phase: string, created: string, reason?: string) => ({
  metadata: { name, creationTimestamp: created },
  status: { phase, ...(reason ? { reason } : {}) },
});

test("terminated pods beyond the threshold go, evicted first, then oldest", () => {
  const pods = [
    pod("run", "Running", "2025-01-01T00:00:00Z"),
    pod("old", "Succeeded", "2025-01-01T00:00:01Z"),
    pod("new", "Failed", "2025-01-01T00:00:09Z"),
    pod("evicted", "Failed", "2025-01-01T00:00:10Z", "Evicted"),
    pod("mid-b", "Succeeded", "2025-01-01T00:00:05Z"),
    pod("mid-a", "Succeeded", "2025-01-01T00:00:05Z"),
  ];
  assert.deepEqual(
    terminatedPodsToDelete(pods, 2).map((p) => p.metadata.name),
    ["evicted", "old", "mid-a"],
  );
  assert.deepEqual(terminatedPodsToDelete(pods, 5), []);
  assert.equal(isPodTerminated(pod("x", "Unknown", "")), false);
});

test("a missing node is checked only after its quarantine", () => {
  const q = new OrphanQuarantine(40_000);
  q.add("gone", 0);
  q.add("gone", 20_000); // the first sighting counts
  assert.deepEqual(q.due(39_999), []);
  assert.deepEqual(q.due(40_000), ["gone"]);
  assert.deepEqual(q.due(80_000), []); // left the queue
});
