import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Probe } from "../../api/core/v1/probe.js";
import { ProbeWorker, type ProbeKind, type ProbeState, type WorkerHost } from "./worker.js";

/** A worker over a scripted host: the clock, the container and the probe answers are the test's. */
function harness(kind: ProbeKind, probe: Probe, o: { started?: boolean } = {}) {
  const state = {
    pod: { metadata: { name: "p", uid: "u" }, spec: {} } as Pod,
    inst: undefined as { id: string; startedAt: number; podIP: string } | undefined,
    now: 0,
    started: o.started ?? true,
    answers: [] as ("success" | "failure" | "error")[],
    probes: 0,
    sets: [] as { id: string; state: ProbeState; fromProbe: boolean }[],
  };
  const host: WorkerHost = {
    pod: () => state.pod,
    instance: () => state.inst,
    isStarted: () => state.started,
    now: () => state.now,
    probe: () => {
      state.probes++;
      return Promise.resolve(state.answers.shift() ?? "success");
    },
    set: (id, s, fromProbe) => state.sets.push({ id, state: s, fromProbe }),
  };
  return { w: new ProbeWorker(kind, { name: "c" }, probe, host), state };
}

test("readiness: Failure until successThreshold successes in a row; back to Failure after failureThreshold", async () => {
  const { w, state } = harness("readiness", { successThreshold: 2, failureThreshold: 2 });
  assert.equal(await w.doProbe(), true);
  assert.deepEqual(state.sets, [], "no container yet: nothing to report");
  state.inst = { id: "c1", startedAt: 0, podIP: "10.42.0.5" };
  state.answers = ["success", "success", "failure", "success", "failure", "failure"];
  await w.doProbe();
  assert.deepEqual(
    state.sets,
    [{ id: "c1", state: "failure", fromProbe: false }],
    "initial value for a new container",
  );
  await w.doProbe();
  assert.equal(state.sets.length, 2);
  assert.deepEqual(state.sets[1], { id: "c1", state: "success", fromProbe: true });
  await w.doProbe(); // one failure: below threshold
  await w.doProbe(); // a success resets the failure run
  await w.doProbe();
  assert.equal(state.sets.length, 2, "isolated failures change nothing");
  await w.doProbe();
  assert.deepEqual(state.sets.at(-1), { id: "c1", state: "failure", fromProbe: true });
});

test("initialDelaySeconds and the startup gate", async () => {
  const { w, state } = harness("liveness", { initialDelaySeconds: 5, periodSeconds: 1 }, { started: false });
  state.inst = { id: "c1", startedAt: 1000, podIP: "" };
  state.now = 3000;
  await w.doProbe();
  assert.equal(state.probes, 0, "not started: liveness waits for the startup probe");
  state.started = true;
  await w.doProbe();
  assert.equal(state.probes, 0, "2 s after start with initialDelaySeconds 5");
  state.now = 6000;
  await w.doProbe();
  assert.equal(state.probes, 1);

  const s = harness("startup", {}, { started: true });
  s.state.inst = { id: "c1", startedAt: 0, podIP: "" };
  await s.w.doProbe();
  assert.equal(s.state.probes, 0, "a started container is not startup-probed");
});

test("liveness failure past the threshold reports once, then holds until a new container", async () => {
  const { w, state } = harness("liveness", { failureThreshold: 3 });
  state.inst = { id: "c1", startedAt: 0, podIP: "" };
  state.answers = ["failure", "failure", "failure", "failure", "failure"];
  for (let i = 0; i < 5; i++) await w.doProbe();
  assert.equal(state.probes, 3, "on hold after the failure");
  assert.deepEqual(
    state.sets.map((s) => [s.id, s.state, s.fromProbe]),
    [
      ["c1", "success", false],
      ["c1", "failure", true],
    ],
  );
  state.inst = { id: "c2", startedAt: 0, podIP: "" };
  state.answers = ["success"];
  await w.doProbe();
  assert.equal(state.probes, 4, "a new container resumes probing");
  assert.deepEqual(
    state.sets[2],
    { id: "c2", state: "success", fromProbe: false },
    "the new container's initial value",
  );
});

test("a deleted pod quiets liveness with a last success and stops the worker; errors are thrown away", async () => {
  const { w, state } = harness("liveness", {});
  state.inst = { id: "c1", startedAt: 0, podIP: "" };
  state.answers = ["error"];
  await w.doProbe();
  assert.equal(state.sets.length, 1, "a prober error leaves the result alone");
  state.pod = {
    ...state.pod,
    metadata: { ...state.pod.metadata, deletionTimestamp: "2026-01-01T00:00:00Z" },
  };
  assert.equal(await w.doProbe(), false);
  assert.deepEqual(state.sets.at(-1), { id: "c1", state: "success", fromProbe: false });
  state.inst = undefined;
  const r = harness("readiness", {});
  r.state.inst = { id: "c1", startedAt: 0, podIP: "" };
  await r.w.doProbe();
  r.state.inst = undefined;
  await r.w.doProbe();
  assert.deepEqual(
    r.state.sets.at(-1),
    { id: "c1", state: "failure", fromProbe: false },
    "a stopped container is not ready",
  );
});
