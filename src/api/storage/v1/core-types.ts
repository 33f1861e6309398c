// The core/v1 types storage.k8s.io/v1 embeds; defined in src/api/core/v1, re-exported for this path's importers.
export { TopologySelectorLabelRequirement, TopologySelectorTerm } from "../../core/v1/topologyselector.js";
