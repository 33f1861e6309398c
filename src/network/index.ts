// The pod network: CNI with Debian's containernetworking-plugins.
export {
  CniNetwork,
  defaultBinDirs,
  podIPs,
  type CniNetworkOptions,
  type CniResult,
  type NetworkResult,
  type PodNetworkStatus,
  type PodNetworkTarget,
  type PortMapping,
} from "./cni.js";
export { DeferredPodNetwork, ensureBridge, gatewayAddress, removeBridge } from "./node.js";
