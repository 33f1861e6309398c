// batch/v1 jobs (pkg/apis/batch/v1/defaults.go, pkg/registry/batch/job/strategy.go, pkg/apis/batch/validation).
import type { ResourceType } from "../../registry.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { type FieldError, required, invalid, goMap } from "../../validation/field.js";
import { isDNS1123Label } from "../../validation/names.js";
import { applyPodSpecDefaults } from "../../core/v1/pod.js";
import {
  validateLabelSelector,
  compileSelector,
  selectorMatches,
  labelSelectorValue,
} from "../../validation/labelselector.js";
import { validateNonnegative, validateImmutable, semanticEqual, clone } from "../../validation/fieldrules.js";
import { selectorMismatchMsg } from "../../apps/v1/template.js";
import { nameColumn, ageColumn, templateColumns } from "../../apps/v1/columns.js";
import { humanDuration } from "../../printers/age.js";
import { Job, type JobSpec, type JobStatus } from "./types.js";
import { validateJobSpecFields } from "./jobspec.js";

type JobObject = Job & KubeObject;

export const legacyJobNameLabel = "job-name";
export const jobNameLabel = "batch.kubernetes.io/job-name";
export const legacyControllerUidLabel = "controller-uid";
export const controllerUidLabel = "batch.kubernetes.io/controller-uid";

/** SetObjectDefaults_Job: SetDefaults_Job plus the pod template's defaults. */
export function applyJobDefaults(job: JobObject): void {
  const spec = (job.spec ??= {} as JobSpec);
  // A non-parallel job may leave both unset; both then default to 1.
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata.labels ?? {}).length === 0)
    job.metadata.labels = { ...templateLabels };
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  spec.template ??= {};
  applyPodSpecDefaults((spec.template.spec ??= { containers: [] }));
}

/**
 * generateSelector: unless spec.manualSelector, the pods get job-name and controller-uid labels
 * (legacy and batch.kubernetes.io/ forms) and the selector matches on the controller uid.
 * Needs metadata.name and metadata.uid already set.
 */
export function generateJobSelector(job: JobObject): void {
  const spec = (job.spec ??= {} as JobSpec);
  if (spec.manualSelector) return;
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  const name = job.metadata.name ?? "";
  const uid = job.metadata.uid ?? "";
  // Labels the user already set are kept; a conflict is reported by validation.
  for (const key of [legacyJobNameLabel, jobNameLabel]) labels[key] ??= name;
  for (const key of [legacyControllerUidLabel, controllerUidLabel]) labels[key] ??= uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels[controllerUidLabel] ??= uid;
}

function hasLabel(job: JobObject, key: string, expected: string, path: string): FieldError[] {
  const labels = job.spec?.template?.metadata?.labels ?? {};
  const p = `${path}.labels[${key}]`;
  if (!(key in labels)) return [required(p, `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalid(p, labels, `must be '${expected}'`)];
}

/** validateGeneratedSelector */
function validateGeneratedSelector(job: JobObject, requirePrefixedLabels: boolean): FieldError[] {
  const spec = job.spec;
  if (spec?.manualSelector || !spec?.selector) return [];
  const errs: FieldError[] = [];
  const uid = job.metadata.uid ?? "";
  const name = job.metadata.name ?? "";
  if (!uid) errs.push(required("metadata.uid"));
  const tp = "spec.template.metadata";
  errs.push(...hasLabel(job, legacyControllerUidLabel, uid, tp));
  errs.push(...hasLabel(job, legacyJobNameLabel, name, tp));
  const expected: Record<string, string> = {};
  if (requirePrefixedLabels) {
    errs.push(...hasLabel(job, controllerUidLabel, uid, tp));
    errs.push(...hasLabel(job, jobNameLabel, name, tp));
    expected[controllerUidLabel] = uid;
    expected[jobNameLabel] = name;
  }
  expected[legacyControllerUidLabel] = uid;
  expected[legacyJobNameLabel] = name;
  const selector = compileSelector(spec.selector);
  if (typeof selector !== "string" && !selectorMatches(selector, expected))
    errs.push(invalid("spec.selector", labelSelectorValue(spec.selector), "`selector` not auto-generated"));
  return errs;
}

/** ValidateJobSpec: the spec rules plus a selector that selects the template's labels. */
export function validateJobSpec(spec: JobSpec | undefined, path: string): FieldError[] {
  const errs = validateJobSpecFields(spec, path);
  if (!spec?.selector) errs.push(required(`${path}.selector`));
  else errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
  const selector = compileSelector(spec?.selector);
  const labels = spec?.template?.metadata?.labels;
  // Whether manual or generated, the selector must select the pods the Job makes (a nil one selects none).
  if (typeof selector !== "string" && !selectorMatches(selector, labels))
    errs.push(invalid(`${path}.template.metadata.labels`, goMap(labels), selectorMismatchMsg));
  return errs;
}

/** ValidateJob */
export function validateJob(job: JobObject, requirePrefixedLabels = true): FieldError[] {
  const errs = [
    ...validateGeneratedSelector(job, requirePrefixedLabels),
    ...validateJobSpec(job.spec, "spec"),
  ];
  const spec = job.spec;
  if (spec?.completionMode === "Indexed" && spec.completions !== undefined && spec.completions > 0) {
    // Indexed pods get the hostname <job>-<index>, which must be a DNS label.
    const host = `${job.metadata.name ?? ""}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length > 0)
      errs.push(
        invalid(
          "metadata.name",
          job.metadata.name,
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
  }
  return errs;
}

function suspendedAndNotStarted(old: JobObject): boolean {
  return old.spec?.suspend === true && !old.status?.startTime;
}

/** ValidateJobUpdate */
export function validateJobUpdate(job: JobObject, old: JobObject): FieldError[] {
  const requirePrefixed = controllerUidLabel in (old.spec?.template?.metadata?.labels ?? {});
  const errs = [...validateGeneratedSelector(job, requirePrefixed), ...validateJobSpec(job.spec, "spec")];
  const spec = job.spec ?? ({} as JobSpec);
  const oldSpec = old.spec ?? ({} as JobSpec);
  if (spec.completionMode !== "Indexed")
    errs.push(...validateImmutable(spec.completions, oldSpec.completions, "spec.completions"));
  else if (
    !semanticEqual(spec.completions, oldSpec.completions) &&
    spec.completions !== undefined &&
    spec.completions !== spec.parallelism
  )
    errs.push(
      invalid("spec.completions", spec.completions, "can only be modified in tandem with spec.parallelism"),
    );
  errs.push(
    ...validateImmutable(spec.selector, oldSpec.selector, "spec.selector", labelSelectorValue(spec.selector)),
  );
  // A suspended Job that never started may change where its pods run (JobMutableNodeSchedulingDirectives).
  let oldTemplate = oldSpec.template;
  if (suspendedAndNotStarted(old)) {
    const t = clone(oldSpec.template ?? {});
    const cur = spec.template ?? {};
    t.metadata = { ...t.metadata, labels: cur.metadata?.labels, annotations: cur.metadata?.annotations };
    const ts = (t.spec ??= { containers: [] });
    ts.nodeSelector = cur.spec?.nodeSelector;
    ts.tolerations = cur.spec?.tolerations;
    ts.schedulingGates = cur.spec?.schedulingGates;
    if (cur.spec?.affinity || ts.affinity)
      ts.affinity = { ...ts.affinity, nodeAffinity: cur.spec?.affinity?.nodeAffinity };
    oldTemplate = t;
  }
  errs.push(...validateImmutable(spec.template, oldTemplate, "spec.template"));
  errs.push(...validateImmutable(spec.completionMode, oldSpec.completionMode, "spec.completionMode"));
  errs.push(...validateImmutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, "spec.podFailurePolicy"));
  errs.push(
    ...validateImmutable(
      spec.backoffLimitPerIndex,
      oldSpec.backoffLimitPerIndex,
      "spec.backoffLimitPerIndex",
    ),
  );
  errs.push(...validateImmutable(spec.managedBy, oldSpec.managedBy, "spec.managedBy"));
  errs.push(...validateImmutable(spec.successPolicy, oldSpec.successPolicy, "spec.successPolicy"));
  return errs;
}

/** The counter rules of validateJobStatus (for writes to jobs/status). */
export function validateJobStatus(status: JobStatus | undefined, path = "status"): FieldError[] {
  const s = status ?? {};
  const errs: FieldError[] = [];
  for (const f of ["active", "succeeded", "failed", "ready", "terminating"] as const)
    errs.push(...validateNonnegative(s[f], `${path}.${f}`));
  return errs;
}

function conditionTrue(job: JobObject, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === "True");
}

/** printJob's STATUS cell. */
export function jobStatusCell(job: JobObject): string {
  if (conditionTrue(job, "Complete")) return "Complete";
  if (conditionTrue(job, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp) return "Terminating";
  if (conditionTrue(job, "Suspended")) return "Suspended";
  if (conditionTrue(job, "FailureTarget")) return "FailureTarget";
  if (conditionTrue(job, "SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

/** printJob's COMPLETIONS cell: "1/3", or "0/1 of 4" for a work queue with parallelism. */
export function jobCompletionsCell(job: JobObject): string {
  const succeeded = job.status?.succeeded ?? 0;
  const spec = job.spec;
  if (spec?.completions !== undefined) return `${succeeded}/${spec.completions}`;
  if (spec?.parallelism !== undefined && spec.parallelism > 1) return `${succeeded}/1 of ${spec.parallelism}`;
  return `${succeeded}/1`;
}

/** printJob's DURATION cell: start to completion, or start to now while running. */
export function jobDurationCell(job: JobObject, now: number): string {
  const start = job.status?.startTime;
  if (!start) return "";
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

export const jobs: ResourceType<JobObject> = {
  group: "batch",
  version: "v1",
  kind: "Job",
  plural: "jobs",
  singular: "job",
  namespaced: true,
  categories: ["all"],
  schema: Job,
  status: true,
  generation: true,
  defaults: applyJobDefaults,
  prepareForCreate: (job) => {
    generateJobSelector(job);
    job.status = {};
    // Upstream defaults again when it reads the stored Job back, which copies the generated
    // template labels onto a Job that has none; do it here so the response is the same.
    const labels = job.spec?.template?.metadata?.labels;
    if (labels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...labels };
  },
  prepareForUpdate: (job, old) => {
    job.status = clone(old.status);
  },
  validate: (job) => validateJob(job),
  validateUpdate: validateJobUpdate,
  fieldSelectors: { "status.successful": (job) => String(job.status?.succeeded ?? 0) },
  printerColumns: [
    nameColumn,
    { name: "Status", type: "string", description: "Status of the job.", priority: 0, cell: jobStatusCell },
    {
      name: "Completions",
      type: "string",
      description: "The number of pods which reached phase Succeeded.",
      priority: 0,
      cell: jobCompletionsCell,
    },
    {
      name: "Duration",
      type: "string",
      description: "Time required to complete the job.",
      priority: 0,
      cell: jobDurationCell,
    },
    ageColumn,
    ...templateColumns((job: JobObject) => job.spec?.template?.spec, {
      description: "A label query over pods that should match the pod count.",
      pick: (job: JobObject) => job.spec?.selector,
    }),
  ],
};
