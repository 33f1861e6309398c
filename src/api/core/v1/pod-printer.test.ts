import { test } from "node:test";
import assert from "node:assert/strict";
import { podColumns, summarizePod } from "./pod-printer.js";
import type { Pod } from "./pod.js";

const now = Date.parse("2024-05-01T12:00:00Z");
const pod = (p: object) =>
  ({ metadata: { name: "p", creationTimestamp: "2024-05-01T11:00:00Z" }, ...p }) as unknown as Pod;
const row = (p: Pod) => podColumns.map((c) => c.cell(p, now));

test("columns are upstream's, wide ones at priority 1", () => {
  assert.deepEqual(
    podColumns.map((c) => [c.name, c.priority]),
    [
      ["Name", 0],
      ["Ready", 0],
      ["Status", 0],
      ["Restarts", 0],
      ["Age", 0],
      ["IP", 1],
      ["Node", 1],
      ["Nominated Node", 1],
      ["Readiness Gates", 1],
    ],
  );
});

test("a running pod with 1 of 2 containers ready", () => {
  const p = pod({
    spec: {
      containers: [{ name: "a" }, { name: "b" }],
      nodeName: "n1",
      readinessGates: [{ conditionType: "x/ready" }],
    },
    status: {
      phase: "Running",
      podIPs: [{ ip: "10.42.0.9" }],
      conditions: [{ type: "x/ready", status: "True" }],
      containerStatuses: [
        { name: "a", ready: true, restartCount: 0, state: { running: {} } },
        { name: "b", ready: false, restartCount: 0, state: { running: {} } },
      ],
    },
  });
  assert.deepEqual(row(p), ["p", "1/2", "Running", "0", "60m", "10.42.0.9", "n1", "<none>", "1/1"]);
});

test("CrashLoopBackOff with restarts and the last restart's age", () => {
  const p = pod({
    spec: { containers: [{ name: "a" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        {
          name: "a",
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: "CrashLoopBackOff" } },
          lastState: { terminated: { exitCode: 1, reason: "Error", finishedAt: "2024-05-01T11:55:00Z" } },
        },
      ],
    },
  });
  assert.deepEqual(row(p).slice(1, 4), ["0/1", "CrashLoopBackOff", "4 (5m ago)"]);
});

test("pending pods: no status yet, ContainerCreating, and unscheduled wide cells", () => {
  const pending = pod({ spec: { containers: [{ name: "a" }] }, status: { phase: "Pending" } });
  assert.deepEqual(row(pending), ["p", "0/1", "Pending", "0", "60m", "<none>", "<none>", "<none>", "<none>"]);
  const creating = pod({
    spec: { containers: [{ name: "a" }] },
    status: {
      phase: "Pending",
      containerStatuses: [
        { name: "a", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } },
      ],
    },
  });
  assert.equal(summarizePod(creating).status, "ContainerCreating");
});

test("init containers: Init:0/1, Init:Error, and sidecars counted in READY", () => {
  const init = pod({
    spec: { initContainers: [{ name: "i" }], containers: [{ name: "a" }] },
    status: {
      phase: "Pending",
      initContainerStatuses: [{ name: "i", ready: false, restartCount: 0, state: { running: {} } }],
    },
  });
  assert.equal(summarizePod(init).status, "Init:0/1");
  const failed = pod({
    spec: { initContainers: [{ name: "i" }], containers: [{ name: "a" }] },
    status: {
      phase: "Pending",
      initContainerStatuses: [
        { name: "i", ready: false, restartCount: 2, state: { terminated: { exitCode: 1, reason: "Error" } } },
      ],
    },
  });
  assert.deepEqual([summarizePod(failed).status, summarizePod(failed).restarts], ["Init:Error", 2]);
  const sidecar = pod({
    spec: { initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [{ name: "a" }] },
    status: {
      phase: "Running",
      conditions: [{ type: "Initialized", status: "True" }],
      initContainerStatuses: [
        { name: "s", ready: true, started: true, restartCount: 1, state: { running: {} } },
      ],
      containerStatuses: [{ name: "a", ready: true, restartCount: 0, state: { running: {} } }],
    },
  });
  assert.deepEqual(
    [summarizePod(sidecar).ready, summarizePod(sidecar).status, summarizePod(sidecar).restarts],
    ["2/2", "Running", 1],
  );
});

test("Completed, NotReady and Terminating", () => {
  const done = pod({
    spec: { containers: [{ name: "a" }] },
    status: {
      phase: "Succeeded",
      containerStatuses: [
        {
          name: "a",
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: "Completed" } },
        },
      ],
    },
  });
  assert.equal(summarizePod(done).status, "Completed");
  const halfDone = pod({
    spec: { containers: [{ name: "a" }, { name: "b" }] },
    status: {
      phase: "Running",
      containerStatuses: [
        { name: "a", ready: true, restartCount: 0, state: { running: {} } },
        {
          name: "b",
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: "Completed" } },
        },
      ],
    },
  });
  assert.equal(summarizePod(halfDone).status, "NotReady");
  const deleting = pod({ spec: { containers: [{ name: "a" }] }, status: { phase: "Running" } });
  deleting.metadata!.deletionTimestamp = "2024-05-01T11:59:00Z";
  assert.equal(summarizePod(deleting).status, "Terminating");
  const lost = pod({
    spec: { containers: [{ name: "a" }] },
    status: { phase: "Running", reason: "NodeLost" },
  });
  lost.metadata!.deletionTimestamp = "2024-05-01T11:59:00Z";
  assert.equal(summarizePod(lost).status, "Unknown");
});

test("status reason and exit codes without a reason", () => {
  const evicted = pod({
    spec: { containers: [{ name: "a" }] },
    status: { phase: "Failed", reason: "Evicted" },
  });
  assert.equal(summarizePod(evicted).status, "Evicted");
  const killed = pod({
    spec: { containers: [{ name: "a" }] },
    status: {
      phase: "Failed",
      containerStatuses: [
        { name: "a", ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } },
      ],
    },
  });
  assert.equal(summarizePod(killed).status, "Signal:9");
  const gated = pod({
    spec: { containers: [{ name: "a" }] },
    status: {
      phase: "Pending",
      conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }],
    },
  });
  assert.equal(summarizePod(gated).status, "SchedulingGated");
});
