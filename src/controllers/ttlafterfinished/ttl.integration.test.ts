// Integration: the TTL-after-finished controller with the Job controller and the garbage collector.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { JobController } from "../job/controller.js";
import { newGarbageCollectorController } from "../garbagecollector/controller.js";
import { newTTLAfterFinishedController } from "./controller.js";
import { clientFor } from "../../client/index.js";
import { pods } from "../../api/core/v1/pod.js";
import { jobs } from "../../api/batch/v1/job.js";
import { rfc3339 } from "../util/metatime.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(
    (ctx) => new JobController(ctx, { syncJobBatchPeriodMs: 20 }),
    newGarbageCollectorController,
    newTTLAfterFinishedController,
  );
});
after(async () => c?.stop());

test("a finished Job is deleted with its pods ttlSecondsAfterFinished later", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: `
apiVersion: batch/v1
kind: Job
metadata: {name: short}
spec:
  ttlSecondsAfterFinished: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox:1.35}]
`,
    }),
  );
  const pc = clientFor<any>(c.client, pods);
  const pod = await eventually("the pod", async () => (await pc.list("default")).items[0]);
  const now = rfc3339(Date.now());
  await pc.patch(
    "default",
    pod.metadata.name,
    "merge",
    {
      status: {
        phase: "Succeeded",
        containerStatuses: [
          {
            name: "main",
            image: "busybox:1.35",
            imageID: "",
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, startedAt: now, finishedAt: now } },
          },
        ],
      },
    },
    { subresource: "status" },
  );
  const jc = clientFor<any>(c.client, jobs);
  const done = await eventually("Complete", async () => {
    const j = await jc.get("default", "short");
    return j.status.completionTime ? j : undefined;
  });
  assert.equal(done.spec.ttlSecondsAfterFinished, 1);
  await eventually("Job and pod gone", async () => {
    const j = await jc.get("default", "short").catch(() => undefined);
    const l = (await pc.list("default")).items;
    return !j && l.length === 0 ? true : undefined;
  });
});
