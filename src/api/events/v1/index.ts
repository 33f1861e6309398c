// Resources served by events.k8s.io/v1.
import type { ResourceType } from "../../registry.js";
import { events } from "./event.js";

export const resources: ResourceType[] = [events];
