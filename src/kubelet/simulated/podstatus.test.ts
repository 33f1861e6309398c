import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import {
  completedPodStatus,
  containerIDFor,
  imageIDFor,
  isReportedRunning,
  isReportedTerminated,
  normalizeImage,
  runningPodStatus,
} from "./podstatus.js";

const t0 = Date.UTC(2025, 5, 1, 12, 0, 0);

const pod = (over: Partial<Pod> = {}): Pod => ({
  metadata: { name: "web-1", namespace: "default", uid: "uid-1" },
  spec: { nodeName: "sim-0", containers: [{ name: "web", image: "nginx:1.27" }] },
  status: {
    phase: "Pending",
    qosClass: "BestEffort",
    conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: "2025-06-01T11:59:59Z" }],
  },
  ...over,
});

test("images are reported fully qualified, as containerd does", () => {
  assert.equal(normalizeImage("busybox"), "docker.io/library/busybox:latest");
  assert.equal(normalizeImage("nginx:1.27"), "docker.io/library/nginx:1.27");
  assert.equal(normalizeImage("bitnami/redis"), "docker.io/bitnami/redis:latest");
  assert.equal(normalizeImage("registry.local:5000/app:v2"), "registry.local:5000/app:v2");
  assert.equal(normalizeImage("localhost/app"), "localhost/app:latest");
  assert.equal(normalizeImage("quay.io/x/y@sha256:abcd"), "quay.io/x/y@sha256:abcd");
  assert.match(imageIDFor("nginx:1.27"), /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  assert.equal(imageIDFor("nginx:1.27"), imageIDFor("docker.io/library/nginx:1.27"));
  assert.match(containerIDFor("u", "c"), /^simulated:\/\/[0-9a-f]{64}$/);
});

test("a started pod is Running and Ready, with the kubelet's conditions in its order", () => {
  const p = pod();
  const s = runningPodStatus(p, { podIP: "10.42.0.2", hostIP: "198.18.0.1", nowMs: t0 });
  assert.equal(s.phase, "Running");
  assert.equal(s.qosClass, "BestEffort");
  assert.equal(s.podIP, "10.42.0.2");
  assert.deepEqual(s.podIPs, [{ ip: "10.42.0.2" }]);
  assert.deepEqual(s.hostIPs, [{ ip: "198.18.0.1" }]);
  assert.equal(s.startTime, "2025-06-01T12:00:00Z");
  assert.deepEqual(
    s.conditions?.map((c) => `${c.type}=${c.status}`),
    [
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ],
  );
  // The scheduler's PodScheduled transition time is kept.
  assert.equal(s.conditions?.[4].lastTransitionTime, "2025-06-01T11:59:59Z");
  const cs = s.containerStatuses?.[0];
  assert.equal(cs?.name, "web");
  assert.equal(cs?.ready, true);
  assert.equal(cs?.started, true);
  assert.equal(cs?.restartCount, 0);
  assert.equal(cs?.image, "docker.io/library/nginx:1.27");
  assert.deepEqual(cs?.state, { running: { startedAt: "2025-06-01T12:00:00Z" } });
  assert.equal(isReportedRunning(pod()), false);
  assert.equal(isReportedRunning({ ...p, status: s }), true);
});

test("re-reporting a running pod changes no times; an image change restarts the container", () => {
  const p = pod();
  const s1 = runningPodStatus(p, { podIP: "10.42.0.2", hostIP: "h", nowMs: t0 });
  const running = { ...p, status: s1 };
  const s2 = runningPodStatus(running, { podIP: "10.42.0.2", hostIP: "h", nowMs: t0 + 5000 });
  assert.deepEqual(s2, s1);
  const changed: Pod = {
    ...running,
    spec: { ...p.spec!, containers: [{ name: "web", image: "nginx:1.28" }] },
  };
  assert.equal(isReportedRunning(changed), false);
  const s3 = runningPodStatus(changed, { podIP: "10.42.0.2", hostIP: "h", nowMs: t0 + 9000 });
  const cs = s3.containerStatuses?.[0];
  assert.equal(cs?.restartCount, 1);
  assert.equal(cs?.image, "docker.io/library/nginx:1.28");
  assert.equal(cs?.lastState?.terminated?.reason, "Completed");
  assert.notEqual(cs?.containerID, s1.containerStatuses?.[0].containerID);
});

test("init containers complete first; sidecars keep running", () => {
  const p = pod({
    spec: {
      containers: [{ name: "app", image: "app" }],
      initContainers: [
        { name: "setup", image: "busybox" },
        { name: "proxy", image: "envoy", restartPolicy: "Always" },
      ],
    },
  });
  const s = runningPodStatus(p, { podIP: "10.42.0.9", hostIP: "h", nowMs: t0 });
  assert.equal(s.initContainerStatuses?.[0].state?.terminated?.reason, "Completed");
  assert.equal(s.initContainerStatuses?.[0].state?.terminated?.exitCode, 0);
  assert.ok(s.initContainerStatuses?.[1].state?.running);
});

test("a completed pod is Succeeded with PodCompleted readiness and terminated containers", () => {
  const p = pod();
  const running = { ...p, status: runningPodStatus(p, { podIP: "10.42.0.2", hostIP: "h", nowMs: t0 }) };
  const s = completedPodStatus(running, t0 + 30_000);
  assert.equal(s.phase, "Succeeded");
  const ready = s.conditions?.find((c) => c.type === "Ready");
  assert.equal(ready?.status, "False");
  assert.equal(ready?.reason, "PodCompleted");
  assert.equal(ready?.lastTransitionTime, "2025-06-01T12:00:30Z");
  const t = s.containerStatuses?.[0].state?.terminated;
  assert.equal(t?.exitCode, 0);
  assert.equal(t?.reason, "Completed");
  assert.equal(t?.startedAt, "2025-06-01T12:00:00Z");
  assert.equal(t?.finishedAt, "2025-06-01T12:00:30Z");
  assert.equal(s.podIP, "10.42.0.2");
  assert.equal(isReportedTerminated({ ...running, status: s }), true);
  assert.equal(isReportedTerminated(running), false);
});
