// The controller manager's registry: one map literal of controller name → constructor (as upstream's
// NewControllerDescriptors). `k8ts server` starts every entry that is not disabled.
import type { ControllerConstructor } from "./controller.js";
import { newDeploymentController } from "./deployment/controller.js";
import { newReplicaSetController } from "./replicaset/controller.js";
import { newGarbageCollectorController } from "./garbagecollector/controller.js";
import { newNamespaceController } from "./namespace/controller.js";
import { newServiceAccountsController } from "./serviceaccount/controller.js";
import { newNodeLifecycleController } from "./nodelifecycle/controller.js";
import { newTaintEvictionController } from "./nodelifecycle/tainteviction.js";
import { newNodeIPAMController } from "./nodeipam/controller.js";
import { newEndpointsController } from "./endpoints/controller.js";
import { newEndpointSliceController } from "./endpointslice/controller.js";
import { newPodGCController } from "./podgc/controller.js";
import { newDisruptionController } from "./disruption/controller.js";
import { newTokenCleanerController } from "./tokencleaner/controller.js";
import { newCSRSigningController } from "./csrsigning/controller.js";
import { newCSRApprovingController } from "./csrapproving/controller.js";
import { newRootCACertPublisher } from "./rootcacertpublisher/controller.js";
import { newResourceQuotaController } from "./resourcequota/controller.js";
import { newCronJobController } from "./cronjob/controller.js";
import { newJobController } from "./job/controller.js";
import { newTTLAfterFinishedController } from "./ttlafterfinished/controller.js";

export const controllers: Record<string, ControllerConstructor> = {
  deployment: newDeploymentController,
  replicaset: newReplicaSetController,
  garbagecollector: newGarbageCollectorController,
  namespace: newNamespaceController,
  serviceaccount: newServiceAccountsController,
  nodelifecycle: newNodeLifecycleController,
  "taint-eviction-controller": newTaintEvictionController,
  nodeipam: newNodeIPAMController,
  endpoint: newEndpointsController,
  endpointslice: newEndpointSliceController,
  podgc: newPodGCController,
  disruption: newDisruptionController,
  tokencleaner: newTokenCleanerController,
  csrsigning: newCSRSigningController,
  csrapproving: newCSRApprovingController,
  "root-ca-cert-publisher": newRootCACertPublisher,
  resourcequota: newResourceQuotaController,
  cronjob: newCronJobController,
  job: newJobController,
  "ttl-after-finished": newTTLAfterFinishedController,
};

export type {
  Controller,
  ControllerContext,
  ControllerOptions,
  ControllerConstructor,
} from "./controller.js";
