// Resources served by storage.k8s.io/v1 (StorageClass only, for now).
import type { ResourceType } from "../../registry.js";
import { storageClasses } from "./storageclass.js";

export const resources: ResourceType[] = [storageClasses];
