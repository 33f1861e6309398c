// TopologySelectorTerm (core/v1), used by StorageClass.allowedTopologies.
import { Type, type Static } from "@sinclair/typebox";
import { Struct, AtomicList } from "../../schema.js";

export const TopologySelectorLabelRequirement = Struct(
  {
    key: Type.String({ description: "The label key that the selector applies to." }),
    values: AtomicList(Type.String(), { description: "An array of string values." }),
  },
  {
    $id: "io.k8s.api.core.v1.TopologySelectorLabelRequirement",
    required: ["key", "values"],
    description: "A topology selector requirement is a selector that matches given label.",
    "x-proto": { key: 1, values: 2 },
  },
);
export type TopologySelectorLabelRequirement = Static<typeof TopologySelectorLabelRequirement>;

export const TopologySelectorTerm = Struct(
  {
    matchLabelExpressions: AtomicList(TopologySelectorLabelRequirement, {
      description: "A list of topology selector requirements by labels.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.TopologySelectorTerm",
    description: "A topology selector term represents the result of label queries.",
    "x-proto": { matchLabelExpressions: 1 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type TopologySelectorTerm = Static<typeof TopologySelectorTerm>;
