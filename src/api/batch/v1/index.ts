// Resources served by batch/v1, in upstream's discovery order.
import type { ResourceType } from "../../registry.js";
import { cronjobs } from "./cronjob.js";
import { jobs } from "./job.js";

export const resources: ResourceType[] = [cronjobs, jobs];
