import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { registerSchemaKinds } from "../../apps/v1/test-support.js";
import { Job } from "./types.js";
import { jobs, applyJobDefaults, controllerUidLabel, jobNameLabel } from "./job.js";

registerSchemaKinds();

type J = Parameters<NonNullable<typeof jobs.validate>>[0];
const uid = "8a6c3b2e-1111-4c5d-9e8f-0123456789ab";
/** The pi Job from the Kubernetes docs (controllers/job.yaml), as the API server receives it. */
const pi = (): J => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "pi", namespace: "default", uid },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: "pi",
            image: "perl:5.34.0",
            command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
          },
        ],
        restartPolicy: "Never",
      },
    },
    backoffLimit: 4,
  },
});
/** Defaults, then what the registry does on create. */
const created = (o: J = pi()) => {
  applyJobDefaults(o);
  jobs.prepareForCreate!(o);
  return o;
};

test("Job defaults: completions/parallelism 1, backoffLimit 6, NonIndexed, not suspended, replacement policy", () => {
  const o = pi();
  delete o.spec!.backoffLimit;
  applyJobDefaults(o);
  const s = o.spec!;
  assert.equal(s.completions, 1);
  assert.equal(s.parallelism, 1);
  assert.equal(s.backoffLimit, 6);
  assert.equal(s.completionMode, "NonIndexed");
  assert.equal(s.suspend, false);
  assert.equal(s.podReplacementPolicy, "TerminatingOrFailed");
  assert.equal(s.template.spec!.dnsPolicy, "ClusterFirst");
  const queue = pi();
  queue.spec!.parallelism = 3;
  applyJobDefaults(queue);
  assert.equal(queue.spec!.completions, undefined);
  const perIndex = pi();
  delete perIndex.spec!.backoffLimit;
  perIndex.spec!.backoffLimitPerIndex = 1;
  perIndex.spec!.podFailurePolicy = { rules: [] };
  applyJobDefaults(perIndex);
  assert.equal(perIndex.spec!.backoffLimit, 2147483647);
  assert.equal(perIndex.spec!.podReplacementPolicy, "Failed");
});

test("Job create: generated selector and labels, job labels copied from the template", () => {
  const o = created();
  assert.deepEqual(o.spec!.selector, { matchLabels: { [controllerUidLabel]: uid } });
  assert.deepEqual(o.spec!.template.metadata!.labels, {
    "job-name": "pi",
    [jobNameLabel]: "pi",
    "controller-uid": uid,
    [controllerUidLabel]: uid,
  });
  assert.deepEqual(o.metadata.labels, o.spec!.template.metadata!.labels);
  assert.deepEqual(o.status, {});
  assert.deepEqual(
    [...Value.Errors(Job, o)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  assert.deepEqual(jobs.validate!(o).map(errorString), []);
});

test("Job validation: restartPolicy, selectors, counts", () => {
  const always = pi();
  always.spec!.template.spec!.restartPolicy = "Always";
  assert.ok(
    jobs.validate!(created(always))
      .map(errorString)
      .includes('spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'),
  );
  const unset = pi();
  delete unset.spec!.template.spec!.restartPolicy;
  // The pod defaults turn "" into Always, which a Job may not use.
  assert.ok(jobs.validate!(created(unset)).some((e) => e.field === "spec.template.spec.restartPolicy"));

  const manual = pi();
  manual.spec!.manualSelector = true;
  manual.spec!.selector = { matchLabels: { app: "pi" } };
  manual.spec!.template.metadata = { labels: { app: "other" } };
  assert.deepEqual(jobs.validate!(created(manual)).map(errorString), [
    'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`',
  ]);

  const hijack = pi();
  hijack.spec!.selector = { matchLabels: { app: "pi" } };
  hijack.spec!.template.metadata = { labels: { app: "pi" } };
  assert.ok(
    jobs.validate!(created(hijack))
      .map(errorString)
      .some(
        (e) => e.startsWith("spec.selector: Invalid value:") && e.endsWith("`selector` not auto-generated"),
      ),
  );

  const negative = created();
  negative.spec!.parallelism = -1;
  negative.spec!.activeDeadlineSeconds = -3;
  assert.deepEqual(jobs.validate!(negative).map(errorString), [
    "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
    "spec.activeDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0",
  ]);
  const noUid = pi();
  delete noUid.metadata.uid;
  assert.ok(jobs.validate!(created(noUid)).map(errorString).includes("metadata.uid: Required value"));
});

test("Job validation: indexed jobs and pod failure policies", () => {
  const indexed = pi();
  indexed.spec!.completionMode = "Indexed";
  delete indexed.spec!.completions;
  indexed.spec!.parallelism = 2;
  assert.ok(
    jobs.validate!(created(indexed))
      .map(errorString)
      .includes("spec.completions: Required value: when completion mode is Indexed"),
  );
  const perIndex = created();
  perIndex.spec!.backoffLimitPerIndex = 2;
  assert.ok(
    jobs.validate!(perIndex)
      .map(errorString)
      .includes("spec.backoffLimitPerIndex: Invalid value: 2: requires indexed completion mode"),
  );
  const pfp = created();
  pfp.spec!.podFailurePolicy = {
    rules: [
      { action: "FailJob", onExitCodes: { containerName: "nope", operator: "In", values: [3, 0, 3] } },
      { action: "Ignore" },
    ],
  };
  pfp.spec!.podReplacementPolicy = "Failed";
  const errs = jobs.validate!(pfp).map(errorString);
  for (const want of [
    'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template',
    "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In operator",
    "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3",
    "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [3,0,3]: must be ordered",
    "spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required",
  ])
    assert.ok(errs.includes(want), `missing ${want} in ${JSON.stringify(errs)}`);
  const longName = pi();
  longName.metadata.name = "a".repeat(62);
  longName.spec!.completionMode = "Indexed";
  longName.spec!.completions = 10;
  assert.ok(
    jobs.validate!(created(longName)).some(
      (e) => e.field === "metadata.name" && /invalid DNS label/.test(e.detail ?? ""),
    ),
  );
});

test("Job update: template, selector and completions are immutable", () => {
  const old = created();
  const image = created();
  image.spec!.template.spec!.containers[0].image = "perl:5.36";
  assert.ok(
    jobs.validateUpdate!(image, old).some(
      (e) => e.field === "spec.template" && e.detail === "field is immutable",
    ),
  );
  const completions = created();
  completions.spec!.completions = 3;
  assert.deepEqual(
    jobs.validateUpdate!(completions, old).map((e) => `${e.field}: ${e.detail}`),
    ["spec.completions: field is immutable"],
  );
  const suspend = created();
  suspend.spec!.suspend = true;
  assert.deepEqual(jobs.validateUpdate!(suspend, old), []);
  // A suspended Job that has not started may change where its pods go.
  const oldSuspended = created();
  oldSuspended.spec!.suspend = true;
  const moved = created();
  moved.spec!.suspend = true;
  moved.spec!.template.spec!.nodeSelector = { zone: "b" };
  assert.deepEqual(jobs.validateUpdate!(moved, oldSuspended), []);
});

test("Job columns: STATUS COMPLETIONS DURATION, field selector status.successful", () => {
  const now = Date.parse("2024-01-01T00:10:00Z");
  const o = created();
  o.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  o.status = { startTime: "2024-01-01T00:00:02Z", active: 1 };
  const cols = jobs.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"],
  );
  assert.deepEqual(
    cols.slice(0, 5).map((c) => c.cell(o, now)),
    ["pi", "Running", "0/1", "9m58s", "10m"],
  );
  assert.equal(cols[7].cell(o, now), `${controllerUidLabel}=${uid}`);
  o.status = {
    startTime: "2024-01-01T00:00:02Z",
    completionTime: "2024-01-01T00:00:40Z",
    succeeded: 1,
    conditions: [{ type: "Complete", status: "True" }],
  };
  assert.deepEqual(
    cols.slice(1, 4).map((c) => c.cell(o, now)),
    ["Complete", "1/1", "38s"],
  );
  assert.equal(jobs.fieldSelectors!["status.successful"](o), "1");
  const queue = created();
  delete queue.spec!.completions;
  queue.spec!.parallelism = 4;
  assert.equal(cols[2].cell(queue, now), "0/1 of 4");
  queue.metadata.deletionTimestamp = "2024-01-01T00:09:00Z";
  assert.equal(cols[1].cell(queue, now), "Terminating");
  queue.status = { conditions: [{ type: "Failed", status: "True" }] };
  assert.equal(cols[1].cell(queue, now), "Failed");
});
