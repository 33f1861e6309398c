// The core/v1 types events.k8s.io/v1 embeds; defined in src/api/core/v1, re-exported for this path's importers.
export { ObjectReference } from "../../core/v1/reference.js";
export { EventSource } from "../../core/v1/event.js";
