// Integration: the Job controller (and the garbage collector) against a real API server. No kubelet runs:
// the test plays it by writing pod phases and container states through pods/status.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { JobController } from "./controller.js";
import { newGarbageCollectorController } from "../garbagecollector/controller.js";
import { clientFor } from "../../client/index.js";
import { pods } from "../../api/core/v1/pod.js";
import { jobs } from "../../api/batch/v1/job.js";
import { rfc3339 } from "../util/metatime.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(
    (ctx) => new JobController(ctx, { syncJobBatchPeriodMs: 20, podFailureBackOffMs: 100 }),
    newGarbageCollectorController,
  );
});
after(async () => c?.stop());

const pc = () => clientFor<any>(c.client, pods);
const jc = () => clientFor<any>(c.client, jobs);
const getJob = (name: string) => jc().get("default", name);

/** The Job's pods (by the controller-uid label), optionally only those not terminated nor deleted. */
async function jobPods(job: any, activeOnly = false): Promise<any[]> {
  const l = await pc().list("default", {
    labelSelector: `batch.kubernetes.io/controller-uid=${job.metadata.uid}`,
  });
  return l.items.filter(
    (p: any) =>
      !activeOnly ||
      (!p.metadata.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed"),
  );
}

/** Plays the kubelet: the pod's one container terminated with the exit code. */
async function finishPod(pod: any, exitCode: number) {
  const now = rfc3339(Date.now());
  await pc().patch(
    "default",
    pod.metadata.name,
    "merge",
    {
      status: {
        phase: exitCode === 0 ? "Succeeded" : "Failed",
        containerStatuses: [
          {
            name: pod.spec.containers[0].name,
            image: pod.spec.containers[0].image,
            imageID: "",
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode,
                reason: exitCode === 0 ? "Completed" : "Error",
                startedAt: now,
                finishedAt: now,
              },
            },
          },
        ],
      },
    },
    { subresource: "status" },
  );
}

const condition = (job: any, type: string) => job.status?.conditions?.find((x: any) => x.type === type);
const waitCondition = (name: string, type: string) =>
  eventually(`${name} ${type}`, async () => {
    const j = await getJob(name);
    return condition(j, type)?.status === "True" ? j : undefined;
  });
const waitPods = (job: any, n: number) =>
  eventually(`${n} active pods of ${job.metadata.name}`, async () => {
    const l = await jobPods(job, true);
    return l.length === n ? l : undefined;
  });
const events = async (name: string) =>
  (await c.client.raw<any>("GET", "/api/v1/namespaces/default/events")).items.filter(
    (e: any) => e.involvedObject.name === name && e.involvedObject.kind === "Job",
  );

const jobManifest = (name: string, spec: string) => `
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
${spec}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox:1.35, command: [sh, -c, "echo done"]}]
`;

test("kubectl create job: one pod, owned and labelled as upstream, completes", async () => {
  ok(await c.server.kubectl(["create", "job", "j1", "--image=busybox:1.35", "--", "sh", "-c", "echo done"]));
  const job = await getJob("j1");
  const [pod] = await waitPods(job, 1);
  assert.match(pod.metadata.generateName, /^j1-$/);
  assert.deepEqual(pod.metadata.ownerReferences, [
    {
      apiVersion: "batch/v1",
      kind: "Job",
      name: "j1",
      uid: job.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  for (const [k, v] of [
    ["batch.kubernetes.io/controller-uid", job.metadata.uid],
    ["controller-uid", job.metadata.uid],
    ["batch.kubernetes.io/job-name", "j1"],
    ["job-name", "j1"],
  ])
    assert.equal(pod.metadata.labels[k], v, k);
  assert.deepEqual(pod.metadata.finalizers, ["batch.kubernetes.io/job-tracking"]);
  assert.equal(pod.spec.restartPolicy, "Never");
  const running = await eventually("active 1", async () => {
    const j = await getJob("j1");
    return j.status.active === 1 && j.status.startTime ? j : undefined;
  });
  assert.equal(running.status.ready, 0);

  await finishPod(pod, 0);
  const done = await waitCondition("j1", "Complete");
  assert.equal(done.status.succeeded, 1);
  assert.equal(done.status.active, 0);
  assert.ok(done.status.completionTime);
  assert.deepEqual(done.status.uncountedTerminatedPods, {});
  // The interim condition comes first, with the same reason and message.
  assert.deepEqual(
    done.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message]),
    [
      ["SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
      ["Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"],
    ],
  );
  // Counted: the tracking finalizer is gone.
  const after = await pc().get("default", pod.metadata.name);
  assert.equal(after.metadata.finalizers, undefined);
  ok(await c.server.kubectl(["wait", "--for=condition=complete", "job/j1", "--timeout=10s"]));
  const ev = await eventually("Completed event", async () => {
    const l = await events("j1");
    return l.some((e: any) => e.reason === "Completed") ? l : undefined;
  });
  const created = ev.find((e: any) => e.reason === "SuccessfulCreate");
  assert.equal(created.message, `Created pod: ${pod.metadata.name}`);
  assert.equal(created.source.component, "job-controller");
  assert.equal(ev.find((e: any) => e.reason === "Completed").message, "Job completed");
  // kubectl get shows the upstream columns.
  assert.match(ok(await c.server.kubectl(["get", "job", "j1"])), /j1\s+Complete\s+1\/1/);
});

test("completions 3, parallelism 2: never more than 2 active, complete after 3 successes", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("par", "  completions: 3\n  parallelism: 2"),
    }),
  );
  const job = await getJob("par");
  let maxActive = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      maxActive = Math.max(maxActive, (await jobPods(job, true)).length);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  for (let done = 0; done < 3;) {
    const active = await waitPods(job, Math.min(2, 3 - done));
    await finishPod(active[0], 0);
    done++;
    await eventually(`succeeded ${done}`, async () =>
      (await getJob("par")).status.succeeded === done ? true : undefined,
    );
  }
  const j = await waitCondition("par", "Complete");
  watching = false;
  await watcher;
  assert.equal(maxActive, 2);
  assert.equal(j.status.succeeded, 3);
  assert.equal((await jobPods(job)).length, 3);
  assert.match(ok(await c.server.kubectl(["get", "job", "par"])), /par\s+Complete\s+3\/3/);
});

test("Indexed: index annotation, label, hostname, env; completedIndexes compressed", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("idx", "  completions: 3\n  parallelism: 3\n  completionMode: Indexed"),
    }),
  );
  const job = await getJob("idx");
  const ps = await waitPods(job, 3);
  const byIndex = new Map<string, any>();
  for (const p of ps) {
    const ix = p.metadata.annotations["batch.kubernetes.io/job-completion-index"];
    byIndex.set(ix, p);
    assert.equal(p.metadata.labels["batch.kubernetes.io/job-completion-index"], ix);
    assert.equal(p.spec.hostname, `idx-${ix}`);
    assert.ok(p.metadata.name.startsWith(`idx-${ix}-`), p.metadata.name);
    assert.deepEqual(p.spec.containers[0].env, [
      {
        name: "JOB_COMPLETION_INDEX",
        valueFrom: {
          fieldRef: {
            apiVersion: "v1",
            fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']",
          },
        },
      },
    ]);
  }
  assert.deepEqual([...byIndex.keys()].sort(), ["0", "1", "2"]);
  await finishPod(byIndex.get("0"), 0);
  await finishPod(byIndex.get("2"), 0);
  await eventually("0,2", async () =>
    (await getJob("idx")).status.completedIndexes === "0,2" ? true : undefined,
  );
  // A failed index is retried with a new pod for the same index.
  await finishPod(byIndex.get("1"), 1);
  const [retry] = await waitPods(job, 1);
  assert.equal(retry.metadata.annotations["batch.kubernetes.io/job-completion-index"], "1");
  await finishPod(retry, 0);
  const j = await waitCondition("idx", "Complete");
  assert.equal(j.status.completedIndexes, "0-2");
  assert.equal(j.status.succeeded, 3);
  assert.equal(j.status.failed, 1);
});

test("backoffLimit exceeded: FailureTarget, then Failed with upstream's reason and message", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("bo", "  backoffLimit: 1") }));
  const job = await getJob("bo");
  const [first] = await waitPods(job, 1);
  await finishPod(first, 1);
  // The replacement waits for the (shortened) back-off, then comes.
  const [second] = await eventually("a replacement", async () => {
    const l = await jobPods(job, true);
    return l.length === 1 && l[0].metadata.name !== first.metadata.name ? l : undefined;
  });
  await finishPod(second, 1);
  const j = await waitCondition("bo", "Failed");
  assert.equal(j.status.failed, 2);
  assert.equal(j.status.active, 0);
  assert.deepEqual(
    j.status.conditions.map((x: any) => [x.type, x.reason, x.message]),
    [
      ["FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
      ["Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ],
  );
  assert.equal(j.status.completionTime, undefined);
  const ev = await eventually("BackoffLimitExceeded event", async () =>
    (await events("bo")).find((e: any) => e.reason === "BackoffLimitExceeded"),
  );
  assert.equal(ev.type, "Warning");
  assert.match(ok(await c.server.kubectl(["get", "job", "bo"])), /bo\s+Failed\s+0\/1/);
});

test("activeDeadlineSeconds: active pods deleted, Failed/DeadlineExceeded", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("dl", "  parallelism: 2\n  completions: 4\n  activeDeadlineSeconds: 2"),
    }),
  );
  const job = await getJob("dl");
  await waitPods(job, 2);
  const j = await waitCondition("dl", "Failed");
  assert.equal(condition(j, "Failed").reason, "DeadlineExceeded");
  assert.equal(condition(j, "Failed").message, "Job was active longer than specified deadline");
  assert.equal(condition(j, "FailureTarget").reason, "DeadlineExceeded");
  assert.equal(j.status.active, 0);
  assert.equal(j.status.failed, 2);
  assert.equal(j.status.terminating, 0);
  // Their finalizers removed, the deleted pods are gone.
  await eventually("pods gone", async () => ((await jobPods(job)).length === 0 ? true : undefined));
  const ev = await events("dl");
  assert.equal(ev.filter((e: any) => e.reason === "SuccessfulDelete").length, 2);
  assert.ok(ev.some((e: any) => e.reason === "DeadlineExceeded"));
});

test("suspend and resume", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("sus", "  parallelism: 2\n  completions: 2\n  suspend: true"),
    }),
  );
  const job = await getJob("sus");
  const s = await waitCondition("sus", "Suspended");
  assert.equal(condition(s, "Suspended").reason, "JobSuspended");
  assert.equal(condition(s, "Suspended").message, "Job suspended");
  assert.equal(s.status.startTime, undefined);
  assert.equal((await jobPods(job)).length, 0);

  ok(await c.server.kubectl(["patch", "job", "sus", "--type=merge", "-p", '{"spec":{"suspend":false}}']));
  await waitPods(job, 2);
  const r = await eventually("resumed", async () => {
    const j = await getJob("sus");
    return condition(j, "Suspended")?.status === "False" && j.status.active === 2 ? j : undefined;
  });
  assert.equal(condition(r, "Suspended").reason, "JobResumed");
  assert.ok(r.status.startTime);

  ok(await c.server.kubectl(["patch", "job", "sus", "--type=merge", "-p", '{"spec":{"suspend":true}}']));
  await eventually("suspended again, pods gone", async () => {
    const j = await getJob("sus");
    return condition(j, "Suspended")?.status === "True" &&
      j.status.active === 0 &&
      (await jobPods(job)).length === 0
      ? true
      : undefined;
  });
  // Pods the Job removes itself lose their finalizer first: they do not count as failed.
  assert.equal((await getJob("sus")).status.failed ?? 0, 0);
  const names = (await events("sus")).map((e: any) => e.reason);
  for (const reason of ["Suspended", "Resumed", "SuccessfulCreate", "SuccessfulDelete"])
    assert.ok(names.includes(reason), reason);
});

test("parallelism 0 runs nothing; deleting the Job deletes its pods", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("gc", "  parallelism: 0\n  completions: 2"),
    }),
  );
  const job = await eventually("active 0 written", async () => {
    const j = await getJob("gc");
    return j.status.active === 0 && j.status.startTime ? j : undefined;
  });
  assert.equal((await jobPods(job)).length, 0);
  ok(await c.server.kubectl(["patch", "job", "gc", "--type=merge", "-p", '{"spec":{"parallelism":2}}']));
  await waitPods(job, 2);
  ok(await c.server.kubectl(["delete", "job", "gc", "--wait=false"]));
  // The garbage collector deletes the pods; the Job controller lets go of their finalizers.
  await eventually("pods gone", async () => ((await jobPods(job)).length === 0 ? true : undefined));
});

test("validation refuses a Job whose template may restart forever", async () => {
  const r = await c.server.kubectl(["apply", "-f", "-"], {
    input: jobManifest("bad", "").replace("restartPolicy: Never", "restartPolicy: Always"),
  });
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/,
  );
  // Nothing was stored, so nothing runs.
  assert.ok(!(await jc().list("default")).items.some((j: any) => j.metadata.name === "bad"));
});

test("completions unset (a work queue): one success, then the rest finishing, completes it", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("wq", "  parallelism: 2") }));
  const job = await getJob("wq");
  assert.equal(job.spec.completions, undefined);
  const [a, b] = await waitPods(job, 2);
  await finishPod(a, 0);
  await eventually("succeeded 1", async () =>
    (await getJob("wq")).status.succeeded === 1 ? true : undefined,
  );
  // No replacement is started after a success, and the Job waits for the other pod.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await jobPods(job, true)).length, 1);
  assert.equal(condition(await getJob("wq"), "Complete"), undefined);
  await finishPod(b, 0);
  const j = await waitCondition("wq", "Complete");
  assert.equal(j.status.succeeded, 2);
  assert.match(ok(await c.server.kubectl(["get", "job", "wq"])), /wq\s+Complete\s+2\/1 of 2/);
});

test("restartPolicy OnFailure: container restarts count against backoffLimit", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: jobManifest("rs", "  backoffLimit: 2").replace(
        "restartPolicy: Never",
        "restartPolicy: OnFailure",
      ),
    }),
  );
  const job = await getJob("rs");
  const [pod] = await waitPods(job, 1);
  await pc().patch(
    "default",
    pod.metadata.name,
    "merge",
    {
      status: {
        phase: "Running",
        containerStatuses: [
          {
            name: "main",
            image: "busybox:1.35",
            imageID: "",
            ready: true,
            restartCount: 2,
            state: { running: { startedAt: rfc3339(Date.now()) } },
          },
        ],
      },
    },
    { subresource: "status" },
  );
  const j = await waitCondition("rs", "Failed");
  assert.equal(condition(j, "Failed").reason, "BackoffLimitExceeded");
  // The running pod was deleted, and counted as failed.
  assert.equal(j.status.failed, 1);
  await eventually("pod gone", async () => ((await jobPods(job)).length === 0 ? true : undefined));
});

test("a running pod deleted by someone else counts as failed and is replaced", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("del", "  completions: 1") }));
  const job = await getJob("del");
  const [pod] = await waitPods(job, 1);
  ok(await c.server.kubectl(["delete", "pod", pod.metadata.name, "--wait=false"]));
  const [next] = await eventually("a replacement", async () => {
    const l = await jobPods(job, true);
    return l.length === 1 && l[0].metadata.name !== pod.metadata.name ? l : undefined;
  });
  await eventually("failed 1", async () => ((await getJob("del")).status.failed === 1 ? true : undefined));
  await finishPod(next, 0);
  const j = await waitCondition("del", "Complete");
  assert.deepEqual([j.status.succeeded, j.status.failed], [1, 1]);
});

test("podFailurePolicy: Ignore does not count, FailJob fails the Job with the rule's message", async () => {
  const policy = `  backoffLimit: 0
  podFailurePolicy:
    rules:
    - action: Ignore
      onExitCodes: {operator: In, values: [1]}
    - action: FailJob
      onExitCodes: {containerName: main, operator: In, values: [42]}`;
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("pfp", policy) }));
  const job = await getJob("pfp");
  assert.equal(job.spec.podReplacementPolicy, "Failed");
  const [first] = await waitPods(job, 1);
  await finishPod(first, 1);
  // Ignored: not counted against backoffLimit 0, and replaced.
  const [second] = await eventually("a replacement", async () => {
    const l = await jobPods(job, true);
    return l.length === 1 && l[0].metadata.name !== first.metadata.name ? l : undefined;
  });
  const mid = await getJob("pfp");
  assert.equal(mid.status.failed ?? 0, 0);
  assert.equal(condition(mid, "Failed"), undefined);
  await finishPod(second, 42);
  const j = await waitCondition("pfp", "Failed");
  const msg = `Container main for pod default/${second.metadata.name} failed with exit code 42 matching FailJob rule at index 1`;
  assert.deepEqual(
    j.status.conditions.map((x: any) => [x.type, x.reason, x.message]),
    [
      ["FailureTarget", "PodFailurePolicy", msg],
      ["Failed", "PodFailurePolicy", msg],
    ],
  );
  assert.equal(j.status.failed, 1);
});

test("an orphan pod the selector matches is adopted with the tracking finalizer and counted", async () => {
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: `
apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {app: adopt}}
spec:
  restartPolicy: Never
  containers: [{name: main, image: busybox:1.35}]
`,
    }),
  );
  const manual = jobManifest(
    "adopt",
    "  manualSelector: true\n  selector: {matchLabels: {app: adopt}}",
  ).replace("  template:\n    spec:", "  template:\n    metadata: {labels: {app: adopt}}\n    spec:");
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manual }));
  const job = await getJob("adopt");
  const pod = await eventually("adopted", async () => {
    const p = await pc().get("default", "stray");
    return p.metadata.ownerReferences?.[0]?.uid === job.metadata.uid ? p : undefined;
  });
  assert.deepEqual(pod.metadata.finalizers, ["batch.kubernetes.io/job-tracking"]);
  await eventually("active 1", async () => ((await getJob("adopt")).status.active === 1 ? true : undefined));
  // The adopted pod fills the one completion: no other pod is created.
  const all = await pc().list("default", { labelSelector: "app=adopt" });
  assert.equal(all.items.length, 1);
  await finishPod(pod, 0);
  const j = await waitCondition("adopt", "Complete");
  assert.equal(j.status.succeeded, 1);
});

test("successPolicy: the leader index succeeding completes the Job and stops the others", async () => {
  const spec = `  completions: 3
  parallelism: 3
  completionMode: Indexed
  successPolicy:
    rules:
    - succeededIndexes: "0"`;
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("lead", spec) }));
  const job = await getJob("lead");
  const ps = await waitPods(job, 3);
  const leader = ps.find((p) => p.metadata.annotations["batch.kubernetes.io/job-completion-index"] === "0");
  await finishPod(leader, 0);
  const j = await waitCondition("lead", "Complete");
  assert.deepEqual(
    j.status.conditions.map((x: any) => [x.type, x.reason, x.message]),
    [
      ["SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0"],
      ["Complete", "SuccessPolicy", "Matched rules at index 0"],
    ],
  );
  assert.equal(j.status.completedIndexes, "0");
  assert.equal(j.status.succeeded, 1);
  assert.equal(j.status.active, 0);
  await eventually("the others gone", async () =>
    (await jobPods(job, true)).length === 0 ? true : undefined,
  );
});

test("backoffLimitPerIndex: an index fails on its own; the Job fails with FailedIndexes", async () => {
  const spec = `  completions: 2
  parallelism: 2
  completionMode: Indexed
  backoffLimitPerIndex: 1`;
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: jobManifest("per", spec) }));
  const job = await getJob("per");
  const ix = (p: any) => p.metadata.annotations["batch.kubernetes.io/job-completion-index"];
  const ps = await waitPods(job, 2);
  const zero = ps.find((p) => ix(p) === "0");
  assert.equal(zero.metadata.annotations["batch.kubernetes.io/job-index-failure-count"], "0");
  await finishPod(zero, 1);
  // The index is retried once, its replacement carrying the failure count.
  const retry = await eventually("index 0 retried", async () =>
    (await jobPods(job, true)).find((p) => ix(p) === "0" && p.metadata.name !== zero.metadata.name),
  );
  assert.equal(retry.metadata.annotations["batch.kubernetes.io/job-index-failure-count"], "1");
  await finishPod(retry, 1);
  await eventually("index 0 failed", async () =>
    (await getJob("per")).status.failedIndexes === "0" ? true : undefined,
  );
  // Not retried again; index 1 still runs and succeeds.
  assert.equal((await jobPods(job, true)).filter((p) => ix(p) === "0").length, 0);
  await finishPod(
    ps.find((p) => ix(p) === "1"),
    0,
  );
  const j = await waitCondition("per", "Failed");
  assert.equal(condition(j, "Failed").reason, "FailedIndexes");
  assert.equal(condition(j, "Failed").message, "Job has failed indexes");
  assert.equal(j.status.completedIndexes, "1");
  assert.equal(j.status.failedIndexes, "0");
  assert.equal(j.status.failed, 2);
});
