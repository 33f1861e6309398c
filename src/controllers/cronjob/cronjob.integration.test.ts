// Integration: the CronJob controller alone against a real API server, on a fake clock. Each test moves the
// clock past a scheduled time and triggers a sync; no Job controller runs, so tests finish Jobs themselves
// through the status subresource.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { CronJobController } from "./controller.js";
import { clientFor } from "../../client/index.js";
import { cronjobs } from "../../api/batch/v1/cronjob.js";
import { jobs } from "../../api/batch/v1/job.js";
import { ok } from "../../../test/e2e/harness.js";
import { rfc3339 } from "../util/metatime.js";

let c: TestCluster;
let ctl: CronJobController;
let clock = Date.now();
before(async () => {
  c = await startCluster();
  c.start((ctx) => (ctl = new CronJobController(ctx, { now: () => clock })));
});
after(async () => c?.stop());

const cjc = () => clientFor<any>(c.client, cronjobs);
const jc = () => clientFor<any>(c.client, jobs);
const minute = 60_000;

/** Creates a CronJob and returns it with M(n): the n-th scheduled minute after its creation. */
async function create(name: string, spec: Record<string, unknown> = {}) {
  const cj = await cjc().create("default", {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name },
    spec: {
      schedule: "*/1 * * * *",
      jobTemplate: {
        spec: {
          template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox:1.35" }] } },
        },
      },
      ...spec,
    },
  });
  const created = Date.parse(cj.metadata.creationTimestamp);
  const M = (n: number) => Math.floor(created / minute) * minute + n * minute;
  return { cj, M };
}

/** Moves the clock and syncs the CronJob now. */
function syncAt(name: string, t: number) {
  clock = t;
  ctl.enqueue(`default/${name}`);
}

const jobName = (name: string, t: number) => `${name}-${t / minute}`;
const ownedJobs = async (uid: string) =>
  (await jc().list("default")).items
    .filter((j: any) => !j.metadata.deletionTimestamp && j.metadata.ownerReferences?.[0]?.uid === uid)
    .map((j: any) => j.metadata.name as string)
    .sort();
const waitJobs = (what: string, uid: string, want: string[]) =>
  eventually(what, async () => {
    const have = await ownedJobs(uid);
    return JSON.stringify(have) === JSON.stringify([...want].sort()) ? have : undefined;
  });
const events = async (name: string) =>
  (await c.client.raw<any>("GET", "/api/v1/namespaces/default/events")).items.filter(
    (e: any) => e.involvedObject.name === name && e.involvedObject.kind === "CronJob",
  );
const waitEvent = (name: string, reason: string, message?: string) =>
  eventually(`${reason} event`, async () =>
    (await events(name)).find(
      (e: any) => e.reason === reason && (message === undefined || e.message === message),
    ),
  );
const finish = async (name: string, type: "Complete" | "Failed", at: number) => {
  const t = rfc3339(at);
  await jc().patch(
    "default",
    name,
    "merge",
    {
      status: {
        startTime: t,
        ...(type === "Complete" ? { completionTime: t } : {}),
        conditions: [{ type, status: "True", lastProbeTime: t, lastTransitionTime: t }],
      },
    },
    { subresource: "status" },
  );
};
/** Nothing should happen: give the controller a moment, then look. */
const settle = () => new Promise((r) => setTimeout(r, 1000));

test("creates <name>-<minutes> at the scheduled time, with the annotation, owner and status", async () => {
  const { cj, M } = await create("basic");
  syncAt("basic", M(1) + 5000);
  const name = jobName("basic", M(1));
  await waitJobs("the first job", cj.metadata.uid, [name]);
  const job = await jc().get("default", name);
  assert.equal(job.metadata.annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"], rfc3339(M(1)));
  assert.deepEqual(job.metadata.ownerReferences, [
    {
      apiVersion: "batch/v1",
      kind: "CronJob",
      name: "basic",
      uid: cj.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  const ev = await waitEvent("basic", "SuccessfulCreate");
  assert.equal(ev.message, `Created job ${name}`);
  assert.equal(ev.source.component, "cronjob-controller");
  const st = await eventually("status.active", async () => {
    const x = await cjc().get("default", "basic");
    return x.status?.active?.length === 1 ? x.status : undefined;
  });
  assert.equal(st.active[0].name, name);
  assert.equal(st.active[0].uid, job.metadata.uid);
  assert.equal(st.lastScheduleTime, rfc3339(M(1)));

  // The Job completes: it leaves the active list and sets lastSuccessfulTime.
  await finish(name, "Complete", M(1) + 30_000);
  const done = await eventually("lastSuccessfulTime", async () => {
    const x = await cjc().get("default", "basic");
    return x.status?.lastSuccessfulTime && !x.status.active?.length ? x.status : undefined;
  });
  assert.equal(done.lastSuccessfulTime, rfc3339(M(1) + 30_000));
  assert.equal(
    (await waitEvent("basic", "SawCompletedJob")).message,
    `Saw completed job: ${name}, condition: Complete`,
  );
  ok(await c.server.kubectl(["delete", "cronjob", "basic"]));
});

test("an active Job deleted behind its back leaves status.active (MissingJob)", async () => {
  const { cj, M } = await create("gone");
  syncAt("gone", M(1) + 5000);
  const name = jobName("gone", M(1));
  await waitJobs("the job", cj.metadata.uid, [name]);
  await eventually("active", async () =>
    (await cjc().get("default", "gone")).status?.active?.length ? true : undefined,
  );
  ok(await c.server.kubectl(["delete", "job", name]));
  await eventually("active emptied", async () =>
    (await cjc().get("default", "gone")).status?.active?.length ? undefined : true,
  );
  await waitEvent("gone", "MissingJob", `Active job went missing: ${name}`);
  ok(await c.server.kubectl(["delete", "cronjob", "gone"]));
});

test("Forbid skips a run while one is active", async () => {
  const { cj, M } = await create("forbid", { concurrencyPolicy: "Forbid" });
  syncAt("forbid", M(1) + 5000);
  await waitJobs("the first job", cj.metadata.uid, [jobName("forbid", M(1))]);
  await eventually("active", async () =>
    (await cjc().get("default", "forbid")).status?.active?.length ? true : undefined,
  );
  syncAt("forbid", M(2) + 5000);
  await waitEvent("forbid", "JobAlreadyActive");
  await settle();
  assert.deepEqual(await ownedJobs(cj.metadata.uid), [jobName("forbid", M(1))]);
  // Once it finishes, the skipped time still starts late: there is no startingDeadlineSeconds.
  await finish(jobName("forbid", M(1)), "Complete", M(2) + 10_000);
  await waitJobs("the skipped run, late", cj.metadata.uid, [
    jobName("forbid", M(1)),
    jobName("forbid", M(2)),
  ]);
  ok(await c.server.kubectl(["delete", "cronjob", "forbid"]));
});

test("Replace deletes the active job and creates the new one", async () => {
  const { cj, M } = await create("replace", { concurrencyPolicy: "Replace" });
  syncAt("replace", M(1) + 5000);
  await waitJobs("the first job", cj.metadata.uid, [jobName("replace", M(1))]);
  await eventually("active", async () =>
    (await cjc().get("default", "replace")).status?.active?.length ? true : undefined,
  );
  syncAt("replace", M(2) + 5000);
  await waitJobs("only the new job", cj.metadata.uid, [jobName("replace", M(2))]);
  assert.equal(
    (await waitEvent("replace", "SuccessfulDelete")).message,
    `Deleted job ${jobName("replace", M(1))}`,
  );
  const st = await eventually("active = the new job", async () => {
    const a = (await cjc().get("default", "replace")).status?.active;
    return a?.length === 1 && a[0].name === jobName("replace", M(2)) ? a : undefined;
  });
  assert.equal(st.length, 1);
  ok(await c.server.kubectl(["delete", "cronjob", "replace"]));
});

test("Allow runs concurrently", async () => {
  const { cj, M } = await create("allow");
  syncAt("allow", M(1) + 5000);
  await waitJobs("the first job", cj.metadata.uid, [jobName("allow", M(1))]);
  await eventually("active", async () =>
    (await cjc().get("default", "allow")).status?.active?.length ? true : undefined,
  );
  syncAt("allow", M(2) + 5000);
  await waitJobs("both jobs", cj.metadata.uid, [jobName("allow", M(1)), jobName("allow", M(2))]);
  await eventually("two active", async () =>
    (await cjc().get("default", "allow")).status?.active?.length === 2 ? true : undefined,
  );
  ok(await c.server.kubectl(["delete", "cronjob", "allow"]));
});

test("suspend stops creation", async () => {
  const { cj, M } = await create("sleepy", { suspend: true });
  syncAt("sleepy", M(1) + 5000);
  await settle();
  assert.deepEqual(await ownedJobs(cj.metadata.uid), []);
  // Resumed later, only the most recent missed time runs.
  clock = M(3) + 5000;
  ok(await c.server.kubectl(["patch", "cronjob", "sleepy", "-p", '{"spec":{"suspend":false}}']));
  await waitJobs("a job once resumed", cj.metadata.uid, [jobName("sleepy", M(3))]);
  ok(await c.server.kubectl(["delete", "cronjob", "sleepy"]));
});

test("history limits delete the oldest finished jobs", async () => {
  const { cj, M } = await create("hist", { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 1 });
  const names = [1, 2, 3, 4].map((n) => jobName("hist", M(n)));
  for (let n = 1; n <= 4; n++) {
    syncAt("hist", M(n) + 5000);
    await waitJobs(`job ${n}`, cj.metadata.uid, names.slice(0, n));
  }
  await finish(names[0], "Complete", M(1) + 1000);
  await finish(names[1], "Complete", M(2) + 1000);
  await finish(names[2], "Failed", M(3) + 1000);
  await finish(names[3], "Failed", M(4) + 1000);
  ctl.enqueue("default/hist");
  await waitJobs("the newest of each kind", cj.metadata.uid, [names[1], names[3]]);
  assert.equal((await waitEvent("hist", "SuccessfulDelete", `Deleted job ${names[0]}`)).type, "Normal");
  await waitEvent("hist", "SuccessfulDelete", `Deleted job ${names[2]}`);
  ok(await c.server.kubectl(["delete", "cronjob", "hist"]));
});

test("startingDeadlineSeconds skips a start that is too late", async () => {
  const { cj, M } = await create("late", { startingDeadlineSeconds: 10 });
  syncAt("late", M(1) + 30_000);
  await settle();
  assert.deepEqual(await ownedJobs(cj.metadata.uid), []);
  assert.equal((await cjc().get("default", "late")).status?.lastScheduleTime, undefined);
  // As upstream, the deadline hides the late time before the MissSchedule check sees it (kubernetes#101148).
  assert.equal((await events("late")).filter((e: any) => e.reason === "MissSchedule").length, 0);
  syncAt("late", M(2) + 5000);
  await waitJobs("the next job in time", cj.metadata.uid, [jobName("late", M(2))]);
  ok(await c.server.kubectl(["delete", "cronjob", "late"]));
});

test("timeZone: the schedule is read in the zone, and so is the annotation", async () => {
  // Minute 0 in Kolkata (+05:30) is minute 30 in UTC.
  const { cj, M } = await create("zoned", { schedule: "0 * * * *", timeZone: "Asia/Kolkata" });
  let due = M(1);
  while (new Date(due).getUTCMinutes() !== 30) due += minute;
  syncAt("zoned", due - 5000);
  await settle();
  assert.deepEqual(await ownedJobs(cj.metadata.uid), []);
  syncAt("zoned", due + 5000);
  const name = jobName("zoned", due);
  await waitJobs("the job at minute 0 in Kolkata", cj.metadata.uid, [name]);
  const ann = (await jc().get("default", name)).metadata.annotations[
    "batch.kubernetes.io/cronjob-scheduled-timestamp"
  ];
  assert.match(ann, /T\d\d:00:00\+05:30$/);
  assert.equal(Date.parse(ann), due);
  ok(await c.server.kubectl(["delete", "cronjob", "zoned"]));
});

test("kubectl create cronjob, then create job --from=cronjob", async () => {
  ok(
    await c.server.kubectl([
      "create",
      "cronjob",
      "c",
      "--image=busybox:1.35",
      "--schedule=*/1 * * * *",
      "--",
      "echo",
      "hi",
    ]),
  );
  ok(await c.server.kubectl(["create", "job", "--from=cronjob/c", "manual"]));
  const cj = await cjc().get("default", "c");
  const job = await jc().get("default", "manual");
  assert.equal(job.metadata.ownerReferences[0].uid, cj.metadata.uid);
  assert.equal(job.metadata.annotations["cronjob.kubernetes.io/instantiate"], "manual");
  assert.deepEqual(job.spec.template.spec.containers[0].command, ["echo", "hi"]);
  // Owned but not in status.active: upstream warns and leaves it alone.
  await waitEvent("c", "UnexpectedJob", "Saw a job that the controller did not create or forgot: manual");
  ok(await c.server.kubectl(["delete", "cronjob", "c"]));
});

test("the controller's bootstrap role allows what it does", async () => {
  const as = "--as=system:serviceaccount:kube-system:cronjob-controller";
  for (const [verb, resource] of [
    ["update", "cronjobs.batch/status"],
    ["create", "jobs.batch"],
    ["delete", "jobs.batch"],
    ["create", "events"],
  ])
    assert.equal(
      ok(await c.server.kubectl(["auth", "can-i", verb, resource, as])).trim(),
      "yes",
      `${verb} ${resource}`,
    );
});
