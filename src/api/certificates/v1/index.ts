// Resources served by certificates.k8s.io/v1.
import type { ResourceType } from "../../registry.js";
import { certificateSigningRequests } from "./csr.js";

export const resources: ResourceType[] = [certificateSigningRequests];
export * from "./types.js";
export * from "./csr.js";
