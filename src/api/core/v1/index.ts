// Resources served by core/v1, in upstream's discovery order (alphabetical by plural).
import type { ResourceType } from "../../registry.js";
import { nodes } from "./node.js";
import { persistentvolumeclaims } from "./persistentvolumeclaim.js";
import { persistentvolumes } from "./persistentvolume.js";
import { pods } from "./pod.js";
import { restResources } from "./rest.js";

export const resources: ResourceType[] = [
  nodes,
  persistentvolumeclaims,
  persistentvolumes,
  pods,
  ...restResources,
].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
