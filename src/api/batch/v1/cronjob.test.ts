import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { registerSchemaKinds } from "../../apps/v1/test-support.js";
import { CronJob } from "./types.js";
import { cronjobs, applyCronJobDefaults } from "./cronjob.js";

registerSchemaKinds();

type CJ = Parameters<NonNullable<typeof cronjobs.validate>>[0];
/** The hello CronJob from the Kubernetes docs (application/job/cronjob.yaml), defaulted. */
const hello = (): CJ => {
  const o = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: "hello" },
    spec: {
      schedule: "* * * * *",
      jobTemplate: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "hello",
                  image: "busybox:1.28",
                  imagePullPolicy: "IfNotPresent",
                  command: ["/bin/sh", "-c", "date; echo Hello"],
                },
              ],
              restartPolicy: "OnFailure",
            },
          },
        },
      },
    },
  } as CJ;
  applyCronJobDefaults(o);
  return o;
};
const errors = (o: CJ) => cronjobs.validate!(o).map(errorString);

test("CronJob: schema, defaults, clean validation", () => {
  const o = hello();
  assert.deepEqual(
    [...Value.Errors(CronJob, o)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  const s = o.spec!;
  assert.equal(s.concurrencyPolicy, "Allow");
  assert.equal(s.suspend, false);
  assert.equal(s.successfulJobsHistoryLimit, 3);
  assert.equal(s.failedJobsHistoryLimit, 1);
  assert.equal(s.jobTemplate.spec!.template.spec!.terminationGracePeriodSeconds, 30);
  // The Job defaults (completions, backoffLimit) are not applied inside the template.
  assert.equal(s.jobTemplate.spec!.backoffLimit, undefined);
  assert.deepEqual(errors(o), []);
});

test("CronJob validation: schedule, time zone, policy, template, name length", () => {
  const cases: [(o: CJ) => void, string][] = [
    [
      (o) => (o.spec!.schedule = "61 * * * *"),
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ],
    [
      (o) => (o.spec!.schedule = "TZ=UTC 0 * * * *"),
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ],
    [
      (o) => (o.spec!.timeZone = "Moon/Base"),
      'spec.timeZone: Invalid value: "Moon/Base": unknown time zone Moon/Base',
    ],
    [
      (o) => (o.spec!.concurrencyPolicy = "Sometimes"),
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    ],
    [
      (o) => (o.spec!.jobTemplate.spec!.selector = { matchLabels: { a: "b" } }),
      'spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated',
    ],
    [
      (o) => (o.spec!.jobTemplate.spec!.template.spec!.restartPolicy = "Always"),
      'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ],
    [
      (o) => (o.metadata.name = "x".repeat(53)),
      `metadata.name: Invalid value: "${"x".repeat(53)}": must be no more than 52 characters`,
    ],
    [
      (o) => (o.spec!.failedJobsHistoryLimit = -1),
      "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
    ],
  ];
  for (const [mutate, want] of cases) {
    const o = hello();
    mutate(o);
    assert.ok(errors(o).includes(want), `want ${want}, got ${JSON.stringify(errors(o))}`);
  }
  const ok = hello();
  ok.spec!.schedule = "@daily";
  ok.spec!.timeZone = "America/New_York";
  assert.deepEqual(errors(ok), []);
});

test("CronJob update: long names stay editable; an unchanged time zone is not rechecked", () => {
  const old = hello();
  old.metadata.name = "x".repeat(60);
  const upd = hello();
  upd.metadata.name = "x".repeat(60);
  upd.spec!.suspend = true;
  assert.deepEqual(cronjobs.validateUpdate!(upd, old), []);
});

test("CronJob columns", () => {
  const o = hello();
  o.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  const now = Date.parse("2024-01-01T01:00:00Z");
  const cols = cronjobs.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    [
      "NAME",
      "SCHEDULE",
      "TIMEZONE",
      "SUSPEND",
      "ACTIVE",
      "LAST SCHEDULE",
      "AGE",
      "CONTAINERS",
      "IMAGES",
      "SELECTOR",
    ],
  );
  assert.deepEqual(
    cols.slice(0, 7).map((c) => c.cell(o, now)),
    ["hello", "* * * * *", "<none>", "False", 0, "<none>", "60m"],
  );
  o.spec!.timeZone = "Etc/UTC";
  o.status = { active: [{ kind: "Job", name: "hello-28000000" }], lastScheduleTime: "2024-01-01T00:59:00Z" };
  assert.deepEqual(
    cols.slice(2, 6).map((c) => c.cell(o, now)),
    ["Etc/UTC", "False", 1, "60s"],
  );
  assert.deepEqual(cronjobs.shortNames, ["cj"]);
});
