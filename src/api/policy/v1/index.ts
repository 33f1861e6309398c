// Resources served by policy/v1, in upstream's discovery order.
import type { ResourceType } from "../../registry.js";
import { poddisruptionbudgets } from "./poddisruptionbudget.js";

export const resources: ResourceType[] = [poddisruptionbudgets];
export { Eviction, evictionNameMismatch } from "./eviction.js";
