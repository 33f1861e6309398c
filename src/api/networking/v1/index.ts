// Resources served by networking.k8s.io/v1 (in discovery order: alphabetical, as upstream's installer).
import type { ResourceType } from "../../registry.js";
import { ingressClasses } from "./ingressclass.js";
import { ingresses } from "./ingress.js";
import { networkPolicies } from "./networkpolicy.js";

export const resources: ResourceType[] = [ingressClasses, ingresses, networkPolicies];
