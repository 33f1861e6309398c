// The core/v1 resources other than pods, nodes and volumes, in upstream's discovery order
// (the legacy /api/v1 list is sorted by resource name). The group's index.ts merges them in.
import type { ResourceType } from "../../registry.js";
import { configMaps } from "./configmap.js";
import { endpoints } from "./endpoints.js";
import { events } from "./event.js";
import { limitRanges } from "./limitrange.js";
import { namespaces } from "./namespace.js";
import { resourceQuotas } from "./resourcequota.js";
import { secrets } from "./secret.js";
import { serviceAccounts } from "./serviceaccount.js";
import { services } from "./service.js";

export const restResources: ResourceType[] = [
  configMaps,
  endpoints,
  events,
  limitRanges,
  namespaces,
  resourceQuotas,
  secrets,
  serviceAccounts,
  services,
];
