import { test } from "node:test";
import assert from "node:assert/strict";
import { computeInitContainerActions, computePodActions, type ActionContext } from "./actions.js";
import { instance, rtStatus, sandbox, testPod } from "./testpods.js";

const ctx: ActionContext = { sandboxNeedsIP: false, started: () => true, probeFailed: () => undefined };
const names = (a: { name: string }[]) => a.map((c) => c.name);

test("a new pod: create the sandbox (attempt 0) and start every container", () => {
  const pod = testPod({
    containers: [
      { name: "a", image: "x" },
      { name: "b", image: "x" },
    ],
  });
  const a = computePodActions(pod, rtStatus([], []), ctx);
  assert.equal(a.createSandbox, true);
  assert.equal(a.attempt, 0);
  assert.deepEqual(names(a.containersToStart), ["a", "b"]);
  assert.deepEqual(a.initContainersToStart, []);
});

test("a new pod with init containers starts only the first init container", () => {
  const pod = testPod({
    initContainers: [
      { name: "i1", image: "x" },
      { name: "i2", image: "x" },
    ],
  });
  const a = computePodActions(pod, rtStatus([], []), ctx);
  assert.equal(names(a.initContainersToStart).join(), "i1");
  assert.deepEqual(a.containersToStart, []);
});

test("init containers run in order; a running one is waited for; after the last the containers start", () => {
  const pod = testPod({
    initContainers: [
      { name: "i1", image: "x" },
      { name: "i2", image: "x" },
    ],
  });
  const sb = sandbox();
  const i1done = instance(pod, "i1", { state: "CONTAINER_EXITED", exitCode: 0 });
  let a = computePodActions(pod, rtStatus([sb], [i1done]), ctx);
  assert.equal(names(a.initContainersToStart).join(), "i2");
  const i2run = instance(pod, "i2");
  a = computePodActions(pod, rtStatus([sb], [i1done, i2run]), ctx);
  assert.deepEqual(a.initContainersToStart, []);
  assert.deepEqual(a.containersToStart, []);
  assert.equal(a.killPod, false);
  const i2done = { ...i2run, state: "CONTAINER_EXITED" as const };
  a = computePodActions(pod, rtStatus([sb], [i1done, i2done]), ctx);
  assert.deepEqual(names(a.containersToStart), ["web"]);
});

test("a failed init container is restarted, unless restartPolicy is Never (the pod is killed)", () => {
  const spec = { initContainers: [{ name: "i1", image: "x" }] };
  const pod = testPod(spec);
  const failed = instance(pod, "i1", { state: "CONTAINER_EXITED", exitCode: 1 });
  assert.deepEqual(
    names(computeInitContainerActions(pod, rtStatus([sandbox()], [failed]), () => true).toStart),
    ["i1"],
  );
  assert.equal(
    names(computePodActions(pod, rtStatus([sandbox()], [failed]), ctx).initContainersToStart).join(),
    "i1",
  );
  const never = testPod({ ...spec, restartPolicy: "Never" });
  const a = computePodActions(never, rtStatus([sandbox()], [failed]), ctx);
  assert.equal(a.killPod, true);
  assert.deepEqual(a.initContainersToStart, []);
});

test("restartPolicy decides which exited containers start again", () => {
  const exited = (pod: ReturnType<typeof testPod>, exitCode: number) =>
    rtStatus([sandbox()], [instance(pod, "web", { state: "CONTAINER_EXITED", exitCode })]);
  const always = testPod();
  assert.deepEqual(names(computePodActions(always, exited(always, 0), ctx).containersToStart), ["web"]);
  const onFailure = testPod({ restartPolicy: "OnFailure" });
  assert.deepEqual(names(computePodActions(onFailure, exited(onFailure, 1), ctx).containersToStart), ["web"]);
  const done = computePodActions(onFailure, exited(onFailure, 0), ctx);
  assert.deepEqual(done.containersToStart, []);
  assert.equal(done.killPod, true);
  const never = testPod({ restartPolicy: "Never" });
  assert.deepEqual(computePodActions(never, exited(never, 1), ctx).containersToStart, []);
});

test("a running container is kept; liveness failure or a changed spec kills and restarts it", () => {
  const pod = testPod();
  const running = instance(pod, "web", { id: "r1" });
  const st = rtStatus([sandbox()], [running]);
  const keep = computePodActions(pod, st, ctx);
  assert.equal(keep.killPod, false);
  assert.deepEqual(keep.containersToStart, []);
  assert.deepEqual(keep.containersToKill, []);
  const live = computePodActions(pod, st, {
    ...ctx,
    probeFailed: (n, id) => (n === "web" && id === "r1" ? "liveness" : undefined),
  });
  assert.deepEqual(live.containersToKill, [
    { id: "r1", name: "web", message: "Container web failed liveness probe, will be restarted" },
  ]);
  assert.deepEqual(names(live.containersToStart), ["web"]);
  const changed = testPod({ containers: [{ name: "web", image: "busybox:1.36" }] });
  const c = computePodActions(changed, st, ctx);
  assert.equal(c.containersToKill[0]?.message, "Container web definition changed, will be restarted");
});

test("a sandbox that is not ready is re-created with the next attempt; a finished Never pod is not", () => {
  const pod = testPod();
  const dead = sandbox({ state: "SANDBOX_NOTREADY", attempt: 2 });
  const a = computePodActions(
    pod,
    rtStatus([dead], [instance(pod, "web", { state: "CONTAINER_EXITED" })]),
    ctx,
  );
  assert.equal(a.createSandbox, true);
  assert.equal(a.killPod, true);
  assert.equal(a.attempt, 3);
  const never = testPod({ restartPolicy: "Never" });
  const n = computePodActions(
    never,
    rtStatus([dead], [instance(never, "web", { state: "CONTAINER_EXITED" })]),
    ctx,
  );
  assert.equal(n.createSandbox, false);
});

test("sidecars: started before the next init container, kept running beside the containers, restarted when they exit", () => {
  const pod = testPod({
    initContainers: [
      { name: "proxy", image: "x", restartPolicy: "Always" },
      { name: "setup", image: "x" },
    ],
  });
  const sb = sandbox();
  let a = computePodActions(pod, rtStatus([sb], []), ctx);
  assert.deepEqual(names(a.initContainersToStart), ["proxy"]);
  const proxy = instance(pod, "proxy", { id: "p1" });
  // Not started yet (startup probe): wait.
  a = computePodActions(pod, rtStatus([sb], [proxy]), { ...ctx, started: () => false });
  assert.deepEqual(a.initContainersToStart, []);
  assert.deepEqual(a.containersToStart, []);
  a = computePodActions(pod, rtStatus([sb], [proxy]), ctx);
  assert.deepEqual(names(a.initContainersToStart), ["setup"]);
  const setup = instance(pod, "setup", { state: "CONTAINER_EXITED", exitCode: 0 });
  a = computePodActions(pod, rtStatus([sb], [proxy, setup]), ctx);
  assert.deepEqual(names(a.containersToStart), ["web"]);
  const web = instance(pod, "web");
  const proxyDead = { ...proxy, state: "CONTAINER_EXITED" as const, exitCode: 1 };
  a = computePodActions(pod, rtStatus([sb], [proxyDead, setup, web]), ctx);
  assert.deepEqual(names(a.initContainersToStart), ["proxy"]);
  assert.equal(a.killPod, false);
});

test("a sidecar failing its liveness probe is killed and restarted", () => {
  const pod = testPod({ initContainers: [{ name: "proxy", image: "x", restartPolicy: "Always" }] });
  const proxy = instance(pod, "proxy", { id: "p1" });
  const web = instance(pod, "web");
  const a = computePodActions(pod, rtStatus([sandbox()], [proxy, web]), {
    ...ctx,
    probeFailed: (n, id) => (n === "proxy" && id === "p1" ? "liveness" : undefined),
  });
  assert.deepEqual(a.containersToKill, [
    { id: "p1", name: "proxy", message: "Container proxy failed liveness probe, will be restarted" },
  ]);
  assert.deepEqual(names(a.initContainersToStart), ["proxy"]);
  assert.equal(a.killPod, false);
});
