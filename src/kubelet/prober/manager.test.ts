import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Pod } from "../../api/core/v1/pod.js";
import { silentLogger } from "../../client/log.js";
import { ProbeManager, probeTerminationGracePeriodSeconds } from "./index.js";

test("ProbeManager against a real HTTP server: readiness follows the endpoint, liveness failure is reported", async () => {
  let healthy = true;
  const server = createServer((rq, rs) => {
    if (rq.url === "/ready") rs.writeHead(healthy ? 200 : 503).end();
    else rs.writeHead(500).end("dead");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const events: string[] = [];
  const changes: string[] = [];
  const failures: unknown[] = [];
  let onFailure = () => {};
  let onChange = () => {};
  const m = new ProbeManager({
    runtime: { execSync: () => Promise.reject(new Error("unused")) },
    recorder: { event: (_o, type, reason, message) => events.push(`${type} ${reason} ${message}`) },
    log: silentLogger,
    onChange: (uid) => {
      changes.push(uid);
      onChange();
    },
    onFailure: (...a) => {
      failures.push(a);
      onFailure();
    },
  });
  const pod = {
    metadata: { name: "web", namespace: "default", uid: "pod-1" },
    spec: {
      containers: [
        {
          name: "web",
          readinessProbe: { httpGet: { port, path: "/ready" }, periodSeconds: 1, failureThreshold: 1 },
        },
        {
          name: "sick",
          livenessProbe: {
            httpGet: { port, path: "/live" },
            periodSeconds: 1,
            failureThreshold: 2,
            terminationGracePeriodSeconds: 3,
          },
        },
        { name: "plain" },
      ],
    },
  } as Pod;
  const until = (check: () => boolean, set: (f: () => void) => void) =>
    new Promise<void>((resolve) => {
      set(() => {
        if (check()) resolve();
      });
      if (check()) resolve();
    });
  try {
    m.addPod(pod);
    assert.equal(m.isReady("pod-1", "web"), false, "not running yet");
    m.setContainer("pod-1", "plain", { id: "c-plain", startedAt: Date.now() }, "127.0.0.1");
    assert.equal(m.isReady("pod-1", "plain"), true, "no readiness probe: ready once running");
    assert.equal(m.isStarted("pod-1", "plain"), true);

    m.setContainer("pod-1", "web", { id: "c-web", startedAt: Date.now() }, "127.0.0.1");
    await until(
      () => m.isReady("pod-1", "web"),
      (f) => (onChange = f),
    );
    healthy = false;
    await until(
      () => !m.isReady("pod-1", "web"),
      (f) => (onChange = f),
    );
    assert.ok(
      events.includes("Warning Unhealthy Readiness probe failed: HTTP probe failed with statuscode: 503"),
    );

    m.setContainer("pod-1", "sick", { id: "c-sick", startedAt: Date.now() }, "127.0.0.1");
    await until(
      () => failures.length > 0,
      (f) => (onFailure = f),
    );
    assert.deepEqual(failures[0], [
      "pod-1",
      "sick",
      "liveness",
      "Container sick failed liveness probe, will be restarted",
    ]);
    assert.ok(
      events.includes("Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500"),
    );
    assert.ok(changes.every((u) => u === "pod-1"));
    assert.equal(probeTerminationGracePeriodSeconds(pod, pod.spec!.containers[1], "liveness"), 3);
    assert.equal(probeTerminationGracePeriodSeconds(pod, pod.spec!.containers[0], "liveness"), 30);
  } finally {
    m.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  assert.equal(m.isReady("pod-1", "web"), false, "a removed pod is not ready");
});

test("startup probe gates started/ready and liveness; a deleted pod's liveness goes quiet", async () => {
  let startupOK = false;
  const execs: string[] = [];
  const changes: (() => void)[] = [];
  const failures: unknown[] = [];
  const m = new ProbeManager({
    runtime: {
      execSync: (_id, cmd) => {
        execs.push(cmd[0]);
        const ok = cmd[0] === "started?" ? startupOK : cmd[0] !== "alive?";
        return Promise.resolve({
          ok: true,
          value: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: ok ? 0 : 1 },
        });
      },
    },
    recorder: { event: () => {} },
    log: silentLogger,
    onChange: () => changes.splice(0).forEach((f) => f()),
    onFailure: (...a) => failures.push(a),
  });
  const pod = {
    metadata: { name: "slow", namespace: "default", uid: "pod-2" },
    spec: {
      containers: [
        {
          name: "app",
          startupProbe: { exec: { command: ["started?"] }, periodSeconds: 1, failureThreshold: 30 },
          livenessProbe: { exec: { command: ["alive?"] }, periodSeconds: 1, failureThreshold: 1000 },
        },
      ],
    },
  } as Pod;
  // The workers' timers do not hold the process open (the kubelet's other work does); this test's does.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    m.addPod(pod);
    m.setContainer("pod-2", "app", { id: "c1", startedAt: Date.now() }, "127.0.0.1");
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(m.isStarted("pod-2", "app"), false);
    assert.equal(m.isReady("pod-2", "app"), false, "not started: not ready");
    assert.ok(execs.includes("started?"));
    assert.ok(!execs.includes("alive?"), "liveness waits for the startup probe");
    startupOK = true;
    await new Promise<void>((r) => changes.push(r));
    assert.equal(m.isStarted("pod-2", "app"), true);
    assert.equal(m.isReady("pod-2", "app"), true, "no readiness probe: ready once started");
    while (!execs.includes("alive?")) await new Promise((r) => setTimeout(r, 200));
    // Deletion: the updated pod quiets liveness; no failure is reported.
    m.addPod({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date().toISOString() } });
    const alive = () => execs.filter((e) => e === "alive?").length;
    const before = alive();
    await new Promise((r) => setTimeout(r, 2500));
    assert.ok(alive() <= before + 1, "liveness stopped probing (one may have been in flight)");
    assert.deepEqual(failures, []);
  } finally {
    clearInterval(keepAlive);
    m.stop();
  }
});
