// Cluster DNS: the server (createClusterDNS), its record logic, and the pod resolv.conf builder the kubelet uses.
export { createClusterDNS, ClusterDNS, type ClusterDNSContext, type ClusterDNSOptions } from "./server.js";
export { ClusterRecords, defaultTTL, type Lookup, type RecordOptions } from "./records.js";
export { informerView, type ClusterView } from "./view.js";
export {
  podResolvConf,
  parseResolvConf,
  formatResolvConf,
  readHostResolvConf,
  type ResolvConf,
} from "./resolvconf.js";
