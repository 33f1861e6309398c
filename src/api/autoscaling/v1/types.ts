// autoscaling/v1 types (k8s.io/api/autoscaling/v1): the older HorizontalPodAutoscaler shape and Scale,
// which the scale subresource of deployments, replicasets and statefulsets returns.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, Int64, Time } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";

const P = "io.k8s.api.autoscaling.v1";

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
    "x-kubernetes-map-type": "atomic",
  },
);
export type CrossVersionObjectReference = Static<typeof CrossVersionObjectReference>;

export const HorizontalPodAutoscalerSpec = Struct(
  {
    scaleTargetRef: Field(
      CrossVersionObjectReference,
      "scaleTargetRef is the reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.",
    ),
    minReplicas: Int32({
      "x-proto-pointer": true,
      description:
        "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.",
    }),
    maxReplicas: Int32({
      description:
        "maxReplicas is the upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.",
    }),
    targetCPUUtilizationPercentage: Int32({
      "x-proto-pointer": true,
      description:
        "targetCPUUtilizationPercentage is the target average CPU utilization (represented as a percentage of requested CPU) over all the pods; if not specified the default autoscaling policy will be used.",
    }),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerSpec`,
    required: ["scaleTargetRef", "maxReplicas"],
    description: "specification of a horizontal pod autoscaler.",
    "x-proto": { scaleTargetRef: 1, minReplicas: 2, maxReplicas: 3, targetCPUUtilizationPercentage: 4 },
  },
);
export type HorizontalPodAutoscalerSpec = Static<typeof HorizontalPodAutoscalerSpec>;

export const HorizontalPodAutoscalerStatus = Struct(
  {
    observedGeneration: Int64({
      "x-proto-pointer": true,
      description: "observedGeneration is the most recent generation observed by this autoscaler.",
    }),
    lastScaleTime: Time({
      description:
        "lastScaleTime is the last time the HorizontalPodAutoscaler scaled the number of pods; used by the autoscaler to control how often the number of pods is changed.",
    }),
    currentReplicas: Int32({
      description: "currentReplicas is the current number of replicas of pods managed by this autoscaler.",
    }),
    desiredReplicas: Int32({
      description: "desiredReplicas is the desired number of replicas of pods managed by this autoscaler.",
    }),
    currentCPUUtilizationPercentage: Int32({
      "x-proto-pointer": true,
      description:
        "currentCPUUtilizationPercentage is the current average CPU utilization over all pods, represented as a percentage of requested CPU, e.g. 70 means that an average pod is using now 70% of its requested CPU.",
    }),
  },
  {
    $id: `${P}.HorizontalPodAutoscalerStatus`,
    required: ["currentReplicas", "desiredReplicas"],
    description: "current status of a horizontal pod autoscaler",
    "x-proto": {
      observedGeneration: 1,
      lastScaleTime: 2,
      currentReplicas: 3,
      desiredReplicas: 4,
      currentCPUUtilizationPercentage: 5,
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
      "spec defines the behaviour of autoscaler. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(HorizontalPodAutoscalerStatus, "status is the current information about the autoscaler."),
  },
  {
    $id: `${P}.HorizontalPodAutoscaler`,
    description: "configuration of a horizontal pod autoscaler.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type HorizontalPodAutoscaler = Static<typeof HorizontalPodAutoscaler>;

export const ScaleSpec = Struct(
  {
    replicas: Int32({ description: "replicas is the desired number of instances for the scaled object." }),
  },
  {
    $id: `${P}.ScaleSpec`,
    description: "ScaleSpec describes the attributes of a scale subresource.",
    "x-proto": { replicas: 1 },
  },
);
export type ScaleSpec = Static<typeof ScaleSpec>;

export const ScaleStatus = Struct(
  {
    replicas: Int32({
      description: "replicas is the actual number of observed instances of the scaled object.",
    }),
    selector: Type.String({
      description: "selector is the label query over pods that should match the replicas count.",
    }),
  },
  {
    $id: `${P}.ScaleStatus`,
    required: ["replicas"],
    description: "ScaleStatus represents the current status of a scale subresource.",
    "x-proto": { replicas: 1, selector: 2 },
  },
);
export type ScaleStatus = Static<typeof ScaleStatus>;

export const Scale = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.",
    ),
    spec: Field(
      ScaleSpec,
      "spec defines the behavior of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      ScaleStatus,
      "status is the current status of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: `${P}.Scale`,
    description: "Scale represents a scaling request for a resource.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);
export type Scale = Static<typeof Scale>;
