// Resources served by core/v1 (this branch's kinds), in upstream's discovery order (alphabetical by plural).
import type { ResourceType } from "../../registry.js";
import { nodes } from "./node.js";
import { persistentvolumeclaims } from "./persistentvolumeclaim.js";
import { persistentvolumes } from "./persistentvolume.js";
import { pods } from "./pod.js";

export const resources: ResourceType[] = [nodes, persistentvolumeclaims, persistentvolumes, pods];
