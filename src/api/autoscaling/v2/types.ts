// autoscaling/v2 types (k8s.io/api/autoscaling/v2): HorizontalPodAutoscaler.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, Int64, Time, Quantity, AtomicList, MapList } from "../../schema.js";
import { ObjectMeta, LabelSelector, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.autoscaling.v2";

export const CrossVersionObjectReference = Struct(
  {
    kind: Type.String({ description: "kind is the kind of the referent" }),
    name: Type.String({ description: "name is the name of the referent" }),
    apiVersion: Type.String({ description: "apiVersion is the API version of the referent" }),
  },
  {
    $id: `${P}.CrossVersionObjectReference`,
    required: ["kind", "name"],
    description:
      "CrossVersionObjectReference contains enough information to let you identify the referred resource.",
    "x-proto": { kind: 1, name: 2, apiVersion: 3 },
  },
);
export type CrossVersionObjectReference = Static<typeof CrossVersionObjectReference>;

export const MetricTarget = Struct(
  {
    type: Type.String({
      description: "type represents whether the metric type is Utilization, Value, or AverageValue",
    }),
    value: Quantity({ description: "value is the target value of the metric (as a quantity)." }),
    averageValue: Quantity({
      description:
        "averageValue is the target value of the average of the metric across all relevant pods (as a quantity)",
    }),
    averageUtilization: Int32({
      "x-proto-pointer": true,
      description:
        "averageUtilization is the target value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.",
    }),
  },
  {
    $id: `${P}.MetricTarget`,
    required: ["type"],
    description:
      "MetricTarget defines the target value, average value, or average utilization of a specific metric",
    "x-proto": { type: 1, value: 2, averageValue: 3, averageUtilization: 4 },
  },
);
export type MetricTarget = Static<typeof MetricTarget>;

export const MetricIdentifier = Struct(
  {
    name: Type.String({ description: "name is the name of the given metric" }),
    selector: Field(
      LabelSelector,
      "selector is the string-encoded form of a standard kubernetes label selector for the given metric When set, it is passed as an additional parameter to the metrics server for more specific metrics scoping.",
    ),
  },
  {
    $id: `${P}.MetricIdentifier`,
    required: ["name"],
    description: "MetricIdentifier defines the name and optionally selector for a metric",
    "x-proto": { name: 1, selector: 2 },
  },
);
export type MetricIdentifier = Static<typeof MetricIdentifier>;

export const ObjectMetricSource = Struct(
  {
    describedObject: Field(
      CrossVersionObjectReference,
      "describedObject specifies the descriptions of a object,such as kind,name apiVersion",
    ),
    target: Field(MetricTarget, "target specifies the target value for the given metric"),
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
  },
  {
    $id: `${P}.ObjectMetricSource`,
    required: ["describedObject", "target", "metric"],
    description:
      "ObjectMetricSource indicates how to scale on a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).",
    "x-proto": { describedObject: 1, target: 2, metric: 3 },
  },
);
export type ObjectMetricSource = Static<typeof ObjectMetricSource>;

export const PodsMetricSource = Struct(
  {
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
    target: Field(MetricTarget, "target specifies the target value for the given metric"),
  },
  {
    $id: `${P}.PodsMetricSource`,
    required: ["metric", "target"],
    description:
      "PodsMetricSource indicates how to scale on a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
    "x-proto": { metric: 1, target: 2 },
  },
);
export type PodsMetricSource = Static<typeof PodsMetricSource>;

export const ResourceMetricSource = Struct(
  {
    name: Type.String({ description: "name is the name of the resource in question." }),
    target: Field(MetricTarget, "target specifies the target value for the given metric"),
  },
  {
    $id: `${P}.ResourceMetricSource`,
    required: ["name", "target"],
    description:
      "ResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
    "x-proto": { name: 1, target: 2 },
  },
);
export type ResourceMetricSource = Static<typeof ResourceMetricSource>;

export const ContainerResourceMetricSource = Struct(
  {
    name: Type.String({ description: "name is the name of the resource in question." }),
    target: Field(MetricTarget, "target specifies the target value for the given metric"),
    container: Type.String({
      description: "container is the name of the container in the pods of the scaling target",
    }),
  },
  {
    $id: `${P}.ContainerResourceMetricSource`,
    required: ["name", "target", "container"],
    description:
      "ContainerResourceMetricSource indicates how to scale on a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
    "x-proto": { name: 1, target: 2, container: 3 },
  },
);
export type ContainerResourceMetricSource = Static<typeof ContainerResourceMetricSource>;

export const ExternalMetricSource = Struct(
  {
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
    target: Field(MetricTarget, "target specifies the target value for the given metric"),
  },
  {
    $id: `${P}.ExternalMetricSource`,
    required: ["metric", "target"],
    description:
      "ExternalMetricSource indicates how to scale on a metric not associated with any Kubernetes object (for example length of queue in cloud messaging service, or QPS from loadbalancer running outside of cluster).",
    "x-proto": { metric: 1, target: 2 },
  },
);
export type ExternalMetricSource = Static<typeof ExternalMetricSource>;

export const MetricSpec = Struct(
  {
    type: Type.String({ description: "type is the type of metric source." }),
    object: Field(
      ObjectMetricSource,
      "object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).",
    ),
    pods: Field(
      PodsMetricSource,
      "pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
    ),
    resource: Field(
      ResourceMetricSource,
      "resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).",
    ),
    containerResource: Field(
      ContainerResourceMetricSource,
      "containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod of the current scale target (e.g. CPU or memory).",
    ),
    external: Field(
      ExternalMetricSource,
      "external refers to a global metric that is not associated with any Kubernetes object.",
    ),
  },
  {
    $id: `${P}.MetricSpec`,
    required: ["type"],
    description:
      "MetricSpec specifies how to scale based on a single metric (only `type` and one other matching field should be set at once).",
    "x-proto": { type: 1, object: 2, pods: 3, resource: 4, containerResource: 7, external: 5 },
  },
);
export type MetricSpec = Static<typeof MetricSpec>;

export const HPAScalingPolicy = Struct(
  {
    type: Type.String({ description: "type is used to specify the scaling policy." }),
    value: Int32({ description: "value contains the amount of change which is permitted by the policy." }),
    periodSeconds: Int32({
      description: "periodSeconds specifies the window of time for which the policy should hold true.",
    }),
  },
  {
    $id: `${P}.HPAScalingPolicy`,
    required: ["type", "value", "periodSeconds"],
    description: "HPAScalingPolicy is a single policy which must hold true for a specified past interval.",
    "x-proto": { type: 1, value: 2, periodSeconds: 3 },
  },
);
export type HPAScalingPolicy = Static<typeof HPAScalingPolicy>;

export const HPAScalingRules = Struct(
  {
    stabilizationWindowSeconds: Int32({
      "x-proto-pointer": true,
      description:
        "stabilizationWindowSeconds is the number of seconds for which past recommendations should be considered while scaling up or scaling down.",
    }),
    selectPolicy: Type.String({
      "x-proto-pointer": true,
      description: "selectPolicy is used to specify which policy should be used.",
    }),
    policies: AtomicList(HPAScalingPolicy, {
      description: "policies is a list of potential scaling polices which can be used during scaling.",
    }),
    tolerance: Quantity({
      description:
        "tolerance is the tolerance on the ratio between the current and desired metric value under which no updates are made to the desired number of replicas (e.g. 0.01 for 1%).",
    }),
  },
  {
    $id: `${P}.HPAScalingRules`,
    description:
      "HPAScalingRules configures the scaling behavior for one direction via scaling Policy Rules and a configurable metric tolerance.",
    "x-proto": { stabilizationWindowSeconds: 3, selectPolicy: 1, policies: 2, tolerance: 4 },
  },
);
export type HPAScalingRules = Static<typeof HPAScalingRules>;

export const HorizontalPodAutoscalerBehavior = Struct(
  {
    scaleUp: Field(HPAScalingRules, "scaleUp is scaling policy for scaling Up."),
    scaleDown: Field(HPAScalingRules, "scaleDown is scaling policy for scaling Down."),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerBehavior`,
    description:
      "HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).",
    "x-proto": { scaleUp: 1, scaleDown: 2 },
  },
);
export type HorizontalPodAutoscalerBehavior = Static<typeof HorizontalPodAutoscalerBehavior>;

export const HorizontalPodAutoscalerSpec = Struct(
  {
    scaleTargetRef: Field(
      CrossVersionObjectReference,
      "scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.",
    ),
    minReplicas: Int32({
      "x-proto-pointer": true,
      description:
        "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.",
    }),
    maxReplicas: Int32({
      description:
        "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.",
    }),
    metrics: AtomicList(MetricSpec, {
      description:
        "metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).",
    }),
    behavior: Field(
      HorizontalPodAutoscalerBehavior,
      "behavior configures the scaling behavior of the target in both Up and Down directions (scaleUp and scaleDown fields respectively).",
    ),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerSpec`,
    required: ["scaleTargetRef", "maxReplicas"],
    description:
      "HorizontalPodAutoscalerSpec describes the desired functionality of the HorizontalPodAutoscaler.",
    "x-proto": { scaleTargetRef: 1, minReplicas: 2, maxReplicas: 3, metrics: 4, behavior: 5 },
  },
);
export type HorizontalPodAutoscalerSpec = Static<typeof HorizontalPodAutoscalerSpec>;

export const MetricValueStatus = Struct(
  {
    value: Quantity({ description: "value is the current value of the metric (as a quantity)." }),
    averageValue: Quantity({
      description:
        "averageValue is the current value of the average of the metric across all relevant pods (as a quantity)",
    }),
    averageUtilization: Int32({
      "x-proto-pointer": true,
      description:
        "currentAverageUtilization is the current value of the average of the resource metric across all relevant pods, represented as a percentage of the requested value of the resource for the pods.",
    }),
  },
  {
    $id: `${P}.MetricValueStatus`,
    description: "MetricValueStatus holds the current value for a metric",
    "x-proto": { value: 1, averageValue: 2, averageUtilization: 3 },
  },
);
export type MetricValueStatus = Static<typeof MetricValueStatus>;

export const ObjectMetricStatus = Struct(
  {
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
    current: Field(MetricValueStatus, "current contains the current value for the given metric"),
    describedObject: Field(
      CrossVersionObjectReference,
      "describedObject specifies the descriptions of a object,such as kind,name apiVersion",
    ),
  },
  {
    $id: `${P}.ObjectMetricStatus`,
    required: ["metric", "current", "describedObject"],
    description:
      "ObjectMetricStatus indicates the current value of a metric describing a kubernetes object (for example, hits-per-second on an Ingress object).",
    "x-proto": { metric: 1, current: 2, describedObject: 3 },
  },
);
export type ObjectMetricStatus = Static<typeof ObjectMetricStatus>;

export const PodsMetricStatus = Struct(
  {
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
    current: Field(MetricValueStatus, "current contains the current value for the given metric"),
  },
  {
    $id: `${P}.PodsMetricStatus`,
    required: ["metric", "current"],
    description:
      "PodsMetricStatus indicates the current value of a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
    "x-proto": { metric: 1, current: 2 },
  },
);
export type PodsMetricStatus = Static<typeof PodsMetricStatus>;

export const ResourceMetricStatus = Struct(
  {
    name: Type.String({ description: "name is the name of the resource in question." }),
    current: Field(MetricValueStatus, "current contains the current value for the given metric"),
  },
  {
    $id: `${P}.ResourceMetricStatus`,
    required: ["name", "current"],
    description:
      "ResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing each pod in the current scale target (e.g. CPU or memory).",
    "x-proto": { name: 1, current: 2 },
  },
);
export type ResourceMetricStatus = Static<typeof ResourceMetricStatus>;

export const ContainerResourceMetricStatus = Struct(
  {
    name: Type.String({ description: "name is the name of the resource in question." }),
    current: Field(MetricValueStatus, "current contains the current value for the given metric"),
    container: Type.String({
      description: "container is the name of the container in the pods of the scaling target",
    }),
  },
  {
    $id: `${P}.ContainerResourceMetricStatus`,
    required: ["name", "current", "container"],
    description:
      "ContainerResourceMetricStatus indicates the current value of a resource metric known to Kubernetes, as specified in requests and limits, describing a single container in each pod in the current scale target (e.g. CPU or memory).",
    "x-proto": { name: 1, current: 2, container: 3 },
  },
);
export type ContainerResourceMetricStatus = Static<typeof ContainerResourceMetricStatus>;

export const ExternalMetricStatus = Struct(
  {
    metric: Field(MetricIdentifier, "metric identifies the target metric by name and selector"),
    current: Field(MetricValueStatus, "current contains the current value for the given metric"),
  },
  {
    $id: `${P}.ExternalMetricStatus`,
    required: ["metric", "current"],
    description:
      "ExternalMetricStatus indicates the current value of a global metric not associated with any Kubernetes object.",
    "x-proto": { metric: 1, current: 2 },
  },
);
export type ExternalMetricStatus = Static<typeof ExternalMetricStatus>;

export const MetricStatus = Struct(
  {
    type: Type.String({ description: "type is the type of metric source." }),
    object: Field(
      ObjectMetricStatus,
      "object refers to a metric describing a single kubernetes object (for example, hits-per-second on an Ingress object).",
    ),
    pods: Field(
      PodsMetricStatus,
      "pods refers to a metric describing each pod in the current scale target (for example, transactions-processed-per-second).",
    ),
    resource: Field(
      ResourceMetricStatus,
      "resource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing each pod in the current scale target (e.g. CPU or memory).",
    ),
    containerResource: Field(
      ContainerResourceMetricStatus,
      "containerResource refers to a resource metric (such as those specified in requests and limits) known to Kubernetes describing a single container in each pod in the current scale target (e.g. CPU or memory).",
    ),
    external: Field(
      ExternalMetricStatus,
      "external refers to a global metric that is not associated with any Kubernetes object.",
    ),
  },
  {
    $id: `${P}.MetricStatus`,
    required: ["type"],
    description: "MetricStatus describes the last-read state of a single metric.",
    "x-proto": { type: 1, object: 2, pods: 3, resource: 4, containerResource: 7, external: 5 },
  },
);
export type MetricStatus = Static<typeof MetricStatus>;

export const HorizontalPodAutoscalerCondition = Struct(
  {
    type: Type.String({ description: "type describes the current condition" }),
    status: Type.String({ description: "status is the status of the condition (True, False, Unknown)" }),
    lastTransitionTime: Time({
      description:
        "lastTransitionTime is the last time the condition transitioned from one status to another",
    }),
    reason: Type.String({ description: "reason is the reason for the condition's last transition." }),
    message: Type.String({
      description: "message is a human-readable explanation containing details about the transition",
    }),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerCondition`,
    required: ["type", "status"],
    description:
      "HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.",
    "x-proto": { type: 1, status: 2, lastTransitionTime: 3, reason: 4, message: 5 },
  },
);
export type HorizontalPodAutoscalerCondition = Static<typeof HorizontalPodAutoscalerCondition>;

export const HorizontalPodAutoscalerStatus = Struct(
  {
    observedGeneration: Int64({
      "x-proto-pointer": true,
      description: "observedGeneration is the most recent generation observed by this autoscaler.",
    }),
    lastScaleTime: Time({
      description:
        "lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods, used by the autoscaler to control how often the number of pods is changed.",
    }),
    currentReplicas: Int32({
      description:
        "currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.",
    }),
    desiredReplicas: Int32({
      description:
        "desiredReplicas is the desired number of replicas of pods managed by this autoscaler, as last calculated by the autoscaler.",
    }),
    currentMetrics: AtomicList(MetricStatus, {
      description: "currentMetrics is the last read state of the metrics used by this autoscaler.",
    }),
    conditions: MapList(HorizontalPodAutoscalerCondition, ["type"], {
      description:
        "conditions is the set of conditions required for this autoscaler to scale its target, and indicates whether or not those conditions are met.",
    }),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerStatus`,
    required: ["desiredReplicas"],
    description: "HorizontalPodAutoscalerStatus describes the current status of a horizontal pod autoscaler.",
    "x-proto": {
      observedGeneration: 1,
      lastScaleTime: 2,
      currentReplicas: 3,
      desiredReplicas: 4,
      currentMetrics: 5,
      conditions: 6,
    },
  },
);
export type HorizontalPodAutoscalerStatus = Static<typeof HorizontalPodAutoscalerStatus>;

export const HorizontalPodAutoscaler = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      HorizontalPodAutoscalerSpec,
      "spec is the specification for the behaviour of the autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(HorizontalPodAutoscalerStatus, "status is the current information about the autoscaler."),
  },
  {
    $id: `${P}.HorizontalPodAutoscaler`,
    description:
      "HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type HorizontalPodAutoscaler = Static<typeof HorizontalPodAutoscaler>;
