// A test double of the runtime's stop calls (a unit test of the order and the grace periods).
import { test } from "node:test";
import assert from "node:assert/strict";
import { PodKiller, gracePeriodSeconds } from "./kill.js";
import { instance, rtStatus, sandbox, testPod } from "./testpods.js";
import { silentLogger } from "../../client/log.js";
import { ok, type RuntimeService } from "../../runtime/cri.js";

test("grace period: override, then the deletion's, then the pod's; never under 2 s", () => {
  const pod = testPod({ terminationGracePeriodSeconds: 20 });
  assert.equal(gracePeriodSeconds(pod), 20);
  assert.equal(
    gracePeriodSeconds({ ...pod, metadata: { ...pod.metadata, deletionGracePeriodSeconds: 5 } }),
    5,
  );
  assert.equal(gracePeriodSeconds(pod, 0), 2);
  assert.equal(gracePeriodSeconds(testPod()), 30);
});

test("killPod stops regular containers first, then sidecars in reverse order, then the sandbox", async () => {
  const calls: string[] = [];
  const runtime = {
    stopContainer: (id: string, timeout: number) => {
      calls.push(`stop ${id} ${timeout}`);
      return Promise.resolve(ok(undefined));
    },
    stopPodSandbox: (id: string) => {
      calls.push(`sandbox ${id}`);
      return Promise.resolve(ok(undefined));
    },
  } as unknown as RuntimeService;
  const events: string[] = [];
  const killer = new PodKiller({
    runtime,
    inputs: {},
    event: (_p, _t, reason, message) => events.push(`${reason}: ${message}`),
    log: silentLogger,
  });
  const pod = testPod({
    terminationGracePeriodSeconds: 7,
    initContainers: [
      { name: "first", image: "x", restartPolicy: "Always" },
      { name: "second", image: "x", restartPolicy: "Always" },
    ],
  });
  const rs = rtStatus(
    [sandbox({ id: "sb" })],
    [
      instance(pod, "first", { id: "f" }),
      instance(pod, "second", { id: "s" }),
      instance(pod, "web", { id: "w" }),
    ],
  );
  await killer.killPod(pod, rs, undefined);
  assert.deepEqual(calls, ["stop w 7", "stop s 7", "stop f 7", "sandbox sb"]);
  assert.deepEqual(events, [
    "Killing: Stopping container web",
    "Killing: Stopping container second",
    "Killing: Stopping container first",
  ]);
});
