// The cloud controller manager: a provider interface, a registry of providers, and the cloud controllers.
export {
  createCloudControllerManager,
  type CloudControllerManager,
  type CloudControllerManagerOptions,
} from "./manager.js";
export type { CloudContext } from "./context.js";
export type {
  CloudProvider,
  CloudProviderFactory,
  LoadBalancer,
  Instances,
  InstanceMetadata,
} from "./provider.js";
export { cloudProviders } from "./providers/index.js";
export { loadBalancerCleanupFinalizer } from "./service/controller.js";
export { uninitializedTaintKey } from "./node/controller.js";
export { shutdownTaintKey } from "./node/lifecycle.js";
