// kube-proxy: the iptables proxier (root on Linux) and the userspace proxier (anywhere).
export {
  IptablesProxier,
  canUseIptables,
  type IptablesProxierOptions,
  type ProxyContext,
} from "./proxier.js";
export { UserspaceProxier, type UserspaceProxierOptions } from "./userspace/proxier.js";
export {
  buildRules,
  cleanupRules,
  jumpRules,
  ServicePortRuleCache,
  type ProxierOptions,
  type RuleSet,
} from "./iptables/rules.js";
export { buildServicePorts, usableEndpoints, type ServicePortInfo } from "./serviceports.js";
