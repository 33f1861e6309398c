// Resources served by discovery.k8s.io/v1.
import type { ResourceType } from "../../registry.js";
import { endpointSlices } from "./endpointslice.js";

export const resources: ResourceType[] = [endpointSlices];
