// batch/v1 cronjobs (pkg/apis/batch/v1/defaults.go, pkg/registry/batch/cronjob/strategy.go,
// pkg/apis/batch/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, notSupported } from "../../validation/field.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import { validateNonnegative, clone } from "../../validation/fieldrules.js";
import { nameColumn, ageColumn, templateColumns } from "../../apps/v1/columns.js";
import { age } from "../../printers/age.js";
import { CronJob, type CronJobSpec, type JobTemplateSpec } from "./types.js";
import { validateJobSpecFields } from "./jobspec.js";
import { parseCronSchedule } from "./cron.js";
import { validateTimeZone, isKnownTimeZone } from "./timezone.js";
import { labelSelectorValue } from "../../validation/labelselector.js";

type CronJobObject = CronJob & KubeObject;

/** The controller names Jobs <cronjob>-<11-digit timestamp>, and Job names are DNS-1035-label sized. */
export const maxCronJobNameLength = 63 - 11;

/** SetObjectDefaults_CronJob: SetDefaults_CronJob plus the job template's pod defaults. */
export function applyCronJobDefaults(cj: CronJobObject): void {
  const spec = (cj.spec ??= {} as CronJobSpec);
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec = ((spec.jobTemplate ??= {}).spec ??= {} as NonNullable<JobTemplateSpec["spec"]>);
  jobSpec.template ??= {};
  applyPodSpecDefaults((jobSpec.template.spec ??= { containers: [] }));
}

/** validateScheduleFormat */
function validateSchedule(
  schedule: string,
  allowTZInSchedule: boolean,
  timeZone: string | undefined,
  path: string,
) {
  const errs: FieldError[] = [];
  const parsed = parseCronSchedule(schedule, isKnownTimeZone);
  if ("error" in parsed) errs.push(invalid(path, schedule, parsed.error));
  if (schedule.includes("TZ")) {
    if (!allowTZInSchedule)
      errs.push(invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
    else if (timeZone !== undefined)
      errs.push(invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  }
  return errs;
}

/** ValidateJobTemplateSpec: a job spec whose selector the Job registry will generate. */
export function validateJobTemplateSpec(t: JobTemplateSpec | undefined, path: string): FieldError[] {
  const spec = t?.spec;
  const errs = validateJobSpecFields(spec, `${path}.spec`);
  if (spec?.selector)
    errs.push(
      invalid(
        `${path}.spec.selector`,
        labelSelectorValue(spec.selector),
        "`selector` will be auto-generated",
      ),
    );
  if (spec?.manualSelector) errs.push(notSupported(`${path}.spec.manualSelector`, true, ["nil", "false"]));
  return errs;
}

/** validateCronJobSpec; `old` is the spec before an update. */
export function validateCronJobSpec(
  spec: CronJobSpec | undefined,
  old: CronJobSpec | undefined,
  path: string,
): FieldError[] {
  const s = spec ?? ({} as CronJobSpec);
  const errs: FieldError[] = [];
  if (!s.schedule) errs.push(required(`${path}.schedule`));
  else
    errs.push(
      ...validateSchedule(s.schedule, old?.schedule?.includes("TZ") ?? false, s.timeZone, `${path}.schedule`),
    );
  errs.push(...validateNonnegative(s.startingDeadlineSeconds, `${path}.startingDeadlineSeconds`));
  if (!old || old.timeZone !== s.timeZone) errs.push(...validateTimeZone(s.timeZone, `${path}.timeZone`));
  const cp = `${path}.concurrencyPolicy`;
  if (!s.concurrencyPolicy) errs.push(required(cp));
  else if (!["Allow", "Forbid", "Replace"].includes(s.concurrencyPolicy))
    errs.push(notSupported(cp, s.concurrencyPolicy, ["Allow", "Forbid", "Replace"]));
  errs.push(...validateJobTemplateSpec(s.jobTemplate, `${path}.jobTemplate`));
  errs.push(...validateNonnegative(s.successfulJobsHistoryLimit, `${path}.successfulJobsHistoryLimit`));
  errs.push(...validateNonnegative(s.failedJobsHistoryLimit, `${path}.failedJobsHistoryLimit`));
  return errs;
}

/** ValidateCronJobCreate */
export function validateCronJob(cj: CronJobObject): FieldError[] {
  const errs = validateCronJobSpec(cj.spec, undefined, "spec");
  const name = cj.metadata.name ?? "";
  if (name.length > maxCronJobNameLength)
    errs.push(invalid("metadata.name", name, `must be no more than ${maxCronJobNameLength} characters`));
  return errs;
}

export const cronjobs: ResourceType<CronJobObject> = {
  group: "batch",
  version: "v1",
  kind: "CronJob",
  plural: "cronjobs",
  singular: "cronjob",
  namespaced: true,
  shortNames: ["cj"],
  categories: ["all"],
  schema: CronJob,
  status: true,
  generation: true,
  defaults: applyCronJobDefaults,
  prepareForCreate: (cj) => {
    cj.status = {};
  },
  prepareForUpdate: (cj, old) => {
    cj.status = clone(old.status);
  },
  validate: validateCronJob,
  // The 52-character name limit is not applied on update, so old long-named CronJobs stay editable.
  validateUpdate: (cj, old) => validateCronJobSpec(cj.spec, old.spec, "spec"),
  printerColumns: [
    nameColumn,
    {
      name: "Schedule",
      type: "string",
      description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
      priority: 0,
      cell: (cj: CronJobObject) => cj.spec?.schedule ?? "",
    },
    {
      name: "Timezone",
      type: "string",
      description:
        "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.",
      priority: 0,
      cell: (cj: CronJobObject) => cj.spec?.timeZone ?? "<none>",
    },
    {
      name: "Suspend",
      type: "boolean",
      description:
        "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.",
      priority: 0,
      cell: (cj: CronJobObject) =>
        cj.spec?.suspend === undefined ? "<unset>" : cj.spec.suspend ? "True" : "False",
    },
    {
      name: "Active",
      type: "integer",
      description: "A list of pointers to currently running jobs.",
      priority: 0,
      cell: (cj: CronJobObject) => (cj.status?.active ?? []).length,
    },
    {
      name: "Last Schedule",
      type: "string",
      description: "Information when was the last time the job was successfully scheduled.",
      priority: 0,
      cell: (cj: CronJobObject, now: number) =>
        cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : "<none>",
    },
    ageColumn,
    ...templateColumns((cj: CronJobObject) => cj.spec?.jobTemplate?.spec?.template?.spec, {
      description: "A label query over pods that should match the pod count.",
      pick: (cj: CronJobObject) => cj.spec?.jobTemplate?.spec?.selector,
    }),
  ],
};
