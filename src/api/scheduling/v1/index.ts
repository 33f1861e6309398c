// Resources served by scheduling.k8s.io/v1.
import type { ResourceType } from "../../registry.js";
import { priorityClasses } from "./priorityclass.js";

export const resources: ResourceType[] = [priorityClasses];
