// core/v1 types that events.k8s.io/v1 (and discovery.k8s.io/v1) embed. Local copies with upstream's $id until
// src/api/core/v1/reference.ts (branch core-rest) is merged; the lead dedups.
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "../../schema.js";

export const ObjectReference = Struct(
  {
    kind: Type.String({ description: "Kind of the referent." }),
    namespace: Type.String({ description: "Namespace of the referent." }),
    name: Type.String({ description: "Name of the referent." }),
    uid: Type.String({ description: "UID of the referent." }),
    apiVersion: Type.String({ description: "API version of the referent." }),
    resourceVersion: Type.String({
      description: "Specific resourceVersion to which this reference is made, if any.",
    }),
    fieldPath: Type.String({
      description:
        "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ObjectReference",
    description:
      "ObjectReference contains enough information to let you inspect or modify the referred object.",
    "x-proto": { kind: 1, namespace: 2, name: 3, uid: 4, apiVersion: 5, resourceVersion: 6, fieldPath: 7 },
    "x-kubernetes-map-type": "atomic",
  },
);
export type ObjectReference = Static<typeof ObjectReference>;

export const EventSource = Struct(
  {
    component: Type.String({ description: "Component from which the event is generated." }),
    host: Type.String({ description: "Node name on which the event is generated." }),
  },
  {
    $id: "io.k8s.api.core.v1.EventSource",
    description: "EventSource contains information for an event.",
    "x-proto": { component: 1, host: 2 },
  },
);
export type EventSource = Static<typeof EventSource>;
