// The core/v1 types networking.k8s.io/v1 embeds; defined in src/api/core/v1, re-exported for this path's importers.
export { TypedLocalObjectReference } from "../../core/v1/reference.js";
