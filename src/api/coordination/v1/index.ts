// Resources served by coordination.k8s.io/v1.
import type { ResourceType } from "../../registry.js";
import { leases } from "./lease.js";

export const resources: ResourceType[] = [leases];
