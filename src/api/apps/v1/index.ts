// Resources served by apps/v1, in upstream's discovery order.
import type { ResourceType } from "../../registry.js";
import { controllerrevisions } from "./controllerrevision.js";
import { daemonsets } from "./daemonset.js";
import { deployments } from "./deployment.js";
import { replicasets } from "./replicaset.js";
import { statefulsets } from "./statefulset.js";

export const resources: ResourceType[] = [
  controllerrevisions,
  daemonsets,
  deployments,
  replicasets,
  statefulsets,
];
