// Bad input and failure handling with real runc containers: an image that cannot be pulled, a command that
// is not in the image, runAsNonRoot against a root image, a failing liveness probe, a failing init
// container, a pod that runs to completion, and a pod force-deleted while the kubelet was down.
import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import path from "node:path";
import { clientFor } from "../client/index.js";
import { pods as podResource, type Pod } from "../api/core/v1/pod.js";
import type { Container } from "../api/core/v1/container.js";
import { startKubeletTest, eventually, runcNode, whyNoRunc } from "./testing.js";

test(
  "kubelet with runc: upstream's reasons for failures, liveness restarts, completion, orphans",
  { skip: await whyNoRunc(), timeout: 240_000 },
  async (t) => {
    const kt = await startKubeletTest("krf");
    const node = await runcNode(kt, 237);
    let runtime = await node.open();
    let kubelet = kt.start(runtime, node.images);
    t.after(async () => {
      await kubelet.stop();
      await node.cleanup(runtime);
      await kt.stop();
    });
    const pods = clientFor<Pod>(kt.cluster.client, podResource);
    const pod = (name: string, spec: Partial<NonNullable<Pod["spec"]>> & { containers?: Container[] }) =>
      kt.createPod({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default" },
        spec: { nodeName: kt.nodeName, terminationGracePeriodSeconds: 2, containers: [], ...spec },
      });
    const status = async (name: string) => (await kt.getPod(name))?.status;
    const waiting = async (name: string) => (await status(name))?.containerStatuses?.[0]?.state?.waiting;

    // Nothing listens on 127.0.0.1:1: the pull fails at once, then backs off.
    await pod("nopull", { containers: [{ name: "c", image: "127.0.0.1:1/nope:1" }] });
    await pod("nocmd", { containers: [{ name: "c", image: "busybox:1.35", command: ["nope"] }] });
    await pod("nonroot", {
      securityContext: { runAsNonRoot: true },
      containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
    });
    await pod("live", {
      containers: [
        {
          name: "c",
          image: "busybox:1.35",
          command: ["sh", "-c", "echo run-$(date +%s%N); sleep 1000"],
          livenessProbe: { exec: { command: ["false"] }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    });
    await pod("badinit", {
      initContainers: [{ name: "init", image: "busybox:1.35", command: ["sh", "-c", "exit 7"] }],
      containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
    });
    await pod("sidecar", {
      initContainers: [
        { name: "proxy", image: "busybox:1.35", restartPolicy: "Always", command: ["sleep", "1000"] },
      ],
      containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
    });
    await pod("deadline", {
      activeDeadlineSeconds: 3,
      containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
    });
    await pod("hook", {
      containers: [
        {
          name: "c",
          image: "busybox:1.35",
          command: ["sleep", "1000"],
          lifecycle: { postStart: { exec: { command: ["sh", "-c", "exit 3"] } } },
        },
      ],
    });
    await pod("unready", {
      containers: [
        {
          name: "c",
          image: "busybox:1.35",
          command: ["sleep", "1000"],
          readinessProbe: { exec: { command: ["false"] }, periodSeconds: 1 },
        },
      ],
    });
    await pod("hog", {
      restartPolicy: "Never",
      containers: [
        {
          name: "c",
          image: "busybox:1.35",
          command: ["dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"],
          resources: { limits: { memory: "16Mi" } },
        },
      ],
    });
    await pod("once", {
      restartPolicy: "Never",
      containers: [{ name: "c", image: "busybox:1.35", command: ["sh", "-c", "echo done"] }],
    });

    const pull = await eventually(async () => {
      const w = await waiting("nopull");
      return w?.reason === "ImagePullBackOff" && w;
    }, 60_000);
    assert.equal(pull.message, 'Back-off pulling image "127.0.0.1:1/nope:1"');
    // Events are recorded asynchronously: wait for them.
    await eventually(async () => {
      const reasons = (await kt.events("nopull")).map((e) => e.reason);
      return ["Pulling", "Failed", "BackOff"].every((r) => reasons.includes(r));
    });
    const nocmd = await eventually(async () => {
      const s = (await status("nocmd"))?.containerStatuses?.[0];
      return s && (s.lastState?.terminated || s.state?.terminated) && s;
    }, 60_000);
    const term = nocmd.lastState?.terminated ?? nocmd.state?.terminated;
    assert.equal(term?.reason, "StartError");
    assert.equal(term?.exitCode, 128);
    // events are recorded asynchronously
    await eventually(async () =>
      (await kt.events("nocmd")).some((e) => e.reason === "Failed" && e.message.startsWith("Error: ")),
    );

    const nonroot = await eventually(async () => {
      const w = await waiting("nonroot");
      return w?.reason === "CreateContainerConfigError" && w;
    }, 60_000);
    assert.match(
      nonroot.message ?? "",
      /^container has runAsNonRoot and image will run as root \(pod: "nonroot_default\(.+\)", container: c\)$/,
    );

    const restarted = await eventually(async () => {
      const s = (await status("live"))?.containerStatuses?.[0];
      return (s?.restartCount ?? 0) >= 1 && s;
    }, 60_000);
    assert.equal(restarted.lastState?.terminated?.exitCode !== undefined, true);
    const killing = await eventually(async () =>
      (await kt.events("live")).find((e) => e.reason === "Killing"),
    );
    assert.equal(killing?.message, "Container c failed liveness probe, will be restarted");
    // The previous attempt's log stays for `kubectl logs --previous`.
    const live = await kt.getPod("live");
    const logDir = path.join(kt.base, "pod-logs", `default_live_${live?.metadata?.uid}`, "c");
    assert.match(await fs.readFile(path.join(logDir, "0.log"), "utf8"), / stdout F run-\d+/);

    const badinit = await eventually(async () => {
      const s = (await status("badinit"))?.initContainerStatuses?.[0];
      return s?.state?.waiting?.reason === "CrashLoopBackOff" && s;
    }, 60_000);
    assert.equal(badinit.lastState?.terminated?.exitCode, 7);
    const badinitStatus = await status("badinit");
    assert.equal(badinitStatus?.phase, "Pending");
    assert.equal(badinitStatus?.containerStatuses?.[0]?.state?.waiting?.reason, "PodInitializing");

    const once = await eventually(async () => {
      const s = await status("once");
      return s?.phase === "Succeeded" && s;
    }, 60_000);
    assert.equal(once.containerStatuses?.[0]?.state?.terminated?.reason, "Completed");
    assert.equal(once.conditions?.find((c) => c.type === "Ready")?.reason, "PodCompleted");

    const sidecar = await eventually(async () => {
      const s = await status("sidecar");
      return s?.phase === "Running" && s.containerStatuses?.[0]?.state?.running && s;
    }, 60_000);
    assert.ok(sidecar.initContainerStatuses?.[0]?.state?.running);
    assert.equal(sidecar.conditions?.find((c) => c.type === "Initialized")?.status, "True");

    const hookEvent = await eventually(async () =>
      (await kt.events("hook")).find((e) => e.reason === "FailedPostStartHook"),
    );
    assert.equal(hookEvent.message, "PostStartHook failed");
    const hook = await eventually(async () => {
      const s = (await status("hook"))?.containerStatuses?.[0];
      return s?.lastState?.terminated && s;
    }, 30_000);
    assert.ok(
      ["PostStartHookError", "CrashLoopBackOff"].includes(hook.state?.waiting?.reason ?? ""),
      JSON.stringify(hook.state),
    );

    // A failing readiness probe: Running, not Ready, never restarted.
    await eventually(async () =>
      (await kt.events("unready")).some(
        (e) => e.reason === "Unhealthy" && e.message.startsWith("Readiness probe failed"),
      ),
    );
    const unready = await status("unready");
    assert.equal(unready?.phase, "Running");
    assert.equal(unready?.conditions?.find((c) => c.type === "Ready")?.status, "False");
    assert.equal(unready?.containerStatuses?.[0]?.ready, false);
    assert.equal(unready?.containerStatuses?.[0]?.restartCount, 0);

    const hog = await eventually(async () => {
      const s = await status("hog");
      return s?.phase === "Failed" && s;
    }, 60_000);
    assert.equal(hog.containerStatuses?.[0]?.state?.terminated?.reason, "OOMKilled");
    assert.equal(hog.containerStatuses?.[0]?.state?.terminated?.exitCode, 137);

    const deadline = await eventually(async () => {
      const s = await status("deadline");
      return s?.phase === "Failed" && s;
    }, 60_000);
    assert.equal(deadline.reason, "DeadlineExceeded");
    assert.equal(deadline.message, "Pod was active on the node longer than the specified deadline");
    assert.ok(deadline.containerStatuses?.[0]?.state?.terminated);

    // Force-deleted while the kubelet is down: the next kubelet removes what is left of the pod.
    const uid = (await kt.getPod("nonroot"))?.metadata?.uid ?? "";
    const liveUid = live?.metadata?.uid ?? "";
    await eventually(
      async () =>
        (await runtime.listPodSandbox({ labelSelector: { "io.kubernetes.pod.uid": liveUid } })).length > 0,
    );
    await kubelet.stop();
    await pods.delete("default", "live", { gracePeriodSeconds: 0 });
    await runtime.close();
    runtime = await node.open();
    kubelet = kt.start(runtime, node.images);
    await eventually(
      async () =>
        (await runtime.listPodSandbox({ labelSelector: { "io.kubernetes.pod.uid": liveUid } })).length === 0,
      30_000,
    );
    assert.equal(
      (await runtime.listContainers({ labelSelector: { "io.kubernetes.pod.uid": liveUid } })).length,
      0,
    );
    // Pods that still exist keep their sandboxes.
    assert.equal(
      (await runtime.listPodSandbox({ labelSelector: { "io.kubernetes.pod.uid": uid } })).length,
      1,
    );
    // A completed pod is not run again by the new kubelet.
    const onceUid = (await kt.getPod("once"))?.metadata?.uid ?? "";
    assert.equal((await status("once"))?.phase, "Succeeded");
    assert.equal(
      (await runtime.listContainers({ labelSelector: { "io.kubernetes.pod.uid": onceUid } })).length,
      1,
    );
  },
);
