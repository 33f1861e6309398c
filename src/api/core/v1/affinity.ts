// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, AtomicList, Int32, Int64 } from "../../schema.js";
import { Struct } from "./struct.js";
import { LabelSelector } from "../../meta/v1/types.js";

export const NodeSelectorRequirement = Struct(
  {
    key: Type.String({ description: "The label key that the selector applies to." }),
    operator: Type.String({ description: "Represents a key's relationship to a set of values." }),
    values: AtomicList(Type.String(), { description: "An array of string values." }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSelectorRequirement",
    required: ["key", "operator"],
    description:
      "A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.",
    "x-proto": { key: 1, operator: 2, values: 3 },
  },
);

export type NodeSelectorRequirement = Static<typeof NodeSelectorRequirement>;

export const NodeSelectorTerm = Struct(
  {
    matchExpressions: AtomicList(NodeSelectorRequirement, {
      description: "A list of node selector requirements by node's labels.",
    }),
    matchFields: AtomicList(NodeSelectorRequirement, {
      description: "A list of node selector requirements by node's fields.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSelectorTerm",
    description: "A null or empty node selector term matches no objects.",
    "x-proto": { matchExpressions: 1, matchFields: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type NodeSelectorTerm = Static<typeof NodeSelectorTerm>;

export const NodeSelector = Struct(
  {
    nodeSelectorTerms: AtomicList(NodeSelectorTerm, {
      description: "Required. A list of node selector terms.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeSelector",
    required: ["nodeSelectorTerms"],
    description:
      "A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.",
    "x-proto": { nodeSelectorTerms: 1 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type NodeSelector = Static<typeof NodeSelector>;

export const PreferredSchedulingTerm = Struct(
  {
    weight: Int32({
      description: "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.",
    }),
    preference: Field(NodeSelectorTerm, "A node selector term, associated with the corresponding weight."),
  },
  {
    $id: "io.k8s.api.core.v1.PreferredSchedulingTerm",
    required: ["weight", "preference"],
    description:
      "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op).",
    "x-proto": { weight: 1, preference: 2 },
  },
);

export type PreferredSchedulingTerm = Static<typeof PreferredSchedulingTerm>;

export const NodeAffinity = Struct(
  {
    requiredDuringSchedulingIgnoredDuringExecution: Field(
      NodeSelector,
      "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.",
    ),
    preferredDuringSchedulingIgnoredDuringExecution: AtomicList(PreferredSchedulingTerm, {
      description:
        "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.NodeAffinity",
    description: "Node affinity is a group of node affinity scheduling rules.",
    "x-proto": {
      requiredDuringSchedulingIgnoredDuringExecution: 1,
      preferredDuringSchedulingIgnoredDuringExecution: 2,
    },
  },
);

export type NodeAffinity = Static<typeof NodeAffinity>;

export const PodAffinityTerm = Struct(
  {
    labelSelector: Field(LabelSelector, "A label query over a set of resources, in this case pods."),
    namespaces: AtomicList(Type.String(), {
      description: "namespaces specifies a static list of namespace names that the term applies to.",
    }),
    topologyKey: Type.String({
      description:
        "This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running.",
    }),
    namespaceSelector: Field(
      LabelSelector,
      "A label query over the set of namespaces that the term applies to.",
    ),
    matchLabelKeys: AtomicList(Type.String(), {
      description:
        "MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.",
    }),
    mismatchLabelKeys: AtomicList(Type.String(), {
      description:
        "MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodAffinityTerm",
    required: ["topologyKey"],
    description:
      "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running",
    "x-proto": {
      labelSelector: 1,
      namespaces: 2,
      topologyKey: 3,
      namespaceSelector: 4,
      matchLabelKeys: 5,
      mismatchLabelKeys: 6,
    },
  },
);

export type PodAffinityTerm = Static<typeof PodAffinityTerm>;

export const WeightedPodAffinityTerm = Struct(
  {
    weight: Int32({
      description: "weight associated with matching the corresponding podAffinityTerm, in the range 1-100.",
    }),
    podAffinityTerm: Field(
      PodAffinityTerm,
      "Required. A pod affinity term, associated with the corresponding weight.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.WeightedPodAffinityTerm",
    required: ["weight", "podAffinityTerm"],
    description:
      "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)",
    "x-proto": { weight: 1, podAffinityTerm: 2 },
  },
);

export type WeightedPodAffinityTerm = Static<typeof WeightedPodAffinityTerm>;

export const PodAffinity = Struct(
  {
    requiredDuringSchedulingIgnoredDuringExecution: AtomicList(PodAffinityTerm, {
      description:
        "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.",
    }),
    preferredDuringSchedulingIgnoredDuringExecution: AtomicList(WeightedPodAffinityTerm, {
      description:
        "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodAffinity",
    description: "Pod affinity is a group of inter pod affinity scheduling rules.",
    "x-proto": {
      requiredDuringSchedulingIgnoredDuringExecution: 1,
      preferredDuringSchedulingIgnoredDuringExecution: 2,
    },
  },
);

export type PodAffinity = Static<typeof PodAffinity>;

export const PodAntiAffinity = Struct(
  {
    requiredDuringSchedulingIgnoredDuringExecution: AtomicList(PodAffinityTerm, {
      description:
        "If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.",
    }),
    preferredDuringSchedulingIgnoredDuringExecution: AtomicList(WeightedPodAffinityTerm, {
      description:
        "The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.PodAntiAffinity",
    description: "Pod anti affinity is a group of inter pod anti affinity scheduling rules.",
    "x-proto": {
      requiredDuringSchedulingIgnoredDuringExecution: 1,
      preferredDuringSchedulingIgnoredDuringExecution: 2,
    },
  },
);

export type PodAntiAffinity = Static<typeof PodAntiAffinity>;

export const Affinity = Struct(
  {
    nodeAffinity: Field(NodeAffinity, "Describes node affinity scheduling rules for the pod."),
    podAffinity: Field(
      PodAffinity,
      "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc.",
    ),
    podAntiAffinity: Field(
      PodAntiAffinity,
      "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc.",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.Affinity",
    description: "Affinity is a group of affinity scheduling rules.",
    "x-proto": { nodeAffinity: 1, podAffinity: 2, podAntiAffinity: 3 },
  },
);

export type Affinity = Static<typeof Affinity>;

export const Toleration = Struct(
  {
    key: Type.String({ description: "Key is the taint key that the toleration applies to." }),
    operator: Type.String({ description: "Operator represents a key's relationship to the value." }),
    value: Type.String({ description: "Value is the taint value the toleration matches to." }),
    effect: Type.String({ description: "Effect indicates the taint effect to match." }),
    tolerationSeconds: Int64({
      "x-proto-pointer": true,
      description:
        "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.Toleration",
    description:
      "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
    "x-proto": { key: 1, operator: 2, value: 3, effect: 4, tolerationSeconds: 5 },
  },
);

export type Toleration = Static<typeof Toleration>;

export const TopologySpreadConstraint = Struct(
  {
    maxSkew: Int32({
      description: "MaxSkew describes the degree to which pods may be unevenly distributed.",
    }),
    topologyKey: Type.String({ description: "TopologyKey is the key of node labels." }),
    whenUnsatisfiable: Type.String({
      description:
        "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint.",
    }),
    labelSelector: Field(LabelSelector, "LabelSelector is used to find matching pods."),
    minDomains: Int32({
      "x-proto-pointer": true,
      description: "MinDomains indicates a minimum number of eligible domains.",
    }),
    nodeAffinityPolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.",
    }),
    nodeTaintsPolicy: Type.String({
      "x-proto-pointer": true,
      description:
        "NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.",
    }),
    matchLabelKeys: AtomicList(Type.String(), {
      description:
        "MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.TopologySpreadConstraint",
    required: ["maxSkew", "topologyKey", "whenUnsatisfiable"],
    description: "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
    "x-proto": {
      maxSkew: 1,
      topologyKey: 2,
      whenUnsatisfiable: 3,
      labelSelector: 4,
      minDomains: 5,
      nodeAffinityPolicy: 6,
      nodeTaintsPolicy: 7,
      matchLabelKeys: 8,
    },
  },
);

export type TopologySpreadConstraint = Static<typeof TopologySpreadConstraint>;
