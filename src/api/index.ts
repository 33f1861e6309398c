// Every resource k8ts serves, in upstream's discovery order (core first, then groups in the order
// kube-apiserver lists them; within a group the preferred version first).
import type { ResourceType } from "./registry.js";
import { resources as coreV1 } from "./core/v1/index.js";
import { resources as appsV1 } from "./apps/v1/index.js";
import { resources as eventsV1 } from "./events/v1/index.js";
import { resources as authenticationV1 } from "./authentication/v1/index.js";
import { resources as authorizationV1 } from "./authorization/v1/index.js";
import { resources as autoscalingV2 } from "./autoscaling/v2/index.js";
import { resources as autoscalingV1 } from "./autoscaling/v1/index.js";
import { resources as batchV1 } from "./batch/v1/index.js";
import { resources as networkingV1 } from "./networking/v1/index.js";
import { resources as policyV1 } from "./policy/v1/index.js";
import { resources as certificatesV1 } from "./certificates/v1/index.js";
import { resources as rbacV1 } from "./rbac/v1/index.js";
import { resources as storageV1 } from "./storage/v1/index.js";
import { resources as schedulingV1 } from "./scheduling/v1/index.js";
import { resources as coordinationV1 } from "./coordination/v1/index.js";
import { resources as discoveryV1 } from "./discovery/v1/index.js";

export const allResources: ResourceType[] = [
  ...coreV1,
  ...appsV1,
  ...eventsV1,
  ...authenticationV1,
  ...authorizationV1,
  ...autoscalingV2,
  ...autoscalingV1,
  ...batchV1,
  ...certificatesV1,
  ...networkingV1,
  ...policyV1,
  ...rbacV1,
  ...storageV1,
  ...schedulingV1,
  ...coordinationV1,
  ...discoveryV1,
];

export * from "./registry.js";
