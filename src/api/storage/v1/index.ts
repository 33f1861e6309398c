// Resources served by this group/version.
import type { ResourceType } from "../../registry.js";

export const resources: ResourceType[] = [];
