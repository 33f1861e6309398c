// Node IPAM: a podCIDR per node from the cluster CIDR.
export { newNodeIPAMController, NodeIPAMController, type NodeIPAMOptions } from "./controller.js";
export { CidrSet } from "./cidrset.js";
