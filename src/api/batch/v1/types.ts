// batch/v1 types (k8s.io/api/batch/v1): Job, CronJob.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, Int64, Time, AtomicList, SetList } from "../../schema.js";
import { ObjectMeta, LabelSelector, TypeMetaFields } from "../../meta/v1/types.js";
import { PodTemplateSpec } from "../../core/v1/pod.js";
import { ObjectReference } from "../../core/v1/reference.js";

const P = "io.k8s.api.batch.v1";

export const PodFailurePolicyOnExitCodesRequirement = Struct(
  {
    containerName: Type.String({
      "x-proto-pointer": true,
      description: "Restricts the check for exit codes to the container with the specified name.",
    }),
    operator: Type.String({
      description: "Represents the relationship between the container exit code(s) and the specified values.",
    }),
    values: SetList(Int32(), { description: "Specifies the set of values." }),
  },
  {
    $id: `${P}.PodFailurePolicyOnExitCodesRequirement`,
    required: ["operator", "values"],
    description:
      "PodFailurePolicyOnExitCodesRequirement describes the requirement for handling a failed pod based on its container exit codes.",
    "x-proto": { containerName: 1, operator: 2, values: 3 },
  },
);
export type PodFailurePolicyOnExitCodesRequirement = Static<typeof PodFailurePolicyOnExitCodesRequirement>;

export const PodFailurePolicyOnPodConditionsPattern = Struct(
  {
    type: Type.String({ description: "Specifies the required Pod condition type." }),
    status: Type.String({ description: "Specifies the required Pod condition status." }),
  },
  {
    $id: `${P}.PodFailurePolicyOnPodConditionsPattern`,
    required: ["type", "status"],
    description:
      "PodFailurePolicyOnPodConditionsPattern describes a pattern for matching an actual pod condition type.",
    "x-proto": { type: 1, status: 2 },
  },
);
export type PodFailurePolicyOnPodConditionsPattern = Static<typeof PodFailurePolicyOnPodConditionsPattern>;

export const PodFailurePolicyRule = Struct(
  {
    action: Type.String({
      description: "Specifies the action taken on a pod failure when the requirements are satisfied.",
    }),
    onExitCodes: Field(
      PodFailurePolicyOnExitCodesRequirement,
      "Represents the requirement on the container exit codes.",
    ),
    onPodConditions: AtomicList(PodFailurePolicyOnPodConditionsPattern, {
      description: "Represents the requirement on the pod conditions.",
    }),
  },
  {
    $id: `${P}.PodFailurePolicyRule`,
    required: ["action"],
    description: "PodFailurePolicyRule describes how a pod failure is handled when the requirements are met.",
    "x-proto": { action: 1, onExitCodes: 2, onPodConditions: 3 },
  },
);
export type PodFailurePolicyRule = Static<typeof PodFailurePolicyRule>;

export const PodFailurePolicy = Struct(
  {
    rules: AtomicList(PodFailurePolicyRule, { description: "A list of pod failure policy rules." }),
  },
  {
    $id: `${P}.PodFailurePolicy`,
    required: ["rules"],
    description: "PodFailurePolicy describes how failed pods influence the backoffLimit.",
    "x-proto": { rules: 1 },
  },
);
export type PodFailurePolicy = Static<typeof PodFailurePolicy>;

export const SuccessPolicyRule = Struct(
  {
    succeededIndexes: Type.String({
      "x-proto-pointer": true,
      description:
        "succeededIndexes specifies the set of indexes which need to be contained in the actual set of the succeeded indexes for the Job.",
    }),
    succeededCount: Int32({
      "x-proto-pointer": true,
      description:
        "succeededCount specifies the minimal required size of the actual set of the succeeded indexes for the Job.",
    }),
  },
  {
    $id: `${P}.SuccessPolicyRule`,
    description: "SuccessPolicyRule describes rule for declaring a Job as succeeded.",
    "x-proto": { succeededIndexes: 1, succeededCount: 2 },
  },
);
export type SuccessPolicyRule = Static<typeof SuccessPolicyRule>;

export const SuccessPolicy = Struct(
  {
    rules: AtomicList(SuccessPolicyRule, {
      description:
        "rules represents the list of alternative rules for the declaring the Jobs as successful before `.status.succeeded >= .spec.completions`.",
    }),
  },
  {
    $id: `${P}.SuccessPolicy`,
    required: ["rules"],
    description:
      "SuccessPolicy describes when a Job can be declared as succeeded based on the success of some indexes.",
    "x-proto": { rules: 1 },
  },
);
export type SuccessPolicy = Static<typeof SuccessPolicy>;

export const JobSpec = Struct(
  {
    parallelism: Int32({
      "x-proto-pointer": true,
      description: "Specifies the maximum desired number of pods the job should run at any given time.",
    }),
    completions: Int32({
      "x-proto-pointer": true,
      description: "Specifies the desired number of successfully finished pods the job should be run with.",
    }),
    activeDeadlineSeconds: Int64({
      "x-proto-pointer": true,
      description:
        "Specifies the duration in seconds relative to the startTime that the job may be continuously active before the system tries to terminate it; value must be positive integer.",
    }),
    podFailurePolicy: Field(PodFailurePolicy, "Specifies the policy of handling failed pods."),
    successPolicy: Field(
      SuccessPolicy,
      "successPolicy specifies the policy when the Job can be declared as succeeded.",
    ),
    backoffLimit: Int32({
      "x-proto-pointer": true,
      description: "Specifies the number of retries before marking this job failed.",
    }),
    backoffLimitPerIndex: Int32({
      "x-proto-pointer": true,
      description:
        "Specifies the limit for the number of retries within an index before marking this index as failed.",
    }),
    maxFailedIndexes: Int32({
      "x-proto-pointer": true,
      description:
        "Specifies the maximal number of failed indexes before marking the Job as failed, when backoffLimitPerIndex is set.",
    }),
    selector: Field(
      LabelSelector,
      "A label query over pods that should match the pod count. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
    manualSelector: Type.Boolean({
      "x-proto-pointer": true,
      description: "manualSelector controls generation of pod labels and pod selectors.",
    }),
    template: Field(
      PodTemplateSpec,
      "Describes the pod that will be created when executing a job. More info: https://kubernetes.io/docs/concepts/workloads/controllers/jobs-run-to-completion/",
    ),
    ttlSecondsAfterFinished: Int32({
      "x-proto-pointer": true,
      description:
        "ttlSecondsAfterFinished limits the lifetime of a Job that has finished execution (either Complete or Failed).",
    }),
    completionMode: Type.String({
      "x-proto-pointer": true,
      description: "completionMode specifies how Pod completions are tracked.",
    }),
    suspend: Type.Boolean({
      "x-proto-pointer": true,
      description: "suspend specifies whether the Job controller should create Pods or not.",
    }),
    podReplacementPolicy: Type.String({
      "x-proto-pointer": true,
      description: "podReplacementPolicy specifies when to create replacement Pods.",
    }),
    managedBy: Type.String({
      "x-proto-pointer": true,
      description: "ManagedBy field indicates the controller that manages a Job.",
    }),
  },
  {
    $id: `${P}.JobSpec`,
    required: ["template"],
    description: "JobSpec describes how the job execution will look like.",
    "x-proto": {
      parallelism: 1,
      completions: 2,
      activeDeadlineSeconds: 3,
      podFailurePolicy: 11,
      successPolicy: 16,
      backoffLimit: 7,
      backoffLimitPerIndex: 12,
      maxFailedIndexes: 13,
      selector: 4,
      manualSelector: 5,
      template: 6,
      ttlSecondsAfterFinished: 8,
      completionMode: 9,
      suspend: 10,
      podReplacementPolicy: 14,
      managedBy: 15,
    },
  },
);
export type JobSpec = Static<typeof JobSpec>;

export const JobCondition = Struct(
  {
    type: Type.String({ description: "Type of job condition, Complete or Failed." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastProbeTime: Time({ description: "Last time the condition was checked." }),
    lastTransitionTime: Time({ description: "Last time the condition transit from one status to another." }),
    reason: Type.String({ description: "(brief) reason for the condition's last transition." }),
    message: Type.String({ description: "Human readable message indicating details about last transition." }),
  },
  {
    $id: `${P}.JobCondition`,
    required: ["type", "status"],
    description: "JobCondition describes current state of a job.",
    "x-proto": { type: 1, status: 2, lastProbeTime: 3, lastTransitionTime: 4, reason: 5, message: 6 },
  },
);
export type JobCondition = Static<typeof JobCondition>;

export const UncountedTerminatedPods = Struct(
  {
    succeeded: SetList(Type.String(), { description: "succeeded holds UIDs of succeeded Pods." }),
    failed: SetList(Type.String(), { description: "failed holds UIDs of failed Pods." }),
  },
  {
    $id: `${P}.UncountedTerminatedPods`,
    description:
      "UncountedTerminatedPods holds UIDs of Pods that have terminated but haven't been accounted in Job status counters.",
    "x-proto": { succeeded: 1, failed: 2 },
  },
);
export type UncountedTerminatedPods = Static<typeof UncountedTerminatedPods>;

export const JobStatus = Struct(
  {
    conditions: Type.Array(JobCondition, {
      "x-kubernetes-list-type": "atomic",
      "x-kubernetes-patch-strategy": "merge",
      "x-kubernetes-patch-merge-key": "type",
      description: "The latest available observations of an object's current state.",
    }),
    startTime: Time({ description: "Represents time when the job controller started processing a job." }),
    completionTime: Time({ description: "Represents time when the job was completed." }),
    active: Int32({
      description:
        "The number of pending and running pods which are not terminating (without a deletionTimestamp).",
    }),
    succeeded: Int32({ description: "The number of pods which reached phase Succeeded." }),
    failed: Int32({ description: "The number of pods which reached phase Failed." }),
    terminating: Int32({
      "x-proto-pointer": true,
      description:
        "The number of pods which are terminating (in phase Pending or Running and have a deletionTimestamp).",
    }),
    completedIndexes: Type.String({
      description:
        'completedIndexes holds the completed indexes when .spec.completionMode = "Indexed" in a text format.',
    }),
    failedIndexes: Type.String({
      "x-proto-pointer": true,
      description: "FailedIndexes holds the failed indexes when spec.backoffLimitPerIndex is set.",
    }),
    uncountedTerminatedPods: Field(
      UncountedTerminatedPods,
      "uncountedTerminatedPods holds the UIDs of Pods that have terminated but the job controller hasn't yet accounted for in the status counters.",
    ),
    ready: Int32({
      "x-proto-pointer": true,
      description:
        "The number of active pods which have a Ready condition and are not terminating (without a deletionTimestamp).",
    }),
  },
  {
    $id: `${P}.JobStatus`,
    description: "JobStatus represents the current state of a Job.",
    "x-proto": {
      conditions: 1,
      startTime: 2,
      completionTime: 3,
      active: 4,
      succeeded: 5,
      failed: 6,
      terminating: 11,
      completedIndexes: 7,
      failedIndexes: 10,
      uncountedTerminatedPods: 8,
      ready: 9,
    },
  },
);
export type JobStatus = Static<typeof JobStatus>;

export const Job = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      JobSpec,
      "Specification of the desired behavior of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      JobStatus,
      "Current status of a job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.Job`,
    description: "Job represents the configuration of a single job.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Job = Static<typeof Job>;

export const JobTemplateSpec = Struct(
  {
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata of the jobs created from this template. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      JobSpec,
      "Specification of the desired behavior of the job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.JobTemplateSpec`,
    description: "JobTemplateSpec describes the data a Job should have when created from a template",
    "x-proto": { metadata: 1, spec: 2 },
  },
);
export type JobTemplateSpec = Static<typeof JobTemplateSpec>;

export const CronJobSpec = Struct(
  {
    schedule: Type.String({
      description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.",
    }),
    timeZone: Type.String({
      "x-proto-pointer": true,
      description:
        "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.",
    }),
    startingDeadlineSeconds: Int64({
      "x-proto-pointer": true,
      description:
        "Optional deadline in seconds for starting the job if it misses scheduled time for any reason.",
    }),
    concurrencyPolicy: Type.String({ description: "Specifies how to treat concurrent executions of a Job." }),
    suspend: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.",
    }),
    jobTemplate: Field(JobTemplateSpec, "Specifies the job that will be created when executing a CronJob."),
    successfulJobsHistoryLimit: Int32({
      "x-proto-pointer": true,
      description: "The number of successful finished jobs to retain.",
    }),
    failedJobsHistoryLimit: Int32({
      "x-proto-pointer": true,
      description: "The number of failed finished jobs to retain.",
    }),
  },
  {
    $id: `${P}.CronJobSpec`,
    required: ["schedule", "jobTemplate"],
    description: "CronJobSpec describes how the job execution will look like and when it will actually run.",
    "x-proto": {
      schedule: 1,
      timeZone: 8,
      startingDeadlineSeconds: 2,
      concurrencyPolicy: 3,
      suspend: 4,
      jobTemplate: 5,
      successfulJobsHistoryLimit: 6,
      failedJobsHistoryLimit: 7,
    },
  },
);
export type CronJobSpec = Static<typeof CronJobSpec>;

export const CronJobStatus = Struct(
  {
    active: AtomicList(ObjectReference, { description: "A list of pointers to currently running jobs." }),
    lastScheduleTime: Time({
      description: "Information when was the last time the job was successfully scheduled.",
    }),
    lastSuccessfulTime: Time({
      description: "Information when was the last time the job successfully completed.",
    }),
  },
  {
    $id: `${P}.CronJobStatus`,
    description: "CronJobStatus represents the current state of a cron job.",
    "x-proto": { active: 1, lastScheduleTime: 4, lastSuccessfulTime: 5 },
  },
);
export type CronJobStatus = Static<typeof CronJobStatus>;

export const CronJob = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      CronJobSpec,
      "Specification of the desired behavior of a cron job, including the schedule. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      CronJobStatus,
      "Current status of a cron job. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.CronJob`,
    description: "CronJob represents the configuration of a single cron job.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type CronJob = Static<typeof CronJob>;
