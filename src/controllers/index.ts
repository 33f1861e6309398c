// The controller manager's registry: one map literal of controller name → constructor (as upstream's
// NewControllerDescriptors). `k8ts server` starts every entry that is not disabled.
import type { ControllerConstructor } from "./controller.js";
import { newDeploymentController } from "./deployment/controller.js";
import { newReplicaSetController } from "./replicaset/controller.js";
import { newGarbageCollectorController } from "./garbagecollector/controller.js";
import { newNamespaceController } from "./namespace/controller.js";
import { newServiceAccountsController } from "./serviceaccount/controller.js";

export const controllers: Record<string, ControllerConstructor> = {
  deployment: newDeploymentController,
  replicaset: newReplicaSetController,
  garbagecollector: newGarbageCollectorController,
  namespace: newNamespaceController,
  serviceaccount: newServiceAccountsController,
};

export type {
  Controller,
  ControllerContext,
  ControllerOptions,
  ControllerConstructor,
} from "./controller.js";
