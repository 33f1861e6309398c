import { test } from "node:test";
import assert from "node:assert/strict";
import { generatePodStatus, podPhase, type StatusInputs } from "./generate.js";
import { instance, rtStatus, sandbox, testPod } from "../kuberuntime/testpods.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { RuntimePodStatus } from "../kuberuntime/podstatus.js";

function inputs(pod: Pod, runtime: RuntimePodStatus, o: Partial<StatusInputs> = {}): StatusInputs {
  return {
    pod,
    runtime,
    runtimeName: "runc",
    reasons: new Map(),
    terminationMessages: new Map(),
    ready: () => true,
    started: () => true,
    hostIPs: ["192.168.1.2"],
    podIPs: runtime.sandboxes.length ? ["10.42.0.5"] : [],
    sandboxReady: runtime.sandboxes[0]?.state === "SANDBOX_READY",
    nowMs: Date.UTC(2026, 0, 1),
    ...o,
  };
}

const cond = (
  s: { conditions?: { type: string; status: string; reason?: string; message?: string }[] },
  t: string,
) => s.conditions?.find((c) => c.type === t);

test("a pod not started yet: Pending, ContainerCreating, not ready with upstream's messages", () => {
  const pod = testPod();
  const s = generatePodStatus(inputs(pod, rtStatus([], [])));
  assert.equal(s.phase, "Pending");
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: "ContainerCreating" } });
  assert.equal(cond(s, "PodReadyToStartContainers")?.status, "False");
  assert.equal(cond(s, "Ready")?.reason, "ContainersNotReady");
  assert.equal(cond(s, "Ready")?.message, "containers with unready status: [web]");
  assert.equal(cond(s, "PodScheduled")?.status, "True");
  assert.equal(s.podIP, undefined);
  assert.equal(s.hostIP, "192.168.1.2");
  assert.equal(s.qosClass, "BestEffort");
});

test("a running pod: Running and Ready, containerID with the runtime's scheme, pod IPs", () => {
  const pod = testPod();
  const c = instance(pod, "web", { id: "abc", startedAt: Date.UTC(2026, 0, 1, 0, 0, 5) });
  const s = generatePodStatus(inputs(pod, rtStatus([sandbox()], [c])));
  assert.equal(s.phase, "Running");
  const cs = s.containerStatuses?.[0];
  assert.equal(cs?.containerID, "runc://abc");
  assert.equal(cs?.image, "docker.io/library/busybox:1.35");
  assert.equal(cs?.imageID, "sha256:abc");
  assert.deepEqual(cs?.state, { running: { startedAt: "2026-01-01T00:00:05Z" } });
  assert.equal(cs?.ready, true);
  assert.equal(s.podIP, "10.42.0.5");
  assert.deepEqual(s.podIPs, [{ ip: "10.42.0.5" }]);
  for (const t of ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"])
    assert.equal(cond(s, t)?.status, "True", t);
});

test("a readiness failure makes the pod not Ready while it keeps Running", () => {
  const pod = testPod();
  const s = generatePodStatus(
    inputs(pod, rtStatus([sandbox()], [instance(pod, "web")]), { ready: () => false }),
  );
  assert.equal(s.phase, "Running");
  assert.equal(cond(s, "Ready")?.status, "False");
  assert.equal(cond(s, "ContainersReady")?.message, "containers with unready status: [web]");
});

test("CrashLoopBackOff: waiting with the back-off message, the exit in lastState, restartCount from the instance", () => {
  const pod = testPod();
  const old = instance(pod, "web", {
    state: "CONTAINER_EXITED",
    exitCode: 1,
    reason: "Error",
    restartCount: 1,
    id: "o",
  });
  const latest = instance(pod, "web", {
    state: "CONTAINER_EXITED",
    exitCode: 2,
    reason: "Error",
    restartCount: 2,
    id: "n",
  });
  const reasons = new Map([
    [
      "web",
      {
        reason: "CrashLoopBackOff",
        message: "back-off 20s restarting failed container=web pod=web_default(u1)",
      },
    ],
  ]);
  const s = generatePodStatus(inputs(pod, rtStatus([sandbox()], [old, latest]), { reasons }));
  const cs = s.containerStatuses?.[0];
  assert.equal(cs?.state?.waiting?.reason, "CrashLoopBackOff");
  assert.equal(cs?.lastState?.terminated?.exitCode, 2);
  assert.equal(cs?.lastState?.terminated?.containerID, "runc://n");
  assert.equal(cs?.restartCount, 2);
  assert.equal(s.phase, "Running");
});

test("init containers: Initialized False with the incomplete ones, regular containers PodInitializing", () => {
  const pod = testPod({ initContainers: [{ name: "init", image: "x" }] });
  const s = generatePodStatus(inputs(pod, rtStatus([sandbox()], [instance(pod, "init")])));
  assert.equal(s.phase, "Pending");
  assert.equal(cond(s, "Initialized")?.status, "False");
  assert.equal(cond(s, "Initialized")?.reason, "ContainersNotInitialized");
  assert.equal(cond(s, "Initialized")?.message, "containers with incomplete status: [init]");
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: "PodInitializing" } });
  assert.ok(s.initContainerStatuses?.[0]?.state?.running);
});

test("phase: Never and OnFailure pods end Succeeded or Failed; a failed init under Never fails the pod", () => {
  const term = (exitCode: number) => ({
    name: "c",
    ready: false,
    restartCount: 0,
    image: "",
    imageID: "",
    state: { terminated: { exitCode } },
  });
  assert.equal(podPhase(testPod({ restartPolicy: "Never" }), [], [term(0)]), "Succeeded");
  assert.equal(podPhase(testPod({ restartPolicy: "Never" }), [], [term(1)]), "Failed");
  assert.equal(podPhase(testPod({ restartPolicy: "OnFailure" }), [], [term(1)]), "Running");
  assert.equal(podPhase(testPod({ restartPolicy: "Always" }), [], [term(0)]), "Running");
  assert.equal(podPhase(testPod({ restartPolicy: "Never" }), [term(1)], []), "Failed");
  // Deleted: over, whatever the policy.
  assert.equal(podPhase(testPod(), [], [term(143)], true), "Failed");
  assert.equal(podPhase(testPod(), [], [term(0)], true), "Succeeded");
});

test("transition times are kept while a condition's status holds", () => {
  const pod = testPod();
  pod.status = {
    conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z" }],
  };
  const s = generatePodStatus(inputs(pod, rtStatus([sandbox()], [instance(pod, "web")])));
  assert.equal(cond(s, "Ready")?.status, "True");
  assert.equal(s.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime, "2025-01-01T00:00:00Z");
});

test("a started sidecar counts as initialized and its readiness counts for the pod", () => {
  const pod = testPod({ initContainers: [{ name: "proxy", image: "x", restartPolicy: "Always" }] });
  const rs = rtStatus([sandbox()], [instance(pod, "proxy"), instance(pod, "web")]);
  const s = generatePodStatus(inputs(pod, rs));
  assert.equal(s.phase, "Running");
  assert.equal(cond(s, "Initialized")?.status, "True");
  assert.equal(s.initContainerStatuses?.[0]?.started, true);
  assert.equal(s.initContainerStatuses?.[0]?.ready, true);
  const unready = generatePodStatus(inputs(pod, rs, { ready: (name) => name !== "proxy" }));
  assert.equal(cond(unready, "Ready")?.message, "containers with unready status: [proxy]");
});

test("the status says which pod generation it reflects", () => {
  const pod = testPod();
  pod.metadata = { ...pod.metadata, generation: 3 };
  const s = generatePodStatus(inputs(pod, rtStatus([sandbox()], [instance(pod, "web")])));
  assert.equal(s.observedGeneration, 3);
  assert.equal(s.conditions?.find((c) => c.type === "Ready")?.observedGeneration, 3);
});
