// Cluster DNS: the server (createClusterDNS), its record logic, and the host resolv.conf reader.
export { createClusterDNS, ClusterDNS, type ClusterDNSContext, type ClusterDNSOptions } from "./server.js";
export { ClusterRecords, defaultTTL, type Lookup, type RecordOptions } from "./records.js";
export { informerView, type ClusterView } from "./view.js";
export { parseResolvConf, readHostResolvConf, type ResolvConf } from "./resolvconf.js";
