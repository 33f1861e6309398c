// The node's image store: what the kubelet, the runtimes and `k8ts image` use.
export { ImageStore, normalizeName, type Image, type RemoveResult } from "./store.js";
export { StoreImageService, authConfigsForPull, type StoreImageServiceOptions } from "./image-service.js";
export { importArchive, type ImportOptions, type ImportResult } from "./archive.js";
export {
  pullImage,
  type PullError,
  type PullErrorCode,
  type PullOptions,
  type PullResult,
  type RegistryOptions,
} from "./registry.js";
export { buildBusyboxImage, busyboxTag, busyboxVersion, type BuildResult } from "./busybox.js";
export {
  credentialsFor,
  dockerConfigFromSecret,
  type DockerConfig,
  type RegistryAuth,
} from "./credentials.js";
export {
  formatReference,
  familiarName,
  normalizeReference,
  parseReference,
  type ImageReference,
} from "./reference.js";
export {
  ImagePullReason,
  alreadyPresentMessage,
  backOffPullingMessage,
  failedToPullMessage,
  invalidImageNameMessage,
  neverPullMessage,
  pullingMessage,
  shouldPullImage,
  type PullPolicy,
} from "./pull-policy.js";
export { imageImport, imageList, imagePull, imageRemove, registerImageCommands, type CliIO } from "./cli.js";
