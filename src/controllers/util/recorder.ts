// What controllers need of an event recorder, and the object reference an event is about. Listers hand out
// list items without `kind`, so controllers state the kind they know.
import type { EventRecorder } from "../../client/record/recorder.js";
import { apiVersionOf, type GroupVersionKind } from "./controllerref.js";

export type Recorder = Pick<EventRecorder, "event" | "eventf">;

export interface Referable {
  apiVersion?: string;
  kind?: string;
  metadata: { namespace?: string; name?: string; uid?: string; resourceVersion?: string };
}

/** The object as an event's involvedObject: apiVersion and kind filled from what the controller knows. */
export function referenceTo(
  obj: { metadata?: { namespace?: string; name?: string; uid?: string; resourceVersion?: string } },
  gvk: GroupVersionKind,
): Referable {
  const m = obj.metadata ?? {};
  return {
    apiVersion: apiVersionOf(gvk),
    kind: gvk.kind,
    metadata: { namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion },
  };
}
