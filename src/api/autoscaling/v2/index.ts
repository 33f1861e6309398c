// Resources served by autoscaling/v2, in upstream's discovery order.
import type { ResourceType } from "../../registry.js";
import { horizontalpodautoscalers } from "./hpa.js";

export const resources: ResourceType[] = [horizontalpodautoscalers];
