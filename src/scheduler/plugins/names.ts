// Plugin names as upstream's framework/plugins/names.
export const names = {
  PrioritySort: "PrioritySort",
  SchedulingGates: "SchedulingGates",
  NodeName: "NodeName",
  NodeUnschedulable: "NodeUnschedulable",
  TaintToleration: "TaintToleration",
  NodeAffinity: "NodeAffinity",
  NodePorts: "NodePorts",
  NodeResourcesFit: "NodeResourcesFit",
  NodeResourcesBalancedAllocation: "NodeResourcesBalancedAllocation",
  ImageLocality: "ImageLocality",
  InterPodAffinity: "InterPodAffinity",
  PodTopologySpread: "PodTopologySpread",
  DefaultBinder: "DefaultBinder",
  DefaultPreemption: "DefaultPreemption",
} as const;
