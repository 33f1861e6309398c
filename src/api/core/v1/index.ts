// Resources served by core/v1, in upstream's discovery order.
import type { ResourceType } from "../../registry.js";
import { pods } from "./pod.js";

export const resources: ResourceType[] = [pods];
