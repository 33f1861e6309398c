// events.k8s.io/v1 Event (k8s.io/api/events/v1). Upstream stores these as core/v1 Events (see conversion.ts).
import { Type, type Static } from "@sinclair/typebox";
import { Field, Struct, Int32, MicroTime, Time } from "../../schema.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { ObjectReference } from "../../core/v1/reference.js";
import { EventSource } from "../../core/v1/event.js";

const P = "io.k8s.api.events.v1";

export const EventSeries = Struct(
  {
    count: Int32({
      description: "count is the number of occurrences in this series up to the last heartbeat time.",
    }),
    lastObservedTime: MicroTime({
      description:
        "lastObservedTime is the time when last Event from the series was seen before last heartbeat.",
    }),
  },
  {
    $id: `${P}.EventSeries`,
    required: ["count", "lastObservedTime"],
    description:
      "EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.",
    "x-proto": { count: 1, lastObservedTime: 2 },
  },
);

export const Event = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "metadata is the standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    eventTime: MicroTime({ description: "eventTime is the time when this Event was first observed." }),
    series: Field(
      EventSeries,
      "series is data about the Event series this event represents or nil if it's a singleton Event.",
    ),
    reportingController: Type.String({
      description:
        "reportingController is the name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.",
    }),
    reportingInstance: Type.String({
      description: "reportingInstance is the ID of the controller instance, e.g. `kubelet-xyzf`.",
    }),
    action: Type.String({
      description: "action is what action was taken/failed regarding to the regarding object.",
    }),
    reason: Type.String({ description: "reason is why the action was taken." }),
    regarding: Field(ObjectReference, "regarding contains the object this Event is about."),
    related: Field(ObjectReference, "related is the optional secondary object for more complex actions."),
    note: Type.String({
      description: "note is a human-readable description of the status of this operation.",
    }),
    type: Type.String({
      description:
        "type is the type of this event (Normal, Warning), new types could be added in the future.",
    }),
    deprecatedSource: Field(
      EventSource,
      "deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.",
    ),
    deprecatedFirstTimestamp: Time({
      description:
        "deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.",
    }),
    deprecatedLastTimestamp: Time({
      description:
        "deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.",
    }),
    deprecatedCount: Int32({
      description:
        "deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.",
    }),
  },
  {
    $id: `${P}.Event`,
    required: ["eventTime"],
    description: "Event is a report of an event somewhere in the cluster.",
    "x-proto": {
      metadata: 1,
      eventTime: 2,
      series: 3,
      reportingController: 4,
      reportingInstance: 5,
      action: 6,
      reason: 7,
      regarding: 8,
      related: 9,
      note: 10,
      type: 11,
      deprecatedSource: 12,
      deprecatedFirstTimestamp: 13,
      deprecatedLastTimestamp: 14,
      deprecatedCount: 15,
    },
  },
);
export type Event = Static<typeof Event>;
