// The disruption controller (PodDisruptionBudget status). The eviction decision itself is
// src/api/policy/v1/eviction-check.ts, used by the API server's pods/eviction handler.
export { newDisruptionController, DisruptionController, type DisruptionOptions } from "./controller.js";
