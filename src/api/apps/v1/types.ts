// apps/v1 types (k8s.io/api/apps/v1): Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision.
import { Type, type Static } from "@sinclair/typebox";
import {
  Field,
  Struct,
  Int32,
  Int64,
  IntOrString,
  Time,
  RawExtension,
  MapList,
  AtomicList,
} from "../../schema.js";
import { ObjectMeta, LabelSelector, TypeMetaFields } from "../../meta/v1/types.js";
import { PodTemplateSpec } from "../../core/v1/pod.js";
import { PersistentVolumeClaim } from "../../core/v1/persistentvolumeclaim.js";

const P = "io.k8s.api.apps.v1";

export const RollingUpdateStatefulSetStrategy = Struct(
  {
    partition: Int32({
      "x-proto-pointer": true,
      description:
        "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates.",
    }),
    maxUnavailable: IntOrString({
      description: "The maximum number of pods that can be unavailable during the update.",
    }),
  },
  {
    $id: `${P}.RollingUpdateStatefulSetStrategy`,
    description:
      "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.",
    "x-proto": { partition: 1, maxUnavailable: 2 },
  },
);
export type RollingUpdateStatefulSetStrategy = Static<typeof RollingUpdateStatefulSetStrategy>;

export const StatefulSetUpdateStrategy = Struct(
  {
    type: Type.String({ description: "Type indicates the type of the StatefulSetUpdateStrategy." }),
    rollingUpdate: Field(
      RollingUpdateStatefulSetStrategy,
      "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.",
    ),
  },
  {
    $id: `${P}.StatefulSetUpdateStrategy`,
    description:
      "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.",
    "x-proto": { type: 1, rollingUpdate: 2 },
  },
);
export type StatefulSetUpdateStrategy = Static<typeof StatefulSetUpdateStrategy>;

export const StatefulSetPersistentVolumeClaimRetentionPolicy = Struct(
  {
    whenDeleted: Type.String({
      description:
        "WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.",
    }),
    whenScaled: Type.String({
      description:
        "WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.",
    }),
  },
  {
    $id: `${P}.StatefulSetPersistentVolumeClaimRetentionPolicy`,
    description:
      "StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.",
    "x-proto": { whenDeleted: 1, whenScaled: 2 },
  },
);
export type StatefulSetPersistentVolumeClaimRetentionPolicy = Static<
  typeof StatefulSetPersistentVolumeClaimRetentionPolicy
>;

export const StatefulSetOrdinals = Struct(
  {
    start: Int32({ description: "start is the number representing the first replica's index." }),
  },
  {
    $id: `${P}.StatefulSetOrdinals`,
    description:
      "StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.",
    "x-proto": { start: 1 },
  },
);
export type StatefulSetOrdinals = Static<typeof StatefulSetOrdinals>;

export const StatefulSetSpec = Struct(
  {
    replicas: Int32({
      "x-proto-pointer": true,
      description: "replicas is the desired number of replicas of the given Template.",
    }),
    selector: Field(
      LabelSelector,
      "selector is a label query over pods that should match the replica count. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
    template: Field(
      PodTemplateSpec,
      "template is the object that describes the pod that will be created if insufficient replicas are detected.",
    ),
    volumeClaimTemplates: AtomicList(PersistentVolumeClaim, {
      description: "volumeClaimTemplates is a list of claims that pods are allowed to reference.",
    }),
    serviceName: Type.String({
      description: "serviceName is the name of the service that governs this StatefulSet.",
    }),
    podManagementPolicy: Type.String({
      description:
        "podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down.",
    }),
    updateStrategy: Field(
      StatefulSetUpdateStrategy,
      "updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.",
    ),
    revisionHistoryLimit: Int32({
      "x-proto-pointer": true,
      description:
        "revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history.",
    }),
    minReadySeconds: Int32({
      description:
        "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available.",
    }),
    persistentVolumeClaimRetentionPolicy: Field(
      StatefulSetPersistentVolumeClaimRetentionPolicy,
      "persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.",
    ),
    ordinals: Field(
      StatefulSetOrdinals,
      "ordinals controls the numbering of replica indices in a StatefulSet.",
    ),
  },
  {
    $id: `${P}.StatefulSetSpec`,
    required: ["selector", "template"],
    description: "A StatefulSetSpec is the specification of a StatefulSet.",
    "x-proto": {
      replicas: 1,
      selector: 2,
      template: 3,
      volumeClaimTemplates: 4,
      serviceName: 5,
      podManagementPolicy: 6,
      updateStrategy: 7,
      revisionHistoryLimit: 8,
      minReadySeconds: 9,
      persistentVolumeClaimRetentionPolicy: 10,
      ordinals: 11,
    },
  },
);
export type StatefulSetSpec = Static<typeof StatefulSetSpec>;

export const StatefulSetCondition = Struct(
  {
    type: Type.String({ description: "Type of statefulset condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastTransitionTime: Time({
      description: "Last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({ description: "The reason for the condition's last transition." }),
    message: Type.String({
      description: "A human readable message indicating details about the transition.",
    }),
  },
  {
    $id: `${P}.StatefulSetCondition`,
    required: ["type", "status"],
    description: "StatefulSetCondition describes the state of a statefulset at a certain point.",
    "x-proto": { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 },
  },
);
export type StatefulSetCondition = Static<typeof StatefulSetCondition>;

export const StatefulSetStatus = Struct(
  {
    observedGeneration: Int64({
      description: "observedGeneration is the most recent generation observed for this StatefulSet.",
    }),
    replicas: Int32({ description: "replicas is the number of Pods created by the StatefulSet controller." }),
    readyReplicas: Int32({
      description: "readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.",
    }),
    currentReplicas: Int32({
      description:
        "currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.",
    }),
    updatedReplicas: Int32({
      description:
        "updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.",
    }),
    currentRevision: Type.String({
      description:
        "currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).",
    }),
    updateRevision: Type.String({
      description:
        "updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)",
    }),
    collisionCount: Int32({
      "x-proto-pointer": true,
      description: "collisionCount is the count of hash collisions for the StatefulSet.",
    }),
    conditions: MapList(StatefulSetCondition, ["type"], {
      description: "Represents the latest available observations of a statefulset's current state.",
    }),
    availableReplicas: Int32({
      description:
        "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.",
    }),
  },
  {
    $id: `${P}.StatefulSetStatus`,
    required: ["replicas"],
    description: "StatefulSetStatus represents the current state of a StatefulSet.",
    "x-proto": {
      observedGeneration: 1,
      replicas: 2,
      readyReplicas: 3,
      currentReplicas: 4,
      updatedReplicas: 5,
      currentRevision: 6,
      updateRevision: 7,
      collisionCount: 9,
      conditions: 10,
      availableReplicas: 11,
    },
  },
);
export type StatefulSetStatus = Static<typeof StatefulSetStatus>;

export const StatefulSet = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(StatefulSetSpec, "Spec defines the desired identities of pods in this set."),
    status: Field(StatefulSetStatus, "Status is the current status of Pods in this StatefulSet."),
  },
  {
    $id: `${P}.StatefulSet`,
    description: "StatefulSet represents a set of pods with consistent identities.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type StatefulSet = Static<typeof StatefulSet>;

export const RollingUpdateDeployment = Struct(
  {
    maxUnavailable: IntOrString({
      description: "The maximum number of pods that can be unavailable during the update.",
    }),
    maxSurge: IntOrString({
      description: "The maximum number of pods that can be scheduled above the desired number of pods.",
    }),
  },
  {
    $id: `${P}.RollingUpdateDeployment`,
    description: "Spec to control the desired behavior of rolling update.",
    "x-proto": { maxUnavailable: 1, maxSurge: 2 },
  },
);
export type RollingUpdateDeployment = Static<typeof RollingUpdateDeployment>;

export const DeploymentStrategy = Struct(
  {
    type: Type.String({ description: "Type of deployment." }),
    rollingUpdate: Field(RollingUpdateDeployment, "Rolling update config params."),
  },
  {
    $id: `${P}.DeploymentStrategy`,
    description: "DeploymentStrategy describes how to replace existing pods with new ones.",
    "x-proto": { type: 1, rollingUpdate: 2 },
  },
);
export type DeploymentStrategy = Static<typeof DeploymentStrategy>;

export const DeploymentSpec = Struct(
  {
    replicas: Int32({ "x-proto-pointer": true, description: "Number of desired pods." }),
    selector: Field(LabelSelector, "Label selector for pods."),
    template: Field(PodTemplateSpec, "Template describes the pods that will be created."),
    strategy: Field(
      DeploymentStrategy,
      "The deployment strategy to use to replace existing pods with new ones.",
      { "x-kubernetes-patch-strategy": "retainKeys" },
    ),
    minReadySeconds: Int32({
      description:
        "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.",
    }),
    revisionHistoryLimit: Int32({
      "x-proto-pointer": true,
      description: "The number of old ReplicaSets to retain to allow rollback.",
    }),
    paused: Type.Boolean({ description: "Indicates that the deployment is paused." }),
    progressDeadlineSeconds: Int32({
      "x-proto-pointer": true,
      description:
        "The maximum time in seconds for a deployment to make progress before it is considered to be failed.",
    }),
  },
  {
    $id: `${P}.DeploymentSpec`,
    required: ["selector", "template"],
    description: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    "x-proto": {
      replicas: 1,
      selector: 2,
      template: 3,
      strategy: 4,
      minReadySeconds: 5,
      revisionHistoryLimit: 6,
      paused: 7,
      progressDeadlineSeconds: 9,
    },
  },
);
export type DeploymentSpec = Static<typeof DeploymentSpec>;

export const DeploymentCondition = Struct(
  {
    type: Type.String({ description: "Type of deployment condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastUpdateTime: Time({ description: "The last time this condition was updated." }),
    lastTransitionTime: Time({
      description: "Last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({ description: "The reason for the condition's last transition." }),
    message: Type.String({
      description: "A human readable message indicating details about the transition.",
    }),
  },
  {
    $id: `${P}.DeploymentCondition`,
    required: ["type", "status"],
    description: "DeploymentCondition describes the state of a deployment at a certain point.",
    "x-proto": { type: 1, status: 2, lastUpdateTime: 6, lastTransitionTime: 7, reason: 4, message: 5 },
  },
);
export type DeploymentCondition = Static<typeof DeploymentCondition>;

export const DeploymentStatus = Struct(
  {
    observedGeneration: Int64({ description: "The generation observed by the deployment controller." }),
    replicas: Int32({
      description:
        "Total number of non-terminating pods targeted by this deployment (their labels match the selector).",
    }),
    updatedReplicas: Int32({
      description:
        "Total number of non-terminating pods targeted by this deployment that have the desired template spec.",
    }),
    readyReplicas: Int32({
      description: "Total number of non-terminating pods targeted by this Deployment with a Ready Condition.",
    }),
    availableReplicas: Int32({
      description:
        "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.",
    }),
    unavailableReplicas: Int32({
      description: "Total number of unavailable pods targeted by this deployment.",
    }),
    terminatingReplicas: Int32({
      "x-proto-pointer": true,
      description: "Total number of terminating pods targeted by this deployment.",
    }),
    conditions: MapList(DeploymentCondition, ["type"], {
      description: "Represents the latest available observations of a deployment's current state.",
    }),
    collisionCount: Int32({
      "x-proto-pointer": true,
      description: "Count of hash collisions for the Deployment.",
    }),
  },
  {
    $id: `${P}.DeploymentStatus`,
    description: "DeploymentStatus is the most recently observed status of the Deployment.",
    "x-proto": {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 3,
      readyReplicas: 7,
      availableReplicas: 4,
      unavailableReplicas: 5,
      terminatingReplicas: 9,
      conditions: 6,
      collisionCount: 8,
    },
  },
);
export type DeploymentStatus = Static<typeof DeploymentStatus>;

export const Deployment = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(DeploymentSpec, "Specification of the desired behavior of the Deployment."),
    status: Field(DeploymentStatus, "Most recently observed status of the Deployment."),
  },
  {
    $id: `${P}.Deployment`,
    description: "Deployment enables declarative updates for Pods and ReplicaSets.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Deployment = Static<typeof Deployment>;

export const RollingUpdateDaemonSet = Struct(
  {
    maxUnavailable: IntOrString({
      description: "The maximum number of DaemonSet pods that can be unavailable during the update.",
    }),
    maxSurge: IntOrString({
      description:
        "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update.",
    }),
  },
  {
    $id: `${P}.RollingUpdateDaemonSet`,
    description: "Spec to control the desired behavior of daemon set rolling update.",
    "x-proto": { maxUnavailable: 1, maxSurge: 2 },
  },
);
export type RollingUpdateDaemonSet = Static<typeof RollingUpdateDaemonSet>;

export const DaemonSetUpdateStrategy = Struct(
  {
    type: Type.String({ description: "Type of daemon set update." }),
    rollingUpdate: Field(RollingUpdateDaemonSet, "Rolling update config params."),
  },
  {
    $id: `${P}.DaemonSetUpdateStrategy`,
    description: "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.",
    "x-proto": { type: 1, rollingUpdate: 2 },
  },
);
export type DaemonSetUpdateStrategy = Static<typeof DaemonSetUpdateStrategy>;

export const DaemonSetSpec = Struct(
  {
    selector: Field(
      LabelSelector,
      "A label query over pods that are managed by the daemon set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
    template: Field(
      PodTemplateSpec,
      "An object that describes the pod that will be created. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template",
    ),
    updateStrategy: Field(
      DaemonSetUpdateStrategy,
      "An update strategy to replace existing DaemonSet pods with new pods.",
    ),
    minReadySeconds: Int32({
      description:
        "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available.",
    }),
    revisionHistoryLimit: Int32({
      "x-proto-pointer": true,
      description: "The number of old history to retain to allow rollback.",
    }),
  },
  {
    $id: `${P}.DaemonSetSpec`,
    required: ["selector", "template"],
    description: "DaemonSetSpec is the specification of a daemon set.",
    "x-proto": { selector: 1, template: 2, updateStrategy: 3, minReadySeconds: 4, revisionHistoryLimit: 6 },
  },
);
export type DaemonSetSpec = Static<typeof DaemonSetSpec>;

export const DaemonSetCondition = Struct(
  {
    type: Type.String({ description: "Type of DaemonSet condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastTransitionTime: Time({
      description: "Last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({ description: "The reason for the condition's last transition." }),
    message: Type.String({
      description: "A human readable message indicating details about the transition.",
    }),
  },
  {
    $id: `${P}.DaemonSetCondition`,
    required: ["type", "status"],
    description: "DaemonSetCondition describes the state of a DaemonSet at a certain point.",
    "x-proto": { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 },
  },
);
export type DaemonSetCondition = Static<typeof DaemonSetCondition>;

export const DaemonSetStatus = Struct(
  {
    currentNumberScheduled: Int32({
      description:
        "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.",
    }),
    numberMisscheduled: Int32({
      description:
        "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.",
    }),
    desiredNumberScheduled: Int32({
      description:
        "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).",
    }),
    numberReady: Int32({
      description:
        "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.",
    }),
    observedGeneration: Int64({
      description: "The most recent generation observed by the daemon set controller.",
    }),
    updatedNumberScheduled: Int32({
      description: "The total number of nodes that are running updated daemon pod",
    }),
    numberAvailable: Int32({
      description:
        "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)",
    }),
    numberUnavailable: Int32({
      description:
        "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds)",
    }),
    collisionCount: Int32({
      "x-proto-pointer": true,
      description: "Count of hash collisions for the DaemonSet.",
    }),
    conditions: MapList(DaemonSetCondition, ["type"], {
      description: "Represents the latest available observations of a DaemonSet's current state.",
    }),
  },
  {
    $id: `${P}.DaemonSetStatus`,
    required: ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady"],
    description: "DaemonSetStatus represents the current status of a daemon set.",
    "x-proto": {
      currentNumberScheduled: 1,
      numberMisscheduled: 2,
      desiredNumberScheduled: 3,
      numberReady: 4,
      observedGeneration: 5,
      updatedNumberScheduled: 6,
      numberAvailable: 7,
      numberUnavailable: 8,
      collisionCount: 9,
      conditions: 10,
    },
  },
);
export type DaemonSetStatus = Static<typeof DaemonSetStatus>;

export const DaemonSet = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      DaemonSetSpec,
      "The desired behavior of this daemon set. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      DaemonSetStatus,
      "The current status of this daemon set. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.DaemonSet`,
    description: "DaemonSet represents the configuration of a daemon set.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type DaemonSet = Static<typeof DaemonSet>;

export const ReplicaSetSpec = Struct(
  {
    replicas: Int32({ "x-proto-pointer": true, description: "Replicas is the number of desired pods." }),
    minReadySeconds: Int32({
      description:
        "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available.",
    }),
    selector: Field(
      LabelSelector,
      "Selector is a label query over pods that should match the replica count. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    ),
    template: Field(
      PodTemplateSpec,
      "Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#pod-template",
    ),
  },
  {
    $id: `${P}.ReplicaSetSpec`,
    required: ["selector"],
    description: "ReplicaSetSpec is the specification of a ReplicaSet.",
    "x-proto": { replicas: 1, minReadySeconds: 4, selector: 2, template: 3 },
  },
);
export type ReplicaSetSpec = Static<typeof ReplicaSetSpec>;

export const ReplicaSetCondition = Struct(
  {
    type: Type.String({ description: "Type of replica set condition." }),
    status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
    lastTransitionTime: Time({
      description: "The last time the condition transitioned from one status to another.",
    }),
    reason: Type.String({ description: "The reason for the condition's last transition." }),
    message: Type.String({
      description: "A human readable message indicating details about the transition.",
    }),
  },
  {
    $id: `${P}.ReplicaSetCondition`,
    required: ["type", "status"],
    description: "ReplicaSetCondition describes the state of a replica set at a certain point.",
    "x-proto": { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 },
  },
);
export type ReplicaSetCondition = Static<typeof ReplicaSetCondition>;

export const ReplicaSetStatus = Struct(
  {
    replicas: Int32({
      description: "Replicas is the most recently observed number of non-terminating pods.",
    }),
    fullyLabeledReplicas: Int32({
      description:
        "The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.",
    }),
    readyReplicas: Int32({
      description: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.",
    }),
    availableReplicas: Int32({
      description:
        "The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.",
    }),
    terminatingReplicas: Int32({
      "x-proto-pointer": true,
      description: "The number of terminating pods for this replica set.",
    }),
    observedGeneration: Int64({
      description: "ObservedGeneration reflects the generation of the most recently observed ReplicaSet.",
    }),
    conditions: MapList(ReplicaSetCondition, ["type"], {
      description: "Represents the latest available observations of a replica set's current state.",
    }),
  },
  {
    $id: `${P}.ReplicaSetStatus`,
    required: ["replicas"],
    description: "ReplicaSetStatus represents the current status of a ReplicaSet.",
    "x-proto": {
      replicas: 1,
      fullyLabeledReplicas: 2,
      readyReplicas: 4,
      availableReplicas: 5,
      terminatingReplicas: 7,
      observedGeneration: 3,
      conditions: 6,
    },
  },
);
export type ReplicaSetStatus = Static<typeof ReplicaSetStatus>;

export const ReplicaSet = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      ReplicaSetSpec,
      "Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      ReplicaSetStatus,
      "Status is the most recently observed status of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.ReplicaSet`,
    description: "ReplicaSet ensures that a specified number of pod replicas are running at any given time.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type ReplicaSet = Static<typeof ReplicaSet>;

export const ControllerRevision = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    data: RawExtension({ description: "Data is the serialized representation of the state." }),
    revision: Int64({ description: "Revision indicates the revision of the state represented by Data." }),
  },
  {
    $id: `${P}.ControllerRevision`,
    required: ["revision"],
    description: "ControllerRevision implements an immutable snapshot of state data.",
    "x-proto": { metadata: 1, data: 2, revision: 3 },
  },
);
export type ControllerRevision = Static<typeof ControllerRevision>;
